"""The term work's API bodies and answers (typed: congress/api/schemas.py). The answers are
exactly what api.py's serializers produce."""
from typing import Annotated, Literal

from pydantic import Field

from congress.activities.models import Activity
from congress.api.schemas import Count, Day, Id, Model, Out, Text
from congress.people.models import DelegateGroup

Kind = Literal["plenary_attendance", "evaluation", "inspection", "research", "contact", "other"]
MAX_MEMBERS = 5000


class NewGroup(Model):
    name: Text(column=DelegateGroup.name)
    convener_id: Id | None = None
    member_ids: list[Id] = Field(max_length=MAX_MEMBERS)


class GroupOut(Out):
    id: int
    congress_id: int
    name: str
    convener_id: int | None
    member_ids: list[int]


class NewActivity(Model):
    kind: Kind
    title: Text(column=Activity.title)
    on: Day
    delegate_ids: list[Id] = Field(min_length=1, max_length=MAX_MEMBERS)
    place: Text(column=Activity.place, blank=True) | None = None
    note: Text(blank=True) | None = None


class ActivityOut(Out):
    id: int
    organisation_id: int
    kind: Kind
    title: str
    on: Day
    place: str | None
    note: str | None
    delegate_ids: list[int]


class YearQuery(Model):
    # a query string's number arrives as text: not strict
    year: Annotated[int, Field(ge=1900, le=2200)] | None = None


class PeriodQuery(Model):
    from_: Day | None = Field(None, alias="from")
    to: Day | None = None


class DelegateRef(Out):
    id: int
    name: str
    delegation: str
    organisation: str


class LedgerCounts(Out):
    duties: Count
    concerns: Count
    referrals: Count
    activities: dict[Kind, Count]
    contacts: Count
    contacts_kept: Count
    proposals: Count
    meetings_attended: Count


class LedgerRequirements(Out):
    duties: Count
    contacts: Count
    contacts_each_quarter: bool
    activities: Count


class LedgerOut(Out):
    delegate: DelegateRef
    year: int
    counts: LedgerCounts
    requirements: LedgerRequirements
    met: bool


class ConcernFigures(Out):
    received: Count
    answered: Count
    referred: Count
    replied: Count
    closed: Count
    overdue: Count
    satisfaction_rate: float | None


class Figures(Out):
    delegates: Count
    attended_plenaries: Count
    took_part_in_evaluations: Count
    active_at_studios: Count
    took_part_in_inspections: Count
    concerns: ConcernFigures


class OrganisationFigures(Figures):
    id: int
    name: str


class TermStatistics(Figures):
    organisations: list[OrganisationFigures]
