"""Loading report-review objects, checked, for both doors (pages and the API): load (404) →
check (403), one function per object and purpose. What a role may do lives in core/auth.py;
here those rules are combined for one object, so no view or template combines them."""
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.schemas import MAX_ID
from congress.core.auth import authorize
from congress.core.errors import Forbidden, NotFound
from congress.extensions import db
from congress.meetings.access import load_meeting, reached
from congress.people.models import Delegation
from congress.reports import groups
from congress.reports.models import DigestItem, Report, Resolution, ReviewComment

# where each object's meeting is: another organisation's object is not found (404)
_MEETING_OF = {
    Report: lambda report: report.meeting,
    ReviewComment: lambda comment: comment.report.meeting,
    DigestItem: lambda item: item.report.meeting,
    Resolution: lambda resolution: resolution.meeting,
}


def _get(model, ident):
    obj = db.session.get(model, ident)
    if obj is None:
        raise NotFound(_l("No such %(thing)s.", thing=model.label))
    return reached(obj, _MEETING_OF[model](obj), model)


def _get_delegation(did):
    delegation = db.session.get(Delegation, did)
    if delegation is None or not current_user.reaches(delegation.congress.organisation):
        raise NotFound(_l("No such delegation."))
    return delegation


# --- reports and their versions --------------------------------------------------------------

def load_report(rid):
    """A report the signed-in user may read. A report nobody has tabled yet is only the
    secretariat's (a draft to preview): to everyone else it does not exist."""
    report = _get(Report, rid)
    authorize(current_user.can_read_reports(report.meeting))
    if not report.is_tabled and not current_user.can_manage_reports(report.meeting):
        raise NotFound(_l("No such %(thing)s.", thing=Report.label))
    return report


def load_report_to_manage(rid):
    """A report to import versions into, table or discard (the secretariat)."""
    report = _get(Report, rid)
    authorize(current_user.can_manage_reports(report.meeting))
    return report


def load_report_to_comment(rid):
    """A tabled report the signed-in delegate may comment on."""
    report = load_report(rid)
    authorize(current_user.can_comment_on_reports(report.meeting))
    return report


def load_version(report, number=None):
    """A version of a readable report (None: the current one): the tabled ones for every
    reader; a draft only for the secretariat (403 to the others, on both doors: the report
    is theirs to read, its draft is not)."""
    if number is None:
        version = report.current_version
    else:
        version = next((v for v in report.versions if v.number == number), None)
    if version is None:
        raise NotFound(_l("No such version of this report."), code="no_such_version")
    if not version.is_tabled:
        authorize(current_user.can_manage_reports(report.meeting))
    return version


def may_comment_on(version):
    """Comments go on the version delegates read now (the newest tabled one)."""
    report = version.report
    return (current_user.can_comment_on_reports(report.meeting)
            and version is report.current_version)


def load_meeting_reports(mid):
    """A meeting whose tabled reports the signed-in user may read."""
    meeting = load_meeting(mid)
    authorize(current_user.can_read_reports(meeting))
    return meeting


def load_meeting_to_manage(mid):
    """A meeting whose reports, digest and resolutions the secretariat manages."""
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_reports(meeting))
    return meeting


def load_meeting_digest(mid):
    """A meeting whose printed digest the signed-in user reads: the secretariat, and the
    organiser (read-only)."""
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_reports(meeting) or current_user.reads_below)
    return meeting


# --- review comments -------------------------------------------------------------------------

def load_own_comment(cid):
    """A comment to change or delete: its author's only."""
    comment = _get(ReviewComment, cid)
    if not current_user.can_edit_comment(comment):
        raise Forbidden(_l("Only its author may change a comment."))
    return comment


# --- group sessions --------------------------------------------------------------------------

def load_meeting_groups(mid):
    """A meeting whose group sessions' progress the signed-in user watches."""
    meeting = load_meeting(mid)
    authorize(current_user.can_view_group_progress(meeting))
    return meeting


