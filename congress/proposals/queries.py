"""Read models for the proposal pages, the API, the records and the statistics. The numbers on
every screen and every printed page come from here."""
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from congress.extensions import db
from congress.meetings.models import on_roster
from congress.people.models import Delegate, Delegation, HandlingUnit
from congress.proposals import similarity
from congress.proposals.handling_models import Assignment, Rating
from congress.proposals.models import (
    ACCEPTED,
    FILED,
    Proposal,
    ProposalNotice,
    ProposalSigner,
    ProposalStatus,
    SignerRole,
    SignerStatus,
)
from congress.proposals.services import categories, local_today


def meeting_proposals(meeting, statuses=None):
    query = select(Proposal).where(Proposal.meeting_id == meeting.id)
    if statuses:
        query = query.where(Proposal.status.in_(statuses))
    else:
        query = query.where(Proposal.submitted_at.is_not(None))  # drafts are the sponsors' own
    return db.session.scalars(query.order_by(Proposal.number.is_(None), Proposal.number,
                                             Proposal.id)).all()


def compendium_proposals(meeting):
    """Accepted proposals grouped by category in the configured order: {category: [p]}."""
    groups = OrderedDict((c, []) for c in categories(meeting))
    for p in meeting_proposals(meeting, ACCEPTED):
        groups.setdefault(p.category, []).append(p)
    return OrderedDict((c, ps) for c, ps in groups.items() if ps)


# --- a delegate's side ----------------------------------------------------------------------

def led_by(delegate):
    return db.session.scalars(select(Proposal).where(Proposal.lead_id == delegate.id)
                              .order_by(Proposal.id.desc())).all()


def signed_by(delegate):
    """Every proposal the delegate leads, co-signs or was invited to, oldest first."""
    return db.session.scalars(
        select(Proposal).join(ProposalSigner).where(ProposalSigner.delegate_id == delegate.id)
        .order_by(Proposal.id)).all()


def assigned_to(unit_id, meeting):
    """The meeting's proposals assigned to the unit in any round (not returned by it): the
    only ones its users may see."""
    return db.session.scalars(
        select(Proposal).join(Assignment).where(
            Proposal.meeting_id == meeting.id, Assignment.unit_id == unit_id,
            Assignment.return_reason.is_(None)).distinct().order_by(Proposal.id)).all()


def cosigned_by(delegate):
    """(proposal, signer) where the delegate was invited as a co-signer."""
    return db.session.execute(
        select(Proposal, ProposalSigner).join(ProposalSigner)
        .where(ProposalSigner.delegate_id == delegate.id,
               ProposalSigner.role == SignerRole.cosigner)
        .order_by(Proposal.id.desc())).all()


def open_invitations(delegate):
    return [(p, s) for p, s in cosigned_by(delegate)
            if p.status is ProposalStatus.draft and s.status is SignerStatus.invited]


def notices(delegate, limit=50):
    return db.session.scalars(select(ProposalNotice).where(
        ProposalNotice.delegate_id == delegate.id)
        .order_by(ProposalNotice.id.desc()).limit(limit)).all()


def unread_count(delegate):
    return len(db.session.scalars(select(ProposalNotice.id).where(
        ProposalNotice.delegate_id == delegate.id, ProposalNotice.read_at.is_(None))).all())


def tablet_summary(delegate):
    return {"invitations": len(open_invitations(delegate)), "unread": unread_count(delegate),
            "mine": len(led_by(delegate))}


def search_delegates(meeting, text=None, delegation_id=None, limit=60):
    query = (select(Delegate).join(Delegation).where(on_roster(meeting))
             .order_by(Delegation.position, Delegate.id))
    if text:
        like = f"%{text}%"
        query = query.where(or_(Delegate.name.like(like), Delegation.name.like(like),
                                Delegate.seat.like(like)))
    if delegation_id:
        query = query.where(Delegate.delegation_id == delegation_id)
    if not text and not delegation_id:
        return []
    return db.session.scalars(query.limit(limit)).all()


# --- the committee --------------------------------------------------------------------------

def similar_to(proposal, limit=5):
    """Other filed proposals of the meeting that look like this one."""
    others = [p for p in meeting_proposals(proposal.meeting)
              if p.status not in (ProposalStatus.withdrawn,)]
    return similarity.similar(proposal, others, limit=limit)


def queue(meeting):
    """Filed proposals waiting for review, each with its similar-proposal hint."""
    pending = meeting_proposals(meeting, [ProposalStatus.submitted])
    others = [p for p in meeting_proposals(meeting) if p.status is not ProposalStatus.withdrawn]
    return [(p, similarity.similar(p, others, limit=3)) for p in pending]


def returned_ones(meeting):
    """Accepted proposals a lead unit has sent back, waiting for a new assignment."""
    return [p for p in meeting_proposals(meeting, [ProposalStatus.accepted])
            if any(a.return_reason for a in p.assignments)]


# --- handling units -------------------------------------------------------------------------

