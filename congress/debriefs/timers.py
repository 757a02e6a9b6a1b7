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
        debrief.timer_elapsed = debrief.timer_seconds - debrief.timer_remaining()
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
