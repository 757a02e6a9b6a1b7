"""Resolutions on the reports: drafted by the secretariat, put to a motion ballot
(赞成/反对/弃权) through the ballots service, which also opens, closes and counts it."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from congress.ballots import services as ballots
from congress.ballots.models import BallotKind
from congress.core.audit import record
from congress.core.errors import Conflict, Invalid
from congress.core.time import utcnow
from congress.extensions import db
from congress.reports.models import Report, Resolution, resolution_reports

MAX_TEXT_CHARS = 20_000


def _validate(meeting, title, text, reports):
    title, text = (title or "").strip(), (text or "").replace("\r\n", "\n").strip()
    if not title:
        raise Invalid(_l("title: must not be empty"), field="title")
    if len(title) > 200:
        raise Invalid(_l("title: at most 200 characters"), field="title")
    if not text:
        raise Invalid(_l("text: must not be empty"), field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise Invalid(_l("text: at most %(n)s characters", n=MAX_TEXT_CHARS), field="text")
    if not reports:
        raise Invalid(_l("reports: choose the reports the resolution is on"), field="reports")
    if any(r.meeting_id != meeting.id or not r.is_tabled for r in reports):
        raise Invalid(_l("reports: only tabled reports of this meeting"), field="reports")
    return title, text


def _snapshot(resolution):
    return {"title": resolution.title, "text": resolution.text,
            "reports": [r.id for r in resolution.reports]}


def draft_resolution(actor, meeting, *, title, text, reports):
    title, text = _validate(meeting, title, text, reports)
    resolution = Resolution(meeting=meeting, title=title, text=text, reports=list(reports))
    db.session.add(resolution)
    db.session.flush()
    record(actor, "resolution.create", resolution, meeting=meeting, after=_snapshot(resolution))
    return resolution


def update_resolution(actor, resolution, *, title, text, reports):
    resolution.ensure_editable()
    before = _snapshot(resolution)
    resolution.title, resolution.text = _validate(resolution.meeting, title, text, reports)
    resolution.reports = list(reports)
    resolution.updated_at = utcnow()
    db.session.flush()
    record(actor, "resolution.update", resolution, before=before, after=_snapshot(resolution))
    return resolution


def put_to_vote(actor, resolution):
    """Create the motion ballot (draft) through the ballots service; the text is final from
    now on. A ballot deleted before it opened frees the resolution again."""
    resolution.ensure_editable()
    ballot = ballots.create_ballot(actor, resolution.meeting, title=resolution.title,
                                   kind=BallotKind.motion.value, subjects=[resolution.title])
    resolution.ballot = ballot
    db.session.flush()
    record(actor, "resolution.put_to_vote", resolution, after={"ballot_id": ballot.id})
    return ballot


def _ballot(resolution):
    if resolution.ballot is None:
        raise Conflict(_l("The resolution has not been put to the vote yet."),
                       code="no_ballot")
    return resolution.ballot


def open_vote(actor, resolution):
    ballots.open_ballot(actor, _ballot(resolution))


def close_vote(actor, resolution):
    ballots.close_ballot(actor, _ballot(resolution))


def outcome(resolution):
    """None before a ballot exists; else the ballot's status and, once closed, the counts by
    answer (赞成/反对/弃权), the unmarked, and whether it passed."""
    ballot = resolution.ballot
    if ballot is None:
        return None
    result = {"ballot": ballot, "status": ballot.status, "counts": None, "passed": None}
    frozen = ballots.results(ballot)
    if frozen is not None and frozen["subjects"]:
        row = frozen["subjects"][0]
        result["counts"] = [(o.label, row.counts.get(str(o.id), 0)) for o in ballot.options]
        result["unmarked"] = row.abstain
        result["passed"] = row.passed
        result["present"] = ballot.present_at_close
    return result


def resolutions_of(meeting):
    return db.session.scalars(select(Resolution).where(Resolution.meeting_id == meeting.id)
                              .order_by(Resolution.id)).all()


def resolutions_on(report):
    return db.session.scalars(
        select(Resolution).join(resolution_reports,
                                resolution_reports.c.resolution_id == Resolution.id)
        .where(resolution_reports.c.report_id == report.id).order_by(Resolution.id)).all()


def tabled_reports_by_id(meeting, ids):
    """Reports of the meeting for the chosen ids (unknown ids are a 422)."""
    ids = {int(i) for i in ids}
    reports = db.session.scalars(select(Report).where(Report.id.in_(ids))).all() if ids else []
    if len(reports) != len(ids):
        raise Invalid(_l("reports: no such report"), field="reports")
    return sorted(reports, key=lambda r: (r.position, r.id))
