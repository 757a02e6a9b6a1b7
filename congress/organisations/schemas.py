"""The organisations area's API bodies and answers (typed: congress/api/schemas.py)."""
from typing import Literal

from congress.api.schemas import Day, Id, Integer, Model, Out, Text
from congress.organisations.models import Congress, Organisation

Level = Literal["city", "county", "township", "other"]


class NewOrganisation(Model):
    name: Text(column=Organisation.name)
    parent_id: Id
    level: Level | None = None


class OrganisationRef(Out):
    id: int
    name: str
    level: Level


class OrganisationOut(Out):
    id: int
    name: str
    parent_id: int | None
    level: Level


class OrganisationDetail(OrganisationOut):
    children: list[OrganisationRef]


class OrganisationList(Out):
    organisations: list[OrganisationOut]


class NewCongress(Model):
    title: Text(column=Congress.title)
    ordinal: Integer(ge=1, le=1000) | None = None
    elected_on: Day
    term_years: Integer(ge=1, le=10) = 5


class CongressOut(Out):
    id: int
    organisation_id: int
    title: str
    ordinal: int | None
    elected_on: Day
    term_years: int
    term_ends_on: Day
    meeting_ids: list[int]


class CongressList(Out):
    congresses: list[CongressOut]
