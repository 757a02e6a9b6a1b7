"""A proposal's evidence (案例依据): the residents' concerns (and, later, activities) it cites.

The rows live in the areas that know concerns (congress/followup, which imports this area);
the app hands their reader in at start-up (`add_evidence_source`), so proposals imports none
of them: the proposal page, the committee's review on it and the compendium all ask
`evidence_for` and get plain items."""
from dataclasses import dataclass
from datetime import date

from flask import current_app


@dataclass(frozen=True)
class EvidenceItem:
    kind: str          # "concern", "activity"
    kind_title: str    # 民情诉求 ...
    number: int        # the cited object's id
    text: str          # what it is about (an excerpt; never personal data)
    where: str | None  # the studio, or the organisation
    on: date | None
    status: str | None


@dataclass(frozen=True)
class EvidenceSource:
    items: object       # fn([proposal id]) -> {proposal id: [EvidenceItem]}
    manage_url: object  # fn(proposal, user) -> the page where the user cites, or None


def add_evidence_source(app, source):
    app.extensions.setdefault("proposal_evidence", []).append(source)


def _sources():
    return current_app.extensions.get("proposal_evidence", [])


def evidence_for(proposals):
    """{proposal id: [EvidenceItem]} for the given proposals (one statement per source)."""
    ids = [p.id for p in proposals]
    found = {}
    for source in _sources():
        for proposal_id, items in source.items(ids).items():
            found.setdefault(proposal_id, []).extend(items)
    return found


def manage_url(proposal, user):
    """Where `user` may cite evidence for the proposal (its lead sponsor, while a draft)."""
    for source in _sources():
        url = source.manage_url(proposal, user)
        if url:
            return url
    return None
