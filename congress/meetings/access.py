"""Loading a meeting and what belongs to it, checked, for both doors (pages and the API):
load (404) → check (403), the first step of every request that acts on a meeting."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from congress.core.auth import authorize
from congress.core.errors import Invalid, not_found
from congress.extensions import db
from congress.meetings.models import AgendaItem, Meeting
from congress.organisations.models import Organisation
from congress.people.models import Delegate


def _may_open_overview(user, meeting):
    """The overview (figures, agenda, the way to every desk) is for those who run the
    meeting; a delegate has the tablet instead."""
    return user.is_staff or user.can_edit_meeting(meeting) or user.reads_below


# what the caller means to do with the meeting → who may (beyond viewing it)
PURPOSES = {
    "view": lambda user, meeting: True,
    "overview": _may_open_overview,
    "edit": lambda user, meeting: user.can_edit_meeting(meeting),
    "roster": lambda user, meeting: user.can_manage_roster(meeting),
    "delegates": lambda user, meeting: user.can_list_delegates(meeting),
    "attendance": lambda user, meeting: user.can_view_attendance(meeting),
    "absentees": lambda user, meeting: user.can_view_absentees(meeting),
    "desk": lambda user, meeting: user.can_check_in_others(meeting),
    "tablet": lambda user, meeting: user.can_check_in_self(meeting),
}


def reached(obj, meeting, model):
    """`obj`, if the signed-in user reaches `meeting` (its organisation); else the same 404
    as for a missing id of `model` (None: missing): the load step of every loader that
    fetches a meeting's object by its own id, before any role check (403)."""
    if obj is None or meeting is None or not current_user.reaches_meeting(meeting):
        raise not_found(model)
    return obj


def load_meeting(mid, for_="view"):
    """The meeting, if the signed-in user may view it and use it `for_` one of PURPOSES."""
    meeting = db.session.get(Meeting, mid)
    if meeting is None or not current_user.reaches_meeting(meeting):
        raise not_found(Meeting)  # another organisation's meeting does not exist for the user
    authorize(current_user.can_view_meeting(meeting))
    authorize(PURPOSES[for_](current_user, meeting))
    return meeting


def may_list_meetings(user):
    """The meetings page is the staff's way between meetings; the secretariat creates them
    there; an organiser's home (the meetings of every organisation below its own)."""
    return user.is_staff or user.can_create_meeting() or user.reads_below


def visible_meetings():
    """The meetings the signed-in user may view, newest first (one rule for both doors)."""
    scope = (Organisation.path.startswith(current_user.organisation.path)
             if current_user.reads_below  # an organiser reaches every organisation below
             else Organisation.id == current_user.organisation_id)
    meetings = db.session.scalars(
        select(Meeting).join(Organisation, Meeting.organisation_id == Organisation.id)
        .options(contains_eager(Meeting.organisation))  # one query, however many organisations
        .where(scope).order_by(Meeting.year.desc(), Meeting.id.desc()))
    return [meeting for meeting in meetings if current_user.can_view_meeting(meeting)]


def load_delegate(meeting, did):
    """A delegate of `meeting` (another meeting's delegate is not found here)."""
    delegate = db.session.get(Delegate, did)
    if delegate is None or not delegate.on_roster_of(meeting):
        raise not_found(Delegate)
    return delegate


def load_agenda_item(meeting, iid):
    """An agenda item of `meeting` (another meeting's item is not found here)."""
    item = db.session.get(AgendaItem, iid)
    if item is None or item.meeting_id != meeting.id:
        raise not_found(AgendaItem)
    return item


def check_in_target(meeting, delegate_id=None):
    """Whom a check-in is for and how it is recorded: the caller themself (a delegate, no
    id), or a delegate of the meeting by id (the secretariat); one check for both doors."""
    if delegate_id is None:
        authorize(current_user.can_check_in_self(meeting))
        return current_user.delegate, "self"
    authorize(current_user.can_check_in_others(meeting))
    delegate = db.session.get(Delegate, delegate_id)
    if delegate is None or not delegate.on_roster_of(meeting):
        # a body field naming someone unknown: the request is wrong, not the path (API.md)
        raise Invalid(_l("delegate_id: no such delegate in this meeting"), field="delegate_id")
    return delegate, "api"
