"""The printed records' API bodies and answers (typed: congress/api/schemas.py)."""
from pydantic import Field

from congress.api.schemas import Id, Model, Text
from congress.people.models import Delegation

MAX_CARD_CHOICE = 10_000  # delegates in one cards job: more than any meeting has


class MinutesQuery(Model):
    # a string, so that a version that is not a number keeps its own 400 (bad_version)
    version: Text(64, blank=True) | None = Field(None, description=(
        "A finalised version's number (default: the newest, or the draft before the first)"))


class CardChoice(Model):
    """Neither field: every delegate of the meeting."""

    delegation: Text(column=Delegation.name, blank=True) | None = Field(
        None, description="Only this delegation (its name)")
    delegate_ids: list[Id] = Field(default_factory=list, max_length=MAX_CARD_CHOICE,
                                   description="Only these delegates")


