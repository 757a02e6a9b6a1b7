"""The meetings area's API: meetings, delegates of a meeting, check-ins and attendance."""
from flask_login import current_user

from congress.api.base import bp, created, reads_first
from congress.api.spec import body, operation
from congress.core.auth import authorize
from congress.core.time import isoformat
from congress.extensions import db
from congress.meetings import services
from congress.meetings.access import check_in_target, load_meeting, visible_meetings
from congress.meetings.schemas import (
    AttendanceOut,
    CheckInOut,
    CreatedDelegate,
    DelegateList,
    MeetingList,
    MeetingOut,
    NewCheckIn,
    NewDelegate,
    NewMeeting,
)
from congress.organisations.access import congress_target
from congress.people import delegates, services as people


def meeting_json(meeting):
    return {
        "id": meeting.id, "congress_id": meeting.congress_id,
        "organisation_id": meeting.organisation_id, "title": meeting.title, "year": meeting.year,
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
@operation("Create a meeting (secretariat)", tag="meetings", body=NewMeeting, ok=MeetingOut,
           status=201)
def create_meeting():
    authorize(current_user.can_create_meeting())
    data = body()
    congress = congress_target(data.congress_id) if data.congress_id is not None else None
    meeting = services.create_meeting(current_user, congress=congress,
                                      **data.model_dump(exclude={"congress_id"}))
    db.session.commit()
    return created(meeting_json(meeting))


@bp.get("/meetings")
@operation("Meetings the user may see", tag="meetings", ok=MeetingList)
def list_meetings():
    return {"meetings": [meeting_json(m) for m in visible_meetings()]}


@bp.get("/meetings/<int:mid>")
@operation("One meeting with its agenda", tag="meetings", ok=MeetingOut)
def get_meeting(mid):
    return meeting_json(load_meeting(mid))


@bp.post("/meetings/<int:mid>/delegates")
@operation("Add a delegate (secretariat); the PIN of the card is shown this once",
           tag="meetings", body=NewDelegate, ok=CreatedDelegate, status=201)
@reads_first
def create_delegate(mid):
    meeting = load_meeting(mid, for_="roster")
    data = body()
    credentials = people.pin_credentials()  # hashed before the write lock
    delegation = delegates.get_or_create_delegation(current_user, meeting.congress,
                                                 data.delegation)
    delegate, pin = delegates.create_delegate(
        current_user, meeting.congress, username_year=meeting.year, name=data.name,
        delegation=delegation, seat=data.seat,
        is_grassroots=data.grassroots, gender=data.gender, work_unit=data.work_unit,
        job_title=data.job_title, credentials=credentials)
    db.session.commit()
    return created(delegate_json(delegate) | {"pin": pin})


@bp.get("/meetings/<int:mid>/delegates")
@operation("List delegates (chair, secretariat)", tag="meetings", ok=DelegateList)
def list_delegates(mid):
    meeting = load_meeting(mid, for_="delegates")
    return {"delegates": [delegate_json(d) for d in services.delegates_in_order(meeting)]}


@bp.post("/meetings/<int:mid>/checkins")
@operation("Check a delegate in ({\"delegate_id\"}, secretariat) or oneself ({}, delegate)",
           tag="meetings", body=NewCheckIn, ok=CheckInOut, status=201,
           also_ok={200: "Already checked in: the same record"})
def create_checkin(mid):
    meeting = load_meeting(mid)
    delegate, method = check_in_target(meeting, body().delegate_id)
    row, is_new = services.check_in(current_user, meeting, delegate, method)
    db.session.commit()
    payload = attendance_json(row)
    return (created(payload) if is_new else payload)


@bp.get("/meetings/<int:mid>/attendance")
@operation("Due, present, on leave and the quorum", tag="meetings", ok=AttendanceOut)
def get_attendance(mid):
    meeting = load_meeting(mid, for_="attendance")
    return services.attendance_summary(meeting).as_dict()