@dataclass
class UnitRow:
    proposal: Proposal
    assignment: Assignment
    overdue: bool
    waiting: bool  # the unit still has to act (lead: reply; assisting: views)


def unit_inbox(unit, meeting=None):
    today = local_today()
    query = (select(Assignment).join(Proposal)
             .where(Assignment.unit_id == unit.id, Assignment.ended_at.is_(None),
                    Assignment.round == Proposal.round)
             .order_by(Assignment.due_on, Assignment.id))
    if meeting is not None:
        query = query.where(Proposal.meeting_id == meeting.id)
    rows = []
    for a in db.session.scalars(query):
        p = a.proposal
        active = p.status is ProposalStatus.assigned
        waiting = active and (a.is_lead or not any(
            o.unit_id == unit.id and o.round == p.round for o in p.opinions))
        rows.append(UnitRow(p, a, active and a.due_on < today, waiting))
    rows.sort(key=lambda r: (not r.waiting, r.assignment.due_on))
    return rows


# --- follow-up (督办) and statistics --------------------------------------------------------

def follow_up(meeting, soon_days=7):
    """(overdue, due within `soon_days`) proposals being handled, by due date."""
    today = local_today()
    overdue, soon = [], []
    for p in meeting_proposals(meeting, [ProposalStatus.assigned]):
        lead = p.lead_assignment
        if lead is None:
            continue
        if lead.due_on < today:
            overdue.append((p, lead, (today - lead.due_on).days))
        elif (lead.due_on - today).days <= soon_days:
            soon.append((p, lead, (lead.due_on - today).days))
    return sorted(overdue, key=lambda r: -r[2]), sorted(soon, key=lambda r: r[2])


def _rate(part, whole):
    return part / whole if whole else None


@dataclass
class Tally:
    filed: int = 0
    accepted: int = 0
    merged: int = 0
    rejected: int = 0
    assigned: int = 0       # accepted and given to a lead unit at least once
    replied: int = 0        # with a first-round reply
    on_time: int = 0        # ... given on or before the due date
    overdue: int = 0        # being handled past the due date
    rated: int = 0
    satisfied: int = 0      # 满意 + 基本满意 in the latest rating
    ratings: dict = field(default_factory=lambda: {r.value: 0 for r in Rating})

    @property
    def on_time_rate(self):  # 办复率: replied on time / assigned
        return _rate(self.on_time, self.assigned)

    @property
    def reply_rate(self):
        return _rate(self.replied, self.assigned)

    @property
    def satisfaction_rate(self):  # 满意率: (满意 + 基本满意) / rated
        return _rate(self.satisfied, self.rated)

    @property
    def accept_rate(self):
        return _rate(self.accepted, self.filed)

    def as_dict(self):
        return {"filed": self.filed, "accepted": self.accepted, "merged": self.merged,
                "rejected": self.rejected, "assigned": self.assigned, "replied": self.replied,
                "replied_on_time": self.on_time, "overdue": self.overdue, "rated": self.rated,
                "ratings": dict(self.ratings), "on_time_rate": self.on_time_rate,
                "reply_rate": self.reply_rate, "satisfaction_rate": self.satisfaction_rate}


def _count(tally, p, today, lead_unit_id=None):
    tally.filed += 1
    tally.accepted += p.status in ACCEPTED
    tally.merged += p.status is ProposalStatus.merged
    tally.rejected += p.status is ProposalStatus.rejected
    first = [a for a in p.assignments if a.round == 1 and a.is_lead and a.ended_at is None]
    if first and (lead_unit_id is None or first[0].unit_id == lead_unit_id):
        tally.assigned += 1
        reply = next((r for r in p.replies if r.round == 1), None)
        tally.replied += reply is not None
        tally.on_time += bool(reply and reply.is_on_time)
    tally.overdue += p.is_overdue(today)
    latest = p.latest_feedback
    if latest is not None:
        tally.rated += 1
        tally.ratings[latest.rating.value] += 1
        tally.satisfied += latest.rating is not Rating.unsatisfied


def statistics(meeting):
    """Totals, by category and by lead unit, for the statistics page and the API."""
    today = local_today()
    proposals = [p for p in meeting_proposals(meeting) if p.status in FILED]
    total = Tally()
    by_category = OrderedDict((c, Tally()) for c in categories(meeting))
    for p in proposals:
        _count(total, p, today)
        _count(by_category.setdefault(p.category, Tally()), p, today)
    by_unit = OrderedDict()
    unit_ids = sorted({a.unit_id for p in proposals for a in p.assignments
                       if a.is_lead and a.ended_at is None})
    units = {u.id: u for u in db.session.scalars(select(HandlingUnit).where(
        HandlingUnit.id.in_(unit_ids)))} if unit_ids else {}
    for unit_id in unit_ids:
        tally = Tally()
        for p in proposals:
            if any(a.unit_id == unit_id and a.is_lead and a.ended_at is None
                   for a in p.assignments):
                _count(tally, p, today, lead_unit_id=unit_id)
        by_unit[units[unit_id].name] = tally
    return {"total": total, "by_category": by_category, "by_unit": by_unit}
