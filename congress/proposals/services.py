"""The write path for proposals up to filing: drafting, signatures, filing, withdrawing; and
what every proposal service shares (the clock, the timeline, the inbox, text checks, the row
lock). After filing, review, assignment, returns, replies and rating are in handling.py.

Each service checks the domain rules (state → 409, fields → 422), changes the models, writes a
timeline event and an audit entry, notifies the delegates concerned, and flushes. Who may call
it is the caller's `can_*` check; the services never commit."""
import re
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from congress.core import live
from congress.core.audit import record
from congress.core.errors import Conflict, Invalid
from congress.core.time import to_local, utcnow
from congress.extensions import db
from congress.people.delegates import check_active
from congress.people.models import Delegate
from congress.proposals.models import (
    Proposal,
    ProposalEvent,
    ProposalNotice,
    ProposalSigner,
    ProposalStatus,
    SignerRole,
    SignerStatus,
)

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

def log_step(actor, proposal, kind, **data):
    """One step of the timeline and its audit entry, in the same transaction."""
    if proposal.id is None:
        db.session.flush()
    db.session.add(ProposalEvent(proposal_id=proposal.id, at=now(),
                                 actor_id=getattr(actor, "id", None), kind=kind, data=data))
    record(actor, f"proposal.{kind}", proposal, meeting=proposal.meeting,
           after={"status": proposal.status.value} | data)
    # the pages that show the proposal follow it (a signature, a filing...); the event names
    # the proposal and the step only: who may see what is the page's business
    live.publish(proposal.meeting_id, "proposal", {"proposal_id": proposal.id, "step": kind})


def followers(proposal):
    """Every delegate who should hear of this proposal's decisions and replies: its signers and
    the signers of the proposals merged into it (each sponsor still gets the reply)."""
    ids = []
    for p in [proposal, *proposal.merged]:
        for s in p.signers:
            if s.status is SignerStatus.signed and s.delegate_id not in ids:
                ids.append(s.delegate_id)
    return ids


def notify(proposal, kind, delegate_ids, **data):
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
        record(delegate.user, "notice.read", delegate,
               after={"count": marked})
    return marked


# --- validation -----------------------------------------------------------------------------

def categories(meeting):
    return list(meeting.options["proposal_categories"])


def clean_text(value, name, limit, *, required=False):
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


def lock(proposal):
    """Serialise changes to one proposal (signing, filing, review) across workers."""
    db.session.execute(select(Proposal.id).where(Proposal.id == proposal.id).with_for_update())
    db.session.refresh(proposal)


# --- drafting -------------------------------------------------------------------------------

def create_draft(actor, meeting, *, title, category, grounds="", measures=""):
    """A new draft; the author (a delegate of the meeting) is the lead sponsor and signs."""
    delegate = actor.delegate
    check_active(delegate)
    proposal = Proposal(
        meeting=meeting, lead=delegate, status=ProposalStatus.draft,
        title=clean_text(title, "title", TITLE_MAX, required=True),
        category=_category(meeting, category),
        grounds=clean_text(grounds, "grounds", TEXT_HARD_MAX),
        measures=clean_text(measures, "measures", TEXT_HARD_MAX), revision=1,
        created_at=now(), updated_at=now())
    proposal.signers.append(ProposalSigner(delegate=delegate, role=SignerRole.lead,
                                           status=SignerStatus.signed, invited_at=now(),
                                           answered_at=now()))
    db.session.add(proposal)
    db.session.flush()
    log_step(actor, proposal, "draft", title=proposal.title)
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
        cleaned["title"] = clean_text(values["title"], "title", TITLE_MAX, required=True)
    if values.get("category") is not None:
        cleaned["category"] = _category(proposal.meeting, values["category"])
    for name in ("grounds", "measures"):
        if values.get(name) is not None:
            cleaned[name] = clean_text(values[name], name, TEXT_HARD_MAX)
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
    lock(proposal)
    proposal.require_draft()
    if delegate is None or not delegate.on_roster_of(proposal.meeting):
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
    log_step(actor, proposal, "invite", delegate=delegate.name, delegate_id=delegate.id)
    notify(proposal, "invited", [delegate.id], by=proposal.lead.name)
    return signer


def _own_invitation(actor, proposal):
    signer = proposal.signer_for(actor.delegate)
    if signer is None or signer.role is not SignerRole.cosigner:
        raise Conflict(_l("You are not invited to co-sign this proposal."), code="not_invited")
    return signer


def sign(actor, proposal):
    """Co-sign (附议). The row lock makes simultaneous signatures and filing take turns, so a
    signature is either counted before the filing or refused after it, never lost."""
    lock(proposal)
    if not proposal.is_draft:
        raise Conflict(_l("Signatures closed when the proposal was filed."),
                       code="signatures_closed")
    check_active(actor.delegate)
    signer = _own_invitation(actor, proposal)
    if signer.status is SignerStatus.signed:
        raise Conflict(_l("You have already signed this proposal."), code="already_signed")
    signer.status, signer.answered_at = SignerStatus.signed, now()
    db.session.flush()
    log_step(actor, proposal, "sign", delegate=actor.delegate.name)
    notify(proposal, "signed", [proposal.lead_id], name=actor.delegate.name,
            count=len(proposal.signed), needed=proposal.meeting.min_signers)
    return signer


def decline(actor, proposal):
    """Decline an invitation, or take a signature back while the proposal is still a draft."""
    lock(proposal)
    if not proposal.is_draft:
        raise Conflict(_l("Signatures closed when the proposal was filed."),
                       code="signatures_closed")
    signer = _own_invitation(actor, proposal)
    if signer.status is SignerStatus.declined:
        raise Conflict(_l("You have already declined."), code="already_declined")
    signer.status, signer.answered_at = SignerStatus.declined, now()
    db.session.flush()
    log_step(actor, proposal, "decline", delegate=actor.delegate.name)
    notify(proposal, "declined", [proposal.lead_id], name=actor.delegate.name)
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
    lock(proposal)
    proposal.require_draft()
    check_active(proposal.lead)
    blockers = filing_blockers(proposal)
    if blockers:
        code, message = blockers[0]
        raise Conflict(message, code=code)
    _check_ready(proposal)
    proposal.file(now())
    log_step(actor, proposal, "submit", signers=len(proposal.signed))
    notify(proposal, "filed", [s.delegate_id for s in proposal.signed
                                if s.delegate_id != proposal.lead_id])
    return proposal


def file_as_suggestion(actor, proposal):
    """File a draft that cannot be a proposal (too few signers, too late) as a suggestion."""
    lock(proposal)
    proposal.require_draft()
    check_active(proposal.lead)
    _check_ready(proposal, suggestion=True)
    proposal.file_as_suggestion(now())
    log_step(actor, proposal, "suggest", signers=len(proposal.signed))
    return proposal


def withdraw(actor, proposal):
    lock(proposal)
    was = proposal.status
    proposal.withdraw()
    log_step(actor, proposal, "withdraw", was=was.value)
    if was is ProposalStatus.submitted:
        notify(proposal, "withdrawn", [d for d in followers(proposal)
                                        if d != proposal.lead_id])
    return proposal


def load_delegate(meeting, delegate_id):
    """The meeting's delegate named in a body (an invitation), or None: the services refuse
    None as a 422 on the field, where meetings.access.load_delegate's 404 is for a path id."""
    delegate = db.session.get(Delegate, delegate_id) if delegate_id is not None else None
    return delegate if delegate is not None and delegate.on_roster_of(meeting) else None
