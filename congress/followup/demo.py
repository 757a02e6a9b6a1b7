"""The demo's follow-up: the reminders a year of studio work has made due, a few follow-ups
(督办) by each organisation's secretariat, and concerns cited in the city's draft proposals
(the ones most like each draft). Called after the studios' demo (seed_term_work); flushes,
never commits."""
from sqlalchemy import select

from congress.core.auth import Role
from congress.core.time import local_today
from congress.extensions import db
from congress.followup import queries, services
from congress.followup.reminders import make_due_reminders
from congress.people.models import User
from congress.proposals.models import Proposal, ProposalStatus
from congress.proposals.similarity import cosine, proposal_vector
from congress.studios.models import Concern

FOLLOW_UPS_PER_ORGANISATION = 3
CITED_PER_DRAFT = 2


def seed_follow_up(organisations, meeting=None):
    """Returns a summary: reminders made, follow-ups, citations."""
    today = local_today()
    followed = 0
    for organisation in organisations:
        secretary = db.session.scalar(select(User).where(
            User.organisation_id == organisation.id, User.role == Role.secretariat)
            .order_by(User.id).limit(1))
        if secretary is None:
            continue
        rows = queries.overdue_concerns(organisation, today, limit=FOLLOW_UPS_PER_ORGANISATION)
        for concern, _count, _last in rows:
            services.follow_up(secretary, concern, "请抓紧办理，按期答复。")
            followed += 1
    cited = _cite_in_drafts(meeting) if meeting is not None else 0
    made = make_due_reminders(today)
    return f"{made} reminders, {followed} follow-ups, {cited} concerns cited in drafts"


def _cite_in_drafts(meeting):
    concerns = db.session.scalars(select(Concern).where(
        Concern.organisation_id == meeting.organisation_id)
        .order_by(Concern.received_at.desc()).limit(500)).all()
    drafts = db.session.scalars(select(Proposal).where(
        Proposal.meeting_id == meeting.id, Proposal.status == ProposalStatus.draft)).all()
    cited = 0
    for draft in drafts:
        lead = next((s.delegate.user for s in draft.signers if s.is_lead), None)
        if lead is None:
            continue
        mine = proposal_vector(draft)
        from congress.followup.recurring import concern_vector
        scored = sorted(((cosine(mine, concern_vector(c)), c.id, c) for c in concerns),
                        key=lambda t: (-t[0], t[1]))
        for score, _id, concern in scored[:CITED_PER_DRAFT]:
            if score > 0:
                services.cite_concern(lead, draft, concern)
                cited += 1
    return cited
