"""Meetings, delegates, check-in and attendance."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from congress.api.base import allow, bp, created, field, json_body, load, reads_first
from congress.core.errors import Invalid
from congress.core.time import isoformat
from congress.extensions import db
from congress.meetings import services
from congress.meetings.models import Meeting
from congress.people import services as people
from congress.people.models import Delegate, Delegation


def meeting_json(meeting):
    return {
        "id": meeting.id, "title": meeting.title, "year": meeting.year,
        "starts_on": isoformat(meeting.starts_on), "ends_on": isoformat(meeting.ends_on),
        "venue": meeting.venue, "quorum_ratio": float(meeting.quorum_ratio),
        "min_signers": meeting.min_signers,
        "proposal_deadline": isoformat(meeting.proposal_deadline),
        "agenda": [{"id": i.id, "position": i.position, "kind": i.kind.value, "title": i.title,
                    "starts_at": isoformat(i.starts_at)} for i in meeting.agenda_items],
    }


def delegate_json(delegate):
    return {
        "id": delegate.id, "name": delegate.name, "delegation": delegate.delegation.name,
        "delegation_id": delegate.delegation_id, "username": delegate.user.username,
        "gender": delegate.gender, "work_unit": delegate.work_unit,
        "job_title": delegate.job_title, "seat": delegate.seat,
        "grassroots": delegate.is_grassroots,
    }


def attendance_json(row):
    return {"id": row.id, "delegate_id": row.delegate_id, "status": row.status.value,
            "method": row.method, "at": isoformat(row.at)}


@bp.post("/meetings")
def create_meeting():
    allow(current_user.can_create_meeting())
    data = json_body()
    ratio = field(data, "quorum_ratio", float, required=False, default=0.5)
    meeting = services.create_meeting(
        current_user, title=field(data, "title", str), year=field(data, "year", int),
        quorum_ratio=ratio, min_signers=field(data, "min_signers", int, required=False, default=10),
        proposal_deadline=field(data, "proposal_deadline", datetime, required=False),
        starts_on=field(data, "starts_on", date, required=False),
        ends_on=field(data, "ends_on", date, required=False),
        venue=field(data, "venue", str, required=False))
    db.session.commit()
    return created(meeting_json(meeting))


@bp.get("/meetings")
def list_meetings():
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.year.desc(), Meeting.id.desc()))
    return {"meetings": [meeting_json(m) for m in meetings if current_user.can_view_meeting(m)]}


@bp.get("/meetings/<int:mid>")
def get_meeting(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_view_meeting(meeting))
    return meeting_json(meeting)


@bp.post("/meetings/<int:mid>/delegates")
@reads_first
def create_delegate(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_manage_roster(meeting))
    data = json_body()
    credentials = people.pin_credentials()  # hashed before the write lock
    delegation = people.get_or_create_delegation(current_user, meeting,
                                                 field(data, "delegation", str))
    gender = field(data, "gender", str, required=False)
    delegate, pin = people.create_delegate(
        current_user, meeting, name=field(data, "name", str), delegation=delegation,
        seat=field(data, "seat", str, required=False),
        is_grassroots=field(data, "grassroots", bool, required=False, default=False),
        gender=gender, work_unit=field(data, "work_unit", str, required=False),
        job_title=field(data, "job_title", str, required=False), credentials=credentials)
    db.session.commit()
    return created(delegate_json(delegate) | {"pin": pin})


@bp.get("/meetings/<int:mid>/delegates")
def list_delegates(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_list_delegates(meeting))
    rows = db.session.scalars(
        select(Delegate).join(Delegation).where(Delegate.meeting_id == meeting.id)
        .order_by(Delegation.position, Delegate.id)
        .options(db.joinedload(Delegate.user), db.joinedload(Delegate.delegation)))
    return {"delegates": [delegate_json(d) for d in rows]}


@bp.post("/meetings/<int:mid>/checkins")
def create_checkin(mid):
    meeting = load(Meeting, mid)
    data = json_body()
    delegate_id = field(data, "delegate_id", int, required=False)
    if delegate_id is None:
        allow(current_user.can_check_in_self(meeting))
        delegate, method = current_user.delegate, "self"
    else:
        allow(current_user.can_check_in_others(meeting))
        delegate, method = db.session.get(Delegate, delegate_id), "api"
        if delegate is None or delegate.meeting_id != meeting.id:
            raise Invalid(_l("delegate_id: no such delegate in this meeting"), field="delegate_id")
    row, is_new = services.check_in(current_user, delegate, method)
    db.session.commit()
    payload = attendance_json(row)
    return (created(payload) if is_new else payload)


@bp.get("/meetings/<int:mid>/attendance")
def get_attendance(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_view_attendance(meeting))
    return services.attendance_summary(meeting).as_dict()
