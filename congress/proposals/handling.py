"""The write path after filing: the committee's review (accept, reject, merge), assignment to
handling units (交办), returns, assisting units' views, the lead unit's reply and the lead
sponsor's rating, which may start another handling round.

Like services.py (whose clock, timeline, inbox and row lock these share) each service checks
the domain rules (state → 409, fields → 422), changes the models, logs and notifies, and
flushes; it never commits."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from congress.core.errors import Conflict, Invalid
from congress.core.time import to_local
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.people.models import HandlingUnit
from congress.proposals import services  # its clock: now() and local_today()
from congress.proposals.handling_models import (
    Assignment,
    Feedback,
    Outcome,
    Rating,
    Reply,
    UnitOpinion,
)
from congress.proposals.models import MERGE_TARGETS, Proposal
from congress.proposals.services import (
    TEXT_HARD_MAX,
    add_workdays,
    clean_text,
    followers,
    lock,
    log_step,
    notify,
)

# --- review (提案审查委员会) ------------------------------------------------------------------

def _next_number(meeting):
    db.session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
    return (db.session.scalar(select(func.max(Proposal.number)).where(
        Proposal.meeting_id == meeting.id)) or 0) + 1


def review(actor, proposal, decision, reason=None, merge_into=None):
    """accept (立案), reject (不予立案: becomes a suggestion; needs a reason) or merge (并案)
    into another proposal of the meeting; the sponsors are notified of every decision."""
    if decision not in ("accept", "reject", "merge"):
        raise Invalid(_l("decision: must be accept, reject or merge"), field="decision")
    reason = clean_text(reason, "reason", TEXT_HARD_MAX, required=decision == "reject") or None
    lock(proposal)
    told = followers(proposal)  # before a merge moves this proposal's merged ones away
    if decision == "accept":
        proposal.accept(services.now(), _next_number(proposal.meeting))
        log_step(actor, proposal, "accept", number=proposal.number, reason=reason)
        notify(proposal, "accepted", told, number=proposal.number, reason=reason or "")
    elif decision == "reject":
        proposal.reject(services.now())
        log_step(actor, proposal, "reject", reason=reason)
        notify(proposal, "rejected", told, reason=reason)
    else:
        target = _merge_target(proposal, merge_into)
        proposal.merge_into(target, services.now())
        for child in list(proposal.merged):  # proposals merged into this one follow it
            child.merged_into, child.merged_into_id = target, target.id
        db.session.flush()
        db.session.expire(target, ["merged"])
        db.session.expire(proposal, ["merged"])
        log_step(actor, proposal, "merge", into=target.id, into_title=target.title, reason=reason)
        log_step(actor, target, "merged_in", merged_id=proposal.id, title=proposal.title)
        notify(proposal, "merged", told, into=target.title, reason=reason or "")
    proposal.review_reason, proposal.reviewed_by_id = reason, getattr(actor, "id", None)
    return proposal


def _merge_target(proposal, target):
    if target is None:
        raise Invalid(_l("merge_into: name the proposal to merge into"), field="merge_into")
    if target.meeting_id != proposal.meeting_id or target.id == proposal.id or target.is_draft:
        raise Invalid(_l("merge_into: must be another filed proposal of this meeting"),
                      field="merge_into")
    if target.status not in MERGE_TARGETS:
        raise Conflict(_l("A proposal can be merged only into one that is under review, "
                          "accepted or being handled."), code="bad_merge_target")
    return target


# --- assignment (交办) ------------------------------------------------------------------------

def assign(actor, proposal, lead_unit, assisting_units=(), due_on=None):
    """One lead unit (主办), optional assisting units (协办), a due date (default from the
    meeting's handling period)."""
    if lead_unit is None:
        raise Invalid(_l("lead_unit_id: no such handling unit"), field="lead_unit_id")
    if any(u is None for u in assisting_units):
        raise Invalid(_l("assisting_unit_ids: no such handling unit"),
                      field="assisting_unit_ids")
    # only the units of the meeting's organisation: another organisation's is not found
    organisation_id = proposal.meeting.organisation_id
    if lead_unit.organisation_id != organisation_id:
        raise Invalid(_l("lead_unit_id: no such handling unit"), field="lead_unit_id")
    if any(u.organisation_id != organisation_id for u in assisting_units):
        raise Invalid(_l("assisting_unit_ids: no such handling unit"),
                      field="assisting_unit_ids")
    today = services.local_today()
    if due_on is None:
        due_on = today + timedelta(days=proposal.meeting.options["handling_due_days"])
    if due_on <= today:
        raise Invalid(_l("due_on: must be after today"), field="due_on")
    lock(proposal)
    proposal.assign()
    assisting = []
    for unit in assisting_units:
        if unit.id != lead_unit.id and unit not in assisting:
            assisting.append(unit)
    _start_round(actor, proposal, lead_unit, assisting, due_on)
    log_step(actor, proposal, "assign", round=proposal.round, lead_unit=lead_unit.name,
         assisting=[u.name for u in assisting], due_on=due_on.isoformat())
    notify(proposal, "assigned", followers(proposal), unit=lead_unit.name,
            due_on=due_on.isoformat())
    return proposal


def _start_round(actor, proposal, lead_unit, assisting, due_on):
    for unit, is_lead in [(lead_unit, True)] + [(u, False) for u in assisting]:
        proposal.assignments.append(Assignment(
            unit=unit, unit_id=unit.id, is_lead=is_lead, round=proposal.round, due_on=due_on,
            assigned_at=services.now(), assigned_by_id=getattr(actor, "id", None)))
    db.session.flush()


def return_deadline(assignment, window):
    return add_workdays(to_local(assignment.assigned_at).date(), window)


def return_window_open(proposal):
    """Whether the first round's units may still send the assignment back: the page offers
    the button only then (return_assignment checks again, with its reasons)."""
    lead = proposal.lead_assignment
    if lead is None or proposal.round != 1:
        return False
    window = proposal.meeting.options["return_window_workdays"]
    return services.local_today() <= return_deadline(lead, window)


def return_assignment(actor, proposal, reason):
    """A unit sends a wrong assignment back within the window. The lead unit's return sends
    the proposal back to the committee; an assisting unit's return only removes that unit."""
    reason = clean_text(reason, "reason", TEXT_HARD_MAX, required=True)
    lock(proposal)
    if not proposal.is_assigned:
        raise Conflict(_l("The proposal is not being handled."), code="not_assigned")
    mine = next((a for a in proposal.current_assignments if a.unit_id == actor.unit_id), None)
    if mine is None:
        raise Conflict(_l("Your unit has no current assignment for this proposal."),
                       code="not_assigned")
    if proposal.round > 1:
        raise Conflict(_l("A re-handling cannot be returned."), code="rehandling")
    window = proposal.meeting.options["return_window_workdays"]
    if services.local_today() > return_deadline(mine, window):
        raise Conflict(_l("The %(n)s working days to return an assignment have passed.",
                          n=window), code="return_window_closed")
    ended = proposal.current_assignments if mine.is_lead else [mine]
    for assignment in ended:
        assignment.ended_at = services.now()
    mine.return_reason = reason
    if mine.is_lead:
        proposal.returned()
    db.session.flush()
    db.session.expire(proposal, ["assignments"])
    log_step(actor, proposal, "return", unit=mine.unit.name, lead=mine.is_lead, reason=reason)
    return proposal


def send_opinion(actor, proposal, text):
    """An assisting unit's views for the lead unit."""
    text = clean_text(text, "text", TEXT_HARD_MAX, required=True)
    if not proposal.is_assigned:
        raise Conflict(_l("The proposal is not being handled."), code="not_assigned")
    unit = db.session.get(HandlingUnit, actor.unit_id)
    opinion = UnitOpinion(proposal_id=proposal.id, round=proposal.round, unit_id=unit.id,
                          author_id=actor.id, text=text, created_at=services.now())
    db.session.add(opinion)
    db.session.flush()
    db.session.expire(proposal, ["opinions"])
    log_step(actor, proposal, "opinion", unit=unit.name)
    return opinion


# --- reply and rating -----------------------------------------------------------------------

def reply(actor, proposal, outcome, text):
    """The lead unit's reply (答复) in the fixed form: outcome code A/B/C/D and the text."""
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise Invalid(_l("outcome: must be A, B, C or D"), field="outcome") from None
    text = clean_text(text, "text", TEXT_HARD_MAX, required=True)
    lock(proposal)
    proposal.replied()
    lead = proposal.lead_assignment
    today = services.local_today()
    answer = Reply(proposal_id=proposal.id, round=proposal.round, unit_id=lead.unit_id,
                   author_id=actor.id, outcome=outcome, text=text, due_on=lead.due_on,
                   is_on_time=today <= lead.due_on, created_at=services.now())
    try:
        with db.session.begin_nested():
            db.session.add(answer)
    except IntegrityError:
        raise Conflict(_l("This round has been replied to already."),
                       code="already_replied") from None
    db.session.expire(proposal, ["replies"])
    log_step(actor, proposal, "reply", round=proposal.round, unit=lead.unit.name,
         outcome=outcome.value, on_time=answer.is_on_time)
    notify(proposal, "replied", followers(proposal), unit=lead.unit.name,
            outcome=outcome.value)
    return answer


def rate(actor, proposal, rating, comment=None):
    """The lead sponsor rates the reply; 不满意 reopens the proposal for re-handling by the
    same units (default 1 month), keeping every earlier round."""
    try:
        rating = Rating(rating)
    except ValueError:
        raise Invalid(_l("rating: must be satisfied, basically_satisfied or unsatisfied"),
                      field="rating") from None
    comment = clean_text(comment, "comment", TEXT_HARD_MAX) or None
    lock(proposal)
    previous = list(proposal.current_assignments)
    replied_round = proposal.round
    proposal.rated(services.now(), satisfied=rating is not Rating.unsatisfied)
    db.session.add(Feedback(proposal_id=proposal.id, round=replied_round,
                            delegate_id=actor.delegate.id, rating=rating, comment=comment,
                            created_at=services.now()))
    db.session.flush()
    db.session.expire(proposal, ["feedback"])
    log_step(actor, proposal, "rate", round=replied_round, rating=rating.value, comment=comment)
    if rating is Rating.unsatisfied:
        days = proposal.meeting.options["rehandling_days"]
        due_on = services.local_today() + timedelta(days=days)
        lead = next(a.unit for a in previous if a.is_lead)
        _start_round(actor, proposal, lead, [a.unit for a in previous if not a.is_lead], due_on)
        log_step(actor, proposal, "rehandle", round=proposal.round, lead_unit=lead.name,
             due_on=due_on.isoformat())
        notify(proposal, "rehandling", [d for d in followers(proposal)
                                         if d != proposal.lead_id], due_on=due_on.isoformat())
    return proposal
