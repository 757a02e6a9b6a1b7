"""The write path for proposals: drafting, signatures, filing, review, assignment, returns,
assisting units' views, replies and the sponsor's rating.

Each service checks the domain rules (state → 409, fields → 422), changes the models, writes a
timeline event and an audit entry, notifies the delegates concerned, and flushes. Who may call
it is the caller's `can_*` check; the services never commit."""
import re
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from congress.core.audit import record
from congress.core.errors import Conflict, Invalid
from congress.core.time import to_local, utcnow
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.people.models import Delegate, HandlingUnit
from congress.proposals.models import (Assignment, Feedback, Outcome, Proposal, ProposalEvent,
                                       ProposalNotice, ProposalSigner, ProposalStatus, Rating,
                                       Reply, SignerRole, SignerStatus, UnitOpinion)

TITLE_MAX = 200
TEXT_HARD_MAX = 20_000  # what a draft may hold at all; the filing limit is a meeting setting
TITLE_FORM = re.compile(r"^关于.+的提案$", re.S)
SUGGESTION_TITLE_FORM = re.compile(r"^关于.+的(提案|建议|意见建议)$", re.S)


def now():
    return utcnow()


def local_today():
    return to_local(now()).date()


def add_workdays(start, days):
    """The date `days` working days (Monday to Friday) after `start`."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


# --- timeline, audit and inbox --------------------------------------------------------------

def _log(actor, proposal, kind, **data):
    """One step of the timeline and its audit entry, in the same transaction."""
    if proposal.id is None:
        db.session.flush()
    db.session.add(ProposalEvent(proposal_id=proposal.id, at=now(),
                                 actor_id=getattr(actor, "id", None), kind=kind, data=data))
    record(actor, f"proposal.{kind}", proposal, meeting=proposal.meeting,
           after={"status": proposal.status.value} | data)


def followers(proposal):
    """Every delegate who should hear of this proposal's decisions and replies: its signers and
    the signers of the proposals merged into it (each sponsor still gets the reply)."""
    ids = []
    for p in [proposal, *proposal.merged]:
        for s in p.signers:
            if s.status is SignerStatus.signed and s.delegate_id not in ids:
                ids.append(s.delegate_id)
    return ids


def _notify(proposal, kind, delegate_ids, **data):
    for delegate_id in delegate_ids:
        db.session.add(ProposalNotice(delegate_id=delegate_id, proposal_id=proposal.id,
                                      kind=kind, data=data, created_at=now()))


def mark_notices_read(delegate):
    """The delegate's Mark-as-read button (a POST: showing the inbox changes nothing).
    Audited as notice.read, which no document's data version follows."""
    marked = db.session.execute(db.update(ProposalNotice).where(
        ProposalNotice.delegate_id == delegate.id, ProposalNotice.read_at.is_(None))
        .values(read_at=now())).rowcount
    if marked:
        record(delegate.user, "notice.read", delegate, meeting=delegate.meeting,
               after={"count": marked})
    return marked


# --- validation -----------------------------------------------------------------------------

def categories(meeting):
    return list(meeting.options["proposal_categories"])


def _text(value, name, limit, *, required=False):
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(_l("%(field)s: must be text", field=name), field=name)
    value = value.replace("\r\n", "\n").strip()
    if required and not value:
        raise Invalid(_l("%(field)s: must not be empty", field=name), field=name)
    if len(value) > limit:
        raise Invalid(_l("%(field)s: at most %(n)s characters", field=name, n=limit), field=name)
    return value


def _category(meeting, value):
    if value not in categories(meeting):
        raise Invalid(_l("category: must be one of %(list)s",
                         list="、".join(categories(meeting))), field="category")
    return value