class Group(NamedTuple):
    """A delegation's group at one meeting: its session is None until first used."""
    meeting: object
    delegation: object
    session: object


def _load_group(mid, did):
    meeting = load_meeting(mid)
    delegation = _get_delegation(did)
    if delegation.congress_id != meeting.congress_id:
        raise NotFound(_l("No such delegation."))
    return Group(meeting, delegation, groups.session_for(meeting, delegation))


def may_view_group(group):
    """The staff watch every group; a recorder their own."""
    return current_user.can_view_group_progress(group.meeting) or (
        group.session is not None and current_user.can_view_group(group.session))


def may_run_session(group):
    """Start and end a group session: the secretariat, or the group's recorder."""
    return current_user.can_manage_reports(group.meeting) or (
        group.session is not None and current_user.can_run_group_session(group.session))


def may_reopen_session(group):
    return current_user.can_manage_reports(group.meeting)


def may_keep_record(session):
    """The group's recorder keeps its notes and attendance (no session: no recorder yet)."""
    return session is not None and current_user.can_keep_group_record(session)


def may_read_group_comments(group):
    """The group's comments: its recorder's to keep the record, and the secretariat's."""
    return current_user.can_view_all_comments(group.meeting) or may_keep_record(group.session)


def load_group(mid, did):
    """A group (meeting, delegation and session) to look at."""
    group = _load_group(mid, did)
    authorize(may_view_group(group))
    return group


def load_group_to_manage(mid, did):
    """A group whose recorder the secretariat marks."""
    group = _load_group(mid, did)
    authorize(current_user.can_manage_reports(group.meeting))
    return group


def load_group_to_change_status(mid, did, action):
    """A group session to start or end (the secretariat or the recorder), or to reopen
    (the secretariat only: reopening undoes an ending)."""
    group = _load_group(mid, did)
    authorize(may_reopen_session(group) if action == "reopen" else may_run_session(group))
    return group


def load_group_to_keep(mid, did):
    """The session whose notes and attendance its recorder keeps."""
    group = _load_group(mid, did)
    authorize(may_keep_record(group.session))
    return group


# --- the digest ------------------------------------------------------------------------------

def load_digest_item(iid):
    item = _get(DigestItem, iid)
    load_meeting_to_manage(item.report.meeting_id)
    return item


def digest_items_of(meeting, ids):
    """The digest entries with these ids, all of this meeting (another's is not found)."""
    if any(i > MAX_ID for i in ids):  # not an id any row can have
        raise NotFound(_l("No such %(thing)s.", thing=DigestItem.label))
    items = [db.session.get(DigestItem, i) for i in ids]
    if any(i is None or i.report.meeting_id != meeting.id for i in items):
        raise NotFound(_l("No such %(thing)s.", thing=DigestItem.label))
    return items


# --- resolutions -----------------------------------------------------------------------------

def may_view_resolutions(meeting):
    return current_user.can_view_group_progress(meeting) or (
        current_user.can_manage_reports(meeting))


def may_put_to_vote(meeting):
    """A resolution's motion ballot is prepared by whoever manages both reports and
    ballots."""
    return current_user.can_manage_reports(meeting) and current_user.can_manage_ballots(meeting)


def may_run_vote(meeting):
    return current_user.can_run_ballots(meeting)


def load_meeting_resolutions(mid):
    meeting = load_meeting(mid)
    authorize(may_view_resolutions(meeting))
    return meeting


def load_resolution(rsid):
    resolution = _get(Resolution, rsid)
    authorize(may_view_resolutions(load_meeting(resolution.meeting_id)))
    return resolution


def load_resolution_to_edit(rsid):
    resolution = load_resolution(rsid)
    authorize(current_user.can_manage_reports(resolution.meeting))
    return resolution


def load_resolution_to_vote(rsid, action):
    """A resolution to put to the vote, or whose vote to open or close."""
    resolution = load_resolution(rsid)
    meeting = resolution.meeting
    authorize(may_put_to_vote(meeting) if action == "vote" else may_run_vote(meeting))
    return resolution
