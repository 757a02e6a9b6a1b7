"""The concerns and activities a proposal cites, handed to the proposals area as its evidence source
(proposals/evidence.py; wired by the app at start-up)."""
from flask import url_for
from flask_babel import gettext as _

from congress.core.time import to_local
from congress.followup.queries import activities_of, evidence_of
from congress.proposals.evidence import EvidenceItem, EvidenceSource

EXCERPT = 200


def excerpt(text, length=EXCERPT):
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length] + "…"


def concern_item(concern):
    """A concern as evidence: its text, studio, day and step; never the resident's name or
    contact."""
    return EvidenceItem(kind="concern", kind_title=_("Cited concern"), number=concern.id,
                        text=excerpt(concern.text),
                        where=concern.studio.name if concern.studio else None,
                        on=to_local(concern.received_at).date(),
                        status=str(concern.status.title))


def activity_item(activity):
    """An activity as evidence: its kind, title, place and day (no participant's data)."""
    return EvidenceItem(kind="activity", kind_title=str(activity.kind.title),
                        number=activity.id, text=excerpt(activity.title),
                        where=activity.place or activity.organisation.name,
                        on=activity.held_on, status=None)


def _items(proposal_ids):
    found = {pid: [concern_item(c) for c in concerns]
             for pid, concerns in evidence_of(proposal_ids).items()}
    for pid, activities in activities_of(proposal_ids).items():
        found.setdefault(pid, []).extend(activity_item(a) for a in activities)
    return found


def _manage_url(proposal, user):
    if proposal.is_draft and proposal.can_edit(user):
        return url_for("followup.proposal_evidence", pid=proposal.id)
    return None


SOURCE = EvidenceSource(items=_items, manage_url=_manage_url)