def readiness_problems(proposal, *, suggestion=False):
    """[(field, message)] that stop a draft from being filed; the editor shows them live."""
    problems = []
    title_form = SUGGESTION_TITLE_FORM if suggestion else TITLE_FORM
    if not title_form.match(proposal.title or ""):
        problems.append(("title", _l("title: must have the form 关于……的提案")))
    if proposal.category not in categories(proposal.meeting):
        problems.append(("category", _l("category: choose a category")))
    if not (proposal.grounds or "").strip():
        problems.append(("grounds", _l("grounds: say why (案据)")))
    if not (proposal.measures or "").strip():
        problems.append(("measures", _l("measures: say what should be done (方案)")))
    limit = proposal.meeting.options["proposal_max_chars"]
    if proposal.body_length > limit:
        problems.append(("measures", _l(
            "measures: grounds and measures together have %(n)s characters; at most %(max)s",
            n=proposal.body_length, max=limit)))
    return problems


def _check_ready(proposal, suggestion=False):
    problems = readiness_problems(proposal, suggestion=suggestion)
    if problems:
        field, message = problems[0]
        raise Invalid(message, field=field)


def _lock(proposal):
    """Serialise changes to one proposal (signing, filing, review) across workers."""
    db.session.execute(select(Proposal.id).where(Proposal.id == proposal.id).with_for_update())
    db.session.refresh(proposal)


# --- drafting -------------------------------------------------------------------------------

def create_draft(actor, meeting, *, title, category, grounds="", measures=""):
    """A new draft; the author (a delegate of the meeting) is the lead sponsor and signs."""
    delegate = actor.delegate
    proposal = Proposal(
        meeting=meeting, lead=delegate, status=ProposalStatus.draft,
        title=_text(title, "title", TITLE_MAX, required=True),
        category=_category(meeting, category),
        grounds=_text(grounds, "grounds", TEXT_HARD_MAX),
        measures=_text(measures, "measures", TEXT_HARD_MAX), revision=1,
        created_at=now(), updated_at=now())
    proposal.signers.append(ProposalSigner(delegate=delegate, role=SignerRole.lead,
                                           status=SignerStatus.signed, invited_at=now(),
                                           answered_at=now()))
    db.session.add(proposal)
    db.session.flush()
    _log(actor, proposal, "draft", title=proposal.title)
    return proposal


def update_draft(actor, proposal, *, revision=None, **values):
    """Save the draft (the editor autosaves). `revision`, when given, must be the one the
    editor started from: a save from a stale tab is refused rather than lost silently."""
    proposal.require_draft()
    if revision is not None and revision != proposal.revision:
        raise Conflict(_l("The draft was changed elsewhere (another tab or device). Reload to "
                          "see the newest text."), code="stale_revision")
    cleaned = {}
    if values.get("title") is not None:
        cleaned["title"] = _text(values["title"], "title", TITLE_MAX, required=True)
    if values.get("category") is not None:
        cleaned["category"] = _category(proposal.meeting, values["category"])
    for name in ("grounds", "measures"):
        if values.get(name) is not None:
            cleaned[name] = _text(values[name], name, TEXT_HARD_MAX)
    changed = {k: v for k, v in cleaned.items() if getattr(proposal, k) != v}
    if not changed:
        return proposal
    for key, value in changed.items():
        setattr(proposal, key, value)
    proposal.revision += 1
    proposal.updated_at = now()
    # one audit entry per save, without the text (the draft is the sponsor's own until filed)
    record(actor, "proposal.save", proposal, meeting=proposal.meeting,
           after={"revision": proposal.revision, "fields": sorted(changed)})
    return proposal


# --- sponsors -------------------------------------------------------------------------------

def invite(actor, proposal, delegate):
    """Invite a co-signer. Re-inviting someone who declined asks them again."""
    _lock(proposal)
    proposal.require_draft()
    if delegate is None or delegate.meeting_id != proposal.meeting_id:
        raise Invalid(_l("delegate_id: no such delegate in this meeting"), field="delegate_id")
    if delegate.id == proposal.lead_id:
        raise Conflict(_l("The lead sponsor has signed already."), code="already_signer")
    signer = proposal.signer_for(delegate)
    if signer is not None and signer.status is not SignerStatus.declined:
        raise Conflict(_l("%(name)s is already invited.", name=delegate.name),
                       code="already_invited")
    if signer is None:
        signer = ProposalSigner(delegate=delegate, role=SignerRole.cosigner)
        proposal.signers.append(signer)
    signer.status, signer.invited_at, signer.answered_at = SignerStatus.invited, now(), None
    db.session.flush()
    _log(actor, proposal, "invite", delegate=delegate.name, delegate_id=delegate.id)
    _notify(proposal, "invited", [delegate.id], by=proposal.lead.name)
    return signer


