"""Debrief rules: the phase machine, its side effects (queue, rating ballot), the countdowns,
and the record of the leader's comment. Every change writes an audit entry and a live event."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from congress.ballots import services as ballots
from congress.ballots.models import BallotKind
from congress.core import live
from congress.core.audit import record, snapshot
from congress.core.errors import Conflict, Invalid
from congress.core.time import utcnow
from congress.debriefs import queue as queue_service, timers
from congress.debriefs.models import Debrief, FloorQueue, Phase
from congress.extensions import db
from congress.meetings.models import on_roster
from congress.people.models import Delegate

DEBRIEF_FIELDS = ("reporter_name", "reporter_title", "phase", "comment_speaker", "comment_text")
TIMER_ACTIONS = ("pause", "resume", "restart", "answer")


# --- creating ---------------------------------------------------------------------------------

def _clean_name(value, field, limit):
    value = (value or "").strip() if isinstance(value, str) else value
    if not isinstance(value, str) or not value:
        raise Invalid(_l("%(field)s: is required", field=field), field=field)
    if len(value) > limit:
        raise Invalid(_l("%(field)s: at most %(n)s characters", field=field, n=limit),
                      field=field)
    return value


def _questioners(meeting, delegate_ids):
    ids = list(dict.fromkeys(delegate_ids or ()))
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise Invalid(_l("questioner_ids: must be a list of delegate ids"), field="questioner_ids")
    found = db.session.scalars(select(Delegate).where(Delegate.id.in_(ids),
                                                      on_roster(meeting))).all()
    if len(found) != len(ids):
        raise Invalid(_l("questioner_ids: not all are delegates of this meeting"),
                      field="questioner_ids")
    return found


def create_debrief(actor, meeting, *, reporter_name, reporter_title, questioner_ids=()):
    debrief = Debrief(
        meeting=meeting,
        reporter_name=_clean_name(reporter_name, "reporter_name", 100),
        reporter_title=_clean_name(reporter_title, "reporter_title", 200),
        position=(db.session.scalar(select(func.max(Debrief.position))
                                    .where(Debrief.meeting_id == meeting.id)) or 0) + 1,
        phase=Phase.pending,
        questioners=_questioners(meeting, questioner_ids),
    )
    db.session.add(debrief)
    db.session.flush()
    db.session.add(FloorQueue(meeting_id=meeting.id, debrief_id=debrief.id, is_open=False))
    db.session.flush()
    record(actor, "debrief.create", debrief, after=_snapshot(debrief))
    live.publish(meeting, "debrief", {"debrief_id": debrief.id, "phase": debrief.phase.value})
    return debrief


def _snapshot(debrief):
    out = snapshot(debrief, DEBRIEF_FIELDS)
    out["questioners"] = [d.id for d in debrief.questioners]
    return out


# --- reading ----------------------------------------------------------------------------------

def debriefs_of(meeting):
    return db.session.scalars(select(Debrief).where(Debrief.meeting_id == meeting.id)
                              .order_by(Debrief.position, Debrief.id)).all()


def questioner_candidates(meeting):
    """(id, name, is_grassroots) of the meeting's delegates, grassroots delegates first: the
    secretariat designates questioners mostly from them."""
    return db.session.execute(select(Delegate.id, Delegate.name, Delegate.is_grassroots)
                              .where(on_roster(meeting))
                              .order_by(Delegate.is_grassroots.desc(), Delegate.name)).all()


def current_debrief(meeting):
    """The debrief in progress; else the one that changed last (to show its results); else
    the next one to start."""
    live_one = db.session.scalar(select(Debrief).where(
        Debrief.meeting_id == meeting.id, Debrief.phase.in_([p for p in Phase if p.is_live]))
        .order_by(Debrief.phase_changed_at.desc()).limit(1))
    if live_one is not None:
        return live_one
    return db.session.scalar(select(Debrief).where(
        Debrief.meeting_id == meeting.id, Debrief.phase_changed_at.is_not(None))
        .order_by(Debrief.phase_changed_at.desc()).limit(1)) or db.session.scalar(
        select(Debrief).where(Debrief.meeting_id == meeting.id, Debrief.phase == Phase.pending)
        .order_by(Debrief.position, Debrief.id).limit(1))


# --- the phase machine ------------------------------------------------------------------------

def allowed_step(current, wanted):
    """The phase machine: only the next phase in order."""
    return current.next is wanted


def _lock(debrief):
    db.session.execute(select(Debrief).where(Debrief.id == debrief.id).with_for_update()
                       .execution_options(populate_existing=True))


def set_phase(actor, debrief, wanted):
    try:
        wanted = Phase(wanted)
    except ValueError:
        raise Invalid(_l("phase: must be one of %(names)s",
                         names=", ".join(p.value for p in Phase)), field="phase") from None
    _lock(debrief)
    current = debrief.phase
    if not allowed_step(current, wanted):
        raise Conflict(_l("A debrief in phase “%(now)s” cannot move to “%(to)s”; the next step "
                          "is “%(next)s”.", now=current.title, to=wanted.title,
                          next=current.next.title if current.next else "—"),
                       code="wrong_phase")
    now = utcnow()
    if current is Phase.pending:
        _refuse_second_live_debrief(debrief)
    if current is Phase.questions:
        queue_service.close_queue(actor, debrief.queue, now)
    if wanted is Phase.questions:
        queue_service.open_queue(actor, debrief.queue)
    if wanted is Phase.scoring:
        _open_rating_ballot(actor, debrief)
    if wanted is Phase.closed and debrief.ballot is not None and debrief.ballot.is_open:
        ballots.close_ballot(actor, debrief.ballot)
    debrief.phase = wanted
    debrief.phase_changed_at = now
    timers.leave_step(debrief, now)
    timers.start_step_timer(debrief, wanted)
    db.session.flush()
    record(actor, "debrief.phase", debrief, before={"phase": current.value},
           after={"phase": wanted.value, "ballot_id": debrief.ballot_id})
    live.publish(debrief.meeting_id, "phase", phase_event(debrief))
    return debrief


def step_warning(debrief):
    """The question the console asks before the next step, or None when nothing is lost or
    opened by it: leaving the questions step while someone has the floor or waits says who and
    how many (they are kept in the record as not called); entering scoring opens a ballot,
    closing closes it."""
    following = debrief.phase.next
    if following is None:
        return None
    parts = []
    if debrief.phase is Phase.questions:
        ending = queue_service.leaving(debrief.queue)
        if ending.speaker is not None and debrief.timer_kind == "answer":
            parts.append(_l("The answer to %(name)s is still being given; it ends now.",
                            name=ending.speaker.delegate.name))
        elif ending.speaker is not None:
            parts.append(_l("%(name)s still has the floor; the question ends now.",
                            name=ending.speaker.delegate.name))
        if ending.waiting:
            parts.append(_l("%(n)s questioners are still waiting (%(designated)s of them "
                            "designated): they will not be called and are recorded as not "
                            "called.", n=ending.waiting, designated=ending.designated))
    if not parts and not following.asks_confirmation:
        return None
    return " ".join([str(_l("Move to “%(step)s”?", step=following.title)),
                     *(str(p) for p in parts)])


# --- the undo of the last step -------------------------------------------------------------------

def undo_refusal(debrief):
    """Why the last phase step cannot be undone now, or None when it can: the report, the
    questions, the comment and the scoring steps, and only while nobody has spoken in the new
    one (the reporter within the first minute of the report, no request for the floor in the
    questions step, no comment recorded in the comment step, no vote in the scoring ballot,
    which the undo then takes back). The close is final."""
    phase = debrief.phase
    if phase not in (Phase.report, Phase.questions, Phase.comment, Phase.scoring):
        return _l("This step cannot be undone.")
    if phase is Phase.report and _report_begun(debrief):
        return _l("The report has begun: the step cannot be undone.")
    if phase is Phase.scoring and debrief.ballot is not None and (
            not debrief.ballot.is_open or ballots.anyone_voted(debrief.ballot)):
        return _l("Delegates have already scored: the step cannot be undone.")
    if phase is Phase.questions and queue_service.anyone_asked(debrief.queue):
        return _l("Delegates have already asked for the floor: the step cannot be undone.")
    if phase is Phase.comment and debrief.comment_text:
        return _l("The comment is recorded: the step cannot be undone.")
    return None


def _report_begun(debrief):
    """The reporter has begun: the report has run longer than a mis-click takes to notice
    (DEBRIEF_REPORT_UNDO_SECONDS). Run time is the report countdown's (kept across an undo
    of the questions step, not counting a pause); without a limit, the time since the step
    began."""
    grace = current_app.config["DEBRIEF_REPORT_UNDO_SECONDS"]
    if debrief.timer_kind == "report" and debrief.timer_seconds is not None:
        ran = debrief.timer_ran()
    elif debrief.phase_changed_at is not None:
        ran = (utcnow() - debrief.phase_changed_at).total_seconds()
    else:
        ran = 0
    return ran > grace


def undo_phase(actor, debrief, expected=None):
    """Back to the previous step. `expected` (the phase the console showed) refuses an undo
    from a stale page after someone else moved on."""
    _lock(debrief)
    current = debrief.phase
    expected = getattr(expected, "value", expected)
    if expected is not None and expected != current.value:
        raise Conflict(_l("The debrief has moved on to “%(now)s” since this page was shown.",
                          now=current.title), code="wrong_phase")
    refusal = undo_refusal(debrief)
    if refusal is not None:
        raise Conflict(refusal, code="cannot_undo")
    previous = current.previous
    if current is Phase.questions:
        queue_service.close_queue(actor, debrief.queue)
    if current is Phase.comment:
        queue_service.reopen_queue(actor, debrief.queue, debrief.phase_changed_at)
    if current is Phase.scoring and debrief.ballot is not None:
        ballot, debrief.ballot = debrief.ballot, None
        ballots.withdraw_unvoted(actor, ballot)
    debrief.phase = previous
    debrief.phase_changed_at = utcnow() if previous is not Phase.pending else None
    if not timers.back_to_step(debrief, previous) and previous is Phase.questions:
        _resume_speaker_timer(debrief)
    db.session.flush()
    record(actor, "debrief.phase_undo", debrief, before={"phase": current.value},
           after={"phase": previous.value})
    live.publish(debrief.meeting_id, "phase", phase_event(debrief))
    return debrief


def _resume_speaker_timer(debrief):
    """Back in the questions step with a questioner on the floor (on a debrief moved on
    before the countdowns were kept): their question's countdown starts again."""
    if queue_service.current(debrief.queue) is not None:
        timers.start_speaker_timer(debrief, "question")


