"""The countdown of a debrief's current step: the report and the comment run the meeting's
limits for them; in the questions step each question and each answer runs its own."""
from congress.core.time import utcnow
from congress.debriefs.models import Phase

PHASE_TIMERS = {Phase.report: ("report", "report_seconds"),
                Phase.comment: ("comment", "comment_seconds")}


def set_timer(debrief, kind, seconds):
    """Start `seconds` of `kind` now (no countdown when `seconds` is None)."""
    debrief.timer_kind = kind
    debrief.timer_seconds = seconds
    debrief.timer_elapsed = 0.0
    debrief.timer_started_at = utcnow() if seconds is not None else None


def leave_step(debrief, now=None):
    """Moving on: the countdown of the step left is kept as it stands now (what ran of it,
    whether it was running), so an undo of the step gives back the time that was left."""
    kept = {"kind": debrief.timer_kind, "seconds": debrief.timer_seconds,
            "elapsed": debrief.timer_ran(now or utcnow()), "running": debrief.timer_running}
    debrief.timers_left = [*(debrief.timers_left or []), kept]


def back_to_step(debrief, phase, now=None):
    """The undo of the last step: the countdown of the step returned to runs on from where it
    stood when the chair moved on (the time between is not counted). A debrief moved on before
    the countdowns were kept starts the step's countdown afresh. True when one was restored."""
    left = list(debrief.timers_left or [])
    if not left:
        start_step_timer(debrief, phase)
        return False
    kept = left.pop()
    debrief.timers_left = left
    debrief.timer_kind = kept["kind"]
    debrief.timer_seconds = kept["seconds"]
    debrief.timer_elapsed = kept["elapsed"] or 0.0
    debrief.timer_started_at = (now or utcnow()) if (
        kept["running"] and kept["seconds"] is not None) else None
    return True


def start_step_timer(debrief, phase):
    if phase in PHASE_TIMERS:
        kind, key = PHASE_TIMERS[phase]
        set_timer(debrief, kind, debrief.meeting.options[key])
    else:
        set_timer(debrief, None, None)


def start_speaker_timer(debrief, kind):
    """A question or an answer countdown, from the meeting's settings."""
    set_timer(debrief, kind, debrief.meeting.options[f"{kind}_seconds"])


def pause(debrief):
    if debrief.timer_running:
        debrief.timer_elapsed = debrief.timer_ran()
        debrief.timer_started_at = None


def resume(debrief):
    if not debrief.timer_running:
        debrief.timer_started_at = utcnow()


def timer_state(debrief):
    """The countdown as the pages and the API show it (None when the step has none)."""
    remaining = debrief.timer_remaining()
    if remaining is None:
        return None
    return {"kind": debrief.timer_kind, "seconds": debrief.timer_seconds,
            "remaining": round(remaining, 1), "running": debrief.timer_running,
            "overrun": remaining < 0}