def _own_invitation(actor, proposal):
    signer = proposal.signer_for(actor.delegate)
    if signer is None or signer.role is not SignerRole.cosigner:
        raise Conflict(_l("You are not invited to co-sign this proposal."), code="not_invited")
    return signer


def sign(actor, proposal):
    """Co-sign (附议). The row lock makes simultaneous signatures and filing take turns, so a
    signature is either counted before the filing or refused after it, never lost."""
    _lock(proposal)
    if proposal.status is not ProposalStatus.draft:
        raise Conflict(_l("Signatures closed when the proposal was filed."),
                       code="signatures_closed")
    signer = _own_invitation(actor, proposal)
    if signer.status is SignerStatus.signed:
        raise Conflict(_l("You have already signed this proposal."), code="already_signed")
    signer.status, signer.answered_at = SignerStatus.signed, now()
    db.session.flush()
    _log(actor, proposal, "sign", delegate=actor.delegate.name)
    _notify(proposal, "signed", [proposal.lead_id], name=actor.delegate.name,
            count=len(proposal.signed), needed=proposal.meeting.min_signers)
    return signer


def decline(actor, proposal):
    """Decline an invitation, or take a signature back while the proposal is still a draft."""
    _lock(proposal)
    if proposal.status is not ProposalStatus.draft:
        raise Conflict(_l("Signatures closed when the proposal was filed."),
                       code="signatures_closed")
    signer = _own_invitation(actor, proposal)
    if signer.status is SignerStatus.declined:
        raise Conflict(_l("You have already declined."), code="already_declined")
    signer.status, signer.answered_at = SignerStatus.declined, now()
    db.session.flush()
    _log(actor, proposal, "decline", delegate=actor.delegate.name)
    _notify(proposal, "declined", [proposal.lead_id], name=actor.delegate.name)
    return signer


# --- filing ---------------------------------------------------------------------------------

def deadline_passed(meeting, at=None):
    """Filing closes at the deadline: at the deadline itself it is closed."""
    deadline = meeting.proposal_deadline
    return deadline is not None and (at or now()) >= deadline


def filing_blockers(proposal):
    """Why the draft cannot be filed as a proposal now (empty when it can)."""
    reasons = []
    if deadline_passed(proposal.meeting):
        reasons.append(("deadline_passed", _l("The deadline for proposals has passed.")))
    signed, needed = len(proposal.signed), proposal.meeting.min_signers
    if signed < needed:
        reasons.append(("too_few_signers", _l(
            "%(signed)s of the %(needed)s signers needed (the lead sponsor included) have "
            "signed.", signed=signed, needed=needed)))
    return reasons


def submit(actor, proposal):
    """File the draft (提交): enough signers, before the deadline, in the right form."""
    _lock(proposal)
    proposal.require_draft()
    blockers = filing_blockers(proposal)
    if blockers:
        code, message = blockers[0]
        raise Conflict(message, code=code)
    _check_ready(proposal)
    proposal.file(now())
    _log(actor, proposal, "submit", signers=len(proposal.signed))
    _notify(proposal, "filed", [s.delegate_id for s in proposal.signed
                                if s.delegate_id != proposal.lead_id])
    return proposal


def file_as_suggestion(actor, proposal):
    """File a draft that cannot be a proposal (too few signers, too late) as a suggestion."""
    _lock(proposal)
    proposal.require_draft()
    _check_ready(proposal, suggestion=True)
    proposal.file_as_suggestion(now())
    _log(actor, proposal, "suggest", signers=len(proposal.signed))
    return proposal