def phase_event(debrief):
    return {"debrief_id": debrief.id, "phase": debrief.phase.value,
            "ballot_id": debrief.ballot_id, "queue_id": debrief.queue.id,
            "timer": timers.timer_state(debrief)}


def _refuse_second_live_debrief(debrief):
    other = db.session.scalar(select(Debrief).where(
        Debrief.meeting_id == debrief.meeting_id, Debrief.id != debrief.id,
        Debrief.phase.in_([p for p in Phase if p.is_live])).limit(1))
    if other is not None:
        raise Conflict(_l("Close the debrief of %(name)s first: one debrief runs at a time.",
                          name=other.reporter_name), code="debrief_in_progress")


def _open_rating_ballot(actor, debrief):
    ballot = ballots.create_ballot(actor, debrief.meeting,
                                   title=f"{debrief.reporter_name}述职测评",
                                   kind=BallotKind.rating.value, subjects=[debrief.title])
    ballots.open_ballot(actor, ballot)  # refuses without quorum; the phase stays unchanged
    debrief.ballot = ballot


# --- countdowns ---------------------------------------------------------------------------------

def control_timer(actor, debrief, action):
    if action not in TIMER_ACTIONS:
        raise Invalid(_l("action: must be one of %(names)s", names=", ".join(TIMER_ACTIONS)),
                      field="action")
    _lock(debrief)
    if action == "answer":
        if debrief.phase is not Phase.questions or queue_service.current(debrief.queue) is None:
            raise Conflict(_l("An answer countdown needs a questioner on the floor."),
                           code="no_speaker")
        timers.start_speaker_timer(debrief, "answer")
    elif debrief.timer_seconds is None:
        raise Conflict(_l("This step has no countdown running."), code="no_timer")
    elif action == "pause":
        timers.pause(debrief)
    elif action == "resume":
        timers.resume(debrief)
    elif action == "restart":
        timers.set_timer(debrief, debrief.timer_kind, debrief.timer_seconds)
    db.session.flush()
    record(actor, f"debrief.timer.{action}", debrief, after=timers.timer_state(debrief))
    live.publish(debrief.meeting_id, "timer", {"debrief_id": debrief.id,
                                               "timer": timers.timer_state(debrief)})


# --- the record -----------------------------------------------------------------------------------

def record_comment(actor, debrief, *, speaker, text):
    if not debrief.comment_recordable:
        raise Conflict(_l("The comment is recorded from the comment step on."),
                       code="wrong_phase")
    speaker = _clean_name(speaker, "speaker", 100)
    if not isinstance(text, str) or not text.strip():
        raise Invalid(_l("text: is required"), field="text")
    before = {"speaker": debrief.comment_speaker, "text": debrief.comment_text}
    debrief.comment_speaker, debrief.comment_text = speaker, text.strip()
    db.session.flush()
    record(actor, "debrief.comment", debrief, before=before,
           after={"speaker": speaker, "text": debrief.comment_text})
    live.publish(debrief.meeting_id, "debrief", {"debrief_id": debrief.id,
                                                 "phase": debrief.phase.value})
