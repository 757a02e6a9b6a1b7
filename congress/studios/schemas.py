"""The studios area's API bodies and answers (typed: congress/api/schemas.py). The answers are
exactly what api.py's serializers produce."""
from typing import Annotated, Literal

from pydantic import Field

from congress.api.schemas import MAX_ID, Day, Id, Model, Moment, Omittable, Out, Text, Timestamp
from congress.core.paging import MAX_PER_PAGE, PER_PAGE
from congress.studios.models import (
    CATEGORY_LENGTH,
    CONTACT_LENGTH,
    NAME_LENGTH,
    TEXT_LENGTH,
    Studio,
)

ChannelCode = Literal["reception", "phone", "visit", "online"]
StatusCode = Literal["received", "answered", "referred", "replied", "closed"]
RatingCode = Literal["satisfied", "basically_satisfied", "unsatisfied"]
ConcernText = Text(TEXT_LENGTH)


# --- requests -------------------------------------------------------------------------------

class NewStudio(Model):
    name: Text(column=Studio.name)
    address: Text(column=Studio.address, blank=True) | None = None
    reception_hours: Text(column=Studio.reception_hours, blank=True) | None = None


class NewDuty(Model):
    delegate_id: Id
    starts_at: Moment
    ends_at: Moment


class NewPublicConcern(Model):
    studio_id: Id
    text: ConcernText
    resident_name: Text(NAME_LENGTH, blank=True) | None = None
    contact: Text(CONTACT_LENGTH, blank=True) | None = None
    category: Text(CATEGORY_LENGTH, blank=True) | None = None


class NewConcern(Model):
    channel: ChannelCode
    text: ConcernText
    resident_name: Text(NAME_LENGTH, blank=True) | None = None
    contact: Text(CONTACT_LENGTH, blank=True) | None = None
    category: Text(CATEGORY_LENGTH, blank=True) | None = None


class ConcernAnswer(Model):
    text: ConcernText


class ConcernReferral(Model):
    unit_id: Id
    note: Text(TEXT_LENGTH, blank=True) | None = None


class ConcernFeedback(Model):
    rating: RatingCode


class RegisterChoice(Model):
    personal: bool = Field(False, description=(
        "With the residents' names and contacts: only for the organisation's own "
        "secretariat (anyone else gets the register without them)"))


class ConcernFilter(Model):
    status: StatusCode | None = None
    # a query string's number arrives as text: not strict
    page: Annotated[int, Field(ge=1, le=MAX_ID)] = 1
    per_page: Annotated[int, Field(ge=1, le=MAX_PER_PAGE)] = PER_PAGE


# --- answers --------------------------------------------------------------------------------

class StudioOut(Out):
    id: int
    organisation_id: int
    name: str
    address: str | None
    reception_hours: str | None


class DutyOut(Out):
    id: int
    studio_id: int
    delegate_id: int
    starts_at: Timestamp
    ends_at: Timestamp
    checked_in_at: Timestamp | None


class TrackingCode(Out):
    tracking_code: str


class PublicReply(Out):
    text: str
    at: Timestamp


class PublicConcern(Out):
    status: StatusCode
    replies: list[PublicReply]


class ReplyOut(Out):
    kind: Literal["answered", "replied"]
    text: str
    at: Timestamp
    unit_id: int | None


class ConcernOut(Out):
    id: int
    organisation_id: int
    studio_id: int
    channel: ChannelCode
    category: str | None
    text: str
    resident_name: str | None
    contact: str | None
    taken_by_id: int | None
    status: StatusCode
    tracking_code: Omittable(str) = None
    received_at: Timestamp
    refer_by: Day
    referred_at: Timestamp | None
    unit_id: int | None
    due_on: Day | None
    rating: RatingCode | None
    closed_at: Timestamp | None
    overdue: bool
    replies: list[ReplyOut]


class ConcernList(Out):
    concerns: list[ConcernOut]
    page: int
    pages: int
    total: int