def withdraw(actor, proposal):
    _lock(proposal)
    was = proposal.status
    proposal.withdraw()
    _log(actor, proposal, "withdraw", was=was.value)
    if was is ProposalStatus.submitted:
        _notify(proposal, "withdrawn", [d for d in followers(proposal)
                                        if d != proposal.lead_id])
    return proposal


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
    reason = _text(reason, "reason", TEXT_HARD_MAX, required=decision == "reject") or None
    _lock(proposal)
    told = followers(proposal)  # before a merge moves this proposal's merged ones away
    if decision == "accept":
        proposal.accept(now(), _next_number(proposal.meeting))
        _log(actor, proposal, "accept", number=proposal.number, reason=reason)
        _notify(proposal, "accepted", told, number=proposal.number, reason=reason or "")
    elif decision == "reject":
        proposal.reject(now())
        _log(actor, proposal, "reject", reason=reason)
        _notify(proposal, "rejected", told, reason=reason)
    else:
        target = _merge_target(proposal, merge_into)
        proposal.merge_into(target, now())
        for child in list(proposal.merged):  # proposals merged into this one follow it
            child.merged_into, child.merged_into_id = target, target.id
        db.session.flush()
        db.session.expire(target, ["merged"])
        db.session.expire(proposal, ["merged"])
        _log(actor, proposal, "merge", into=target.id, into_title=target.title, reason=reason)
        _log(actor, target, "merged_in", merged_id=proposal.id, title=proposal.title)
        _notify(proposal, "merged", told, into=target.title, reason=reason or "")
    proposal.review_reason, proposal.reviewed_by_id = reason, getattr(actor, "id", None)
    return proposal


def _merge_target(proposal, target):
    if target is None:
        raise Invalid(_l("merge_into: name the proposal to merge into"), field="merge_into")
    if target.meeting_id != proposal.meeting_id or target.id == proposal.id or target.is_draft:
        raise Invalid(_l("merge_into: must be another filed proposal of this meeting"),
                      field="merge_into")
    if target.status not in (ProposalStatus.submitted, ProposalStatus.accepted,
                             ProposalStatus.assigned):
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
    today = local_today()
    if due_on is None:
        due_on = today + timedelta(days=proposal.meeting.options["handling_due_days"])
    if due_on <= today:
        raise Invalid(_l("due_on: must be after today"), field="due_on")
    _lock(proposal)
    proposal.assign()
    assisting = []
    for unit in assisting_units:
        if unit.id != lead_unit.id and unit not in assisting:
            assisting.append(unit)
    _start_round(actor, proposal, lead_unit, assisting, due_on)
    _log(actor, proposal, "assign", round=proposal.round, lead_unit=lead_unit.name,
         assisting=[u.name for u in assisting], due_on=due_on.isoformat())
    _notify(proposal, "assigned", followers(proposal), unit=lead_unit.name,
            due_on=due_on.isoformat())
    return proposal


def _start_round(actor, proposal, lead_unit, assisting, due_on):
    for unit, is_lead in [(lead_unit, True)] + [(u, False) for u in assisting]:
        proposal.assignments.append(Assignment(
            unit=unit, unit_id=unit.id, is_lead=is_lead, round=proposal.round, due_on=due_on,
            assigned_at=now(), assigned_by_id=getattr(actor, "id", None)))
    db.session.flush()


def return_deadline(assignment, window):
    return add_workdays(to_local(assignment.assigned_at).date(), window)


def return_assignment(actor, proposal, reason):
    """A unit sends a wrong assignment back within the window. The lead unit's return sends
    the proposal back to the committee; an assisting unit's return only removes that unit."""
    reason = _text(reason, "reason", TEXT_HARD_MAX, required=True)
    _lock(proposal)
    if proposal.status is not ProposalStatus.assigned:
        raise Conflict(_l("The proposal is not being handled."), code="not_assigned")
    mine = next((a for a in proposal.current_assignments if a.unit_id == actor.unit_id), None)
    if mine is None:
        raise Conflict(_l("Your unit has no current assignment for this proposal."),
                       code="not_assigned")
    if proposal.round > 1:
        raise Conflict(_l("A re-handling cannot be returned."), code="rehandling")
    window = proposal.meeting.options["return_window_workdays"]
    if local_today() > return_deadline(mine, window):
        raise Conflict(_l("The %(n)s working days to return an assignment have passed.",
                          n=window), code="return_window_closed")
    ended = proposal.current_assignments if mine.is_lead else [mine]
    for assignment in ended:
        assignment.ended_at = now()
    mine.return_reason = reason
    if mine.is_lead:
        proposal.returned()
    db.session.flush()
    db.session.expire(proposal, ["assignments"])
    _log(actor, proposal, "return", unit=mine.unit.name, lead=mine.is_lead, reason=reason)
    return proposal


