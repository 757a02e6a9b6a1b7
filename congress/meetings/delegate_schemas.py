"""The API bodies and answers of the delegates of the term (typed: congress/api/schemas.py)."""
from typing import Literal

from congress.api.schemas import Day, Flag, Model, Omittable, Out, Text
from congress.meetings.schemas import Gender
from congress.people.models import Delegate, DelegateGroup, Delegation

DelegateStatus = Literal["active", "terminated"]
DelegateHistoryAction = Literal["created", "edited", "terminated", "checked_in", "on_leave"]


class NewTermDelegate(Model):
    name: Text(column=Delegate.name)
    delegation: Text(column=Delegation.name)
    group: Text(column=DelegateGroup.name) | None = None
    seat: Text(column=Delegate.seat, blank=True) | None = None
    grassroots: Flag = False
    gender: Gender | None = None
    work_unit: Text(column=Delegate.work_unit, blank=True) | None = None
    job_title: Text(column=Delegate.job_title, blank=True) | None = None
    active_from: Day | None = None


class DelegateChanges(Model):
    """Only the fields sent change; `group: null` takes the delegate out of their group."""

    name: Text(column=Delegate.name) | None = None
    delegation: Text(column=Delegation.name) | None = None
    group: Text(column=DelegateGroup.name) | None = None
    seat: Text(column=Delegate.seat, blank=True) | None = None
    grassroots: Flag | None = None
    gender: Gender | None = None
    work_unit: Text(column=Delegate.work_unit, blank=True) | None = None
    job_title: Text(column=Delegate.job_title, blank=True) | None = None


class Termination(Model):
    on: Day
    reason: Text(column=Delegate.termination_reason)


class CreatedTermDelegate(Out):
    id: int
    name: str
    delegation: str
    username: str
    pin: str
    status: DelegateStatus


class TermDelegateOut(Out):
    id: int
    congress_id: int
    name: str
    delegation: str
    delegation_id: int
    group: str | None
    username: str
    gender: Gender | None
    work_unit: str | None
    job_title: str | None
    seat: str | None
    grassroots: bool
    active_from: str
    terminated_on: str | None
    termination_reason: str | None
    status: DelegateStatus


class TermDelegateList(Out):
    delegates: list[TermDelegateOut]


class DelegateFieldChange(Out):
    before: str | int | bool | None
    after: str | int | bool | None


class DelegateHistoryEntry(Out):
    at: str
    action: DelegateHistoryAction
    by: Omittable(str | None) = None
    changes: Omittable(dict[str, DelegateFieldChange]) = None
    meeting_id: Omittable(int) = None
    meeting: Omittable(str) = None


class TermMeeting(Out):
    id: int
    title: str
    starts_on: str
    attendance: Literal["present", "on_leave"] | None


class TermDelegateDetail(TermDelegateOut):
    meetings: list[TermMeeting]
    history: list[DelegateHistoryEntry]
