"""The meetings area's API bodies and answers (typed: congress/api/schemas.py)."""
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema

from congress.api.schemas import Day, Flag, Id, Integer, Model, Moment, Number, Out, Text, Timestamp
from congress.meetings.models import Meeting
from congress.people.models import Delegate, Delegation

Gender = Literal["male", "female"]
AttendanceState = Literal["present", "on_leave"]
AgendaKindName = Literal["plenary_report", "group_review", "debrief", "ballot", "other"]
# more than none and fewer than all must be present (the column's check); the document is
# given by hand because Pydantic writes gt/lt on a number with a validator as unknown keys
QuorumRatio = Annotated[Number(), Field(gt=0, lt=1), WithJsonSchema(
    {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1})]


class NewMeeting(Model):
    title: Text(column=Meeting.title)
    year: Integer(ge=2000, le=2100)
    quorum_ratio: QuorumRatio = 0.5
    min_signers: Integer(ge=1) = 10
    proposal_deadline: Moment | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None
    venue: Text(column=Meeting.venue, blank=True) | None = None
    congress_id: Id | None = None


class AgendaItemOut(Out):
    id: int
    position: int
    kind: AgendaKindName
    title: str
    starts_at: Timestamp | None


class MeetingOut(Out):
    id: int
    congress_id: int
    organisation_id: int
    title: str
    year: int
    starts_on: Day | None
    ends_on: Day | None
    venue: str | None
    quorum_ratio: float
    min_signers: int
    proposal_deadline: Timestamp | None
    agenda: list[AgendaItemOut]


class MeetingList(Out):
    meetings: list[MeetingOut]


class NewDelegate(Model):
    name: Text(column=Delegate.name)
    delegation: Text(column=Delegation.name)
    seat: Text(column=Delegate.seat, blank=True) | None = None
    grassroots: Flag = False
    gender: Gender | None = None
    work_unit: Text(column=Delegate.work_unit, blank=True) | None = None
    job_title: Text(column=Delegate.job_title, blank=True) | None = None


class DelegateOut(Out):
    id: int
    name: str
    delegation: str
    delegation_id: int
    username: str
    gender: Gender | None
    work_unit: str | None
    job_title: str | None
    seat: str | None
    grassroots: bool


class CreatedDelegate(DelegateOut):
    pin: str


class DelegateList(Out):
    delegates: list[DelegateOut]


class NewCheckIn(Model):
    """`{}` for a delegate checking in self; `{"delegate_id"}` for the secretariat."""

    delegate_id: Id | None = None


class CheckInOut(Out):
    id: int
    delegate_id: int
    status: AttendanceState
    method: str
    at: Timestamp


class AttendanceOut(Out):
    due: int
    present: int
    on_leave: int
    quorum_needed: int
    quorum_met: bool

