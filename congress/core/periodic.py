"""Periodic work: what the job worker runs every few minutes that belongs to no meeting and
needs no job row of its own (an organisation's reminders, the notifications' emails).
core/job_queue.py schedules it; the areas register it with `@periodic`."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Periodic:
    name: str
    run: object  # fn() in an app context; its return value is logged
    every: object  # minutes between runs: an int, or the name of a config key holding one


PERIODIC = {}


def periodic(name, every=1):
    """Register fn() as work the job worker runs every `every` minutes (an organisation's
    reminders, the notifications' emails): work that belongs to no meeting and needs no row
    of its own. The function must be safe to run in two workers at once (claim what it does
    with a unique row or a conditional UPDATE); core/job_queue.py schedules it."""
    def register(fn):
        PERIODIC[name] = Periodic(name, fn, every)
        return fn
    return register


def periodic_due(config, minute):
    """The periodic work due at this minute of the day (minute 0 runs everything)."""
    due = []
    for work in PERIODIC.values():
        every = config.get(work.every, 1) if isinstance(work.every, str) else work.every
        every = max(int(every or 1), 1)
        if minute % every == 0:
            due.append(work)
    return due