def send_opinion(actor, proposal, text):
    """An assisting unit's views for the lead unit."""
    text = _text(text, "text", TEXT_HARD_MAX, required=True)
    if proposal.status is not ProposalStatus.assigned:
        raise Conflict(_l("The proposal is not being handled."), code="not_assigned")
    unit = db.session.get(HandlingUnit, actor.unit_id)
    opinion = UnitOpinion(proposal_id=proposal.id, round=proposal.round, unit_id=unit.id,
                          author_id=actor.id, text=text, created_at=now())
    db.session.add(opinion)
    db.session.flush()
    db.session.expire(proposal, ["opinions"])
    _log(actor, proposal, "opinion", unit=unit.name)
    return opinion


# --- reply and rating -----------------------------------------------------------------------

def reply(actor, proposal, outcome, text):
    """The lead unit's reply (答复) in the fixed form: outcome code A/B/C/D and the text."""
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise Invalid(_l("outcome: must be A, B, C or D"), field="outcome")
    text = _text(text, "text", TEXT_HARD_MAX, required=True)
    _lock(proposal)
    proposal.replied()
    lead = proposal.lead_assignment
    today = local_today()
    answer = Reply(proposal_id=proposal.id, round=proposal.round, unit_id=lead.unit_id,
                   author_id=actor.id, outcome=outcome, text=text, due_on=lead.due_on,
                   is_on_time=today <= lead.due_on, created_at=now())
    try:
        with db.session.begin_nested():
            db.session.add(answer)
    except IntegrityError:
        raise Conflict(_l("This round has been replied to already."), code="already_replied")
    db.session.expire(proposal, ["replies"])
    _log(actor, proposal, "reply", round=proposal.round, unit=lead.unit.name,
         outcome=outcome.value, on_time=answer.is_on_time)
    _notify(proposal, "replied", followers(proposal), unit=lead.unit.name,
            outcome=outcome.value)
    return answer


def rate(actor, proposal, rating, comment=None):
    """The lead sponsor rates the reply; 不满意 reopens the proposal for re-handling by the
    same units (default 1 month), keeping every earlier round."""
    try:
        rating = Rating(rating)
    except ValueError:
        raise Invalid(_l("rating: must be satisfied, basically_satisfied or unsatisfied"),
                      field="rating")
    comment = _text(comment, "comment", TEXT_HARD_MAX) or None
    _lock(proposal)
    previous = list(proposal.current_assignments)
    replied_round = proposal.round
    proposal.rated(rating, now())
    db.session.add(Feedback(proposal_id=proposal.id, round=replied_round,
                            delegate_id=actor.delegate.id, rating=rating, comment=comment,
                            created_at=now()))
    db.session.flush()
    db.session.expire(proposal, ["feedback"])
    _log(actor, proposal, "rate", round=replied_round, rating=rating.value, comment=comment)
    if rating is Rating.unsatisfied:
        due_on = local_today() + timedelta(days=proposal.meeting.options["rehandling_days"])
        lead = next(a.unit for a in previous if a.is_lead)
        _start_round(actor, proposal, lead, [a.unit for a in previous if not a.is_lead], due_on)
        _log(actor, proposal, "rehandle", round=proposal.round, lead_unit=lead.name,
             due_on=due_on.isoformat())
        _notify(proposal, "rehandling", [d for d in followers(proposal)
                                         if d != proposal.lead_id], due_on=due_on.isoformat())
    return proposal


def load_delegate(meeting, delegate_id):
    delegate = db.session.get(Delegate, delegate_id) if delegate_id is not None else None
    return delegate if delegate is not None and delegate.meeting_id == meeting.id else None
