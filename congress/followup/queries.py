"""What is overdue, and what a proposal cites: the questions the follow-up pages and the
reminders ask (one statement each, whatever the number of concerns)."""
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from congress.activities.models import Activity
from congress.core.time import local_today
from congress.extensions import db
from congress.followup.models import ConcernFollowUp, ProposalActivity, ProposalConcern
from congress.studios.models import Concern, ConcernStatus


def overdue_clause(today):
    """Concern.is_overdue as SQL: not referred by `refer_by` while still received, or not
    replied by `due_on` while referred."""
    return or_(and_(Concern.status == ConcernStatus.received, Concern.refer_by < today),
               and_(Concern.status == ConcernStatus.referred, Concern.due_on < today))


def overdue_step(concern, today=None):
    """'referral' or 'reply' when the concern is overdue (the model's rule) in that step,
    else None."""
    today = today or local_today()
    if not concern.is_overdue(today):
        return None
    return "referral" if concern.status is ConcernStatus.received else "reply"


def overdue_concerns(organisation, today=None, limit=500):
    """The organisation's overdue concerns, the longest overdue first, with their follow-up
    count and last follow-up time: [(concern, count, last_at)]."""
    today = today or local_today()
    follow = (select(ConcernFollowUp.concern_id, func.count().label("n"),
                     func.max(ConcernFollowUp.at).label("last_at"))
              .group_by(ConcernFollowUp.concern_id).subquery())
    deadline = func.coalesce(Concern.due_on, Concern.refer_by)
    rows = db.session.execute(
        select(Concern, follow.c.n, follow.c.last_at)
        .outerjoin(follow, follow.c.concern_id == Concern.id)
        .where(Concern.organisation_id == organisation.id, overdue_clause(today))
        .options(joinedload(Concern.studio), joinedload(Concern.unit))
        .order_by(deadline, Concern.id).limit(limit)).all()
    return [(concern, n or 0, last_at) for concern, n, last_at in rows]


def follow_ups(concern):
    return db.session.scalars(select(ConcernFollowUp).where(
        ConcernFollowUp.concern_id == concern.id).order_by(ConcernFollowUp.at)).all()


def _cited_by(proposal_ids, link, cited, loaded, order):
    """{proposal id: [cited row, ...]} through the link table (one statement)."""
    found = {}
    if not proposal_ids:
        return found
    rows = db.session.execute(
        select(link.proposal_id, cited).join(cited)
        .where(link.proposal_id.in_(list(proposal_ids)))
        .options(joinedload(loaded)).order_by(link.proposal_id, *order)).all()
    for proposal_id, row in rows:
        found.setdefault(proposal_id, []).append(row)
    return found


def evidence_of(proposal_ids):
    """{proposal id: [concern, ...]} for the proposals given, oldest first."""
    return _cited_by(proposal_ids, ProposalConcern, Concern, Concern.studio,
                     (Concern.received_at, Concern.id))


def activities_of(proposal_ids):
    """{proposal id: [activity, ...]} the proposals cite, oldest first."""
    return _cited_by(proposal_ids, ProposalActivity, Activity, Activity.organisation,
                     (Activity.held_on, Activity.id))
