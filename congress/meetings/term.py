"""A delegate's term at a glance: the meetings of the term they were on the roster of (with
their attendance at each) and their history (the audit entries about them and their
check-ins), read by the delegate pages and the API alike."""
from sqlalchemy import and_, select

from congress.core.audit import AuditEntry
from congress.core.time import isoformat
from congress.extensions import db
from congress.meetings.models import Attendance, Meeting
from congress.people.models import Delegate, Delegation

# audit actions about a delegate of the term, as the history names them
HISTORY_ACTIONS = {"delegate.create": "created", "delegate.update": "edited",
                   "delegate.terminate": "terminated"}


def term_meetings(delegate):
    """[(meeting, attendance or None)] of the meetings of the term the delegate was on the
    roster of, in order (two queries)."""
    meetings = delegate.meetings()
    rows = {a.meeting_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.delegate_id == delegate.id))}
    return [(meeting, rows.get(meeting.id)) for meeting in meetings]


def delegate_history(delegate):
    """The delegate's history, oldest first: a list of {"at", "action", ...}. `action` is
    "created", "edited" or "terminated" (with "by", the actor's name, and "changes", the
    fields as {"before", "after"}), or "checked_in" / "on_leave" at a meeting (with
    "meeting_id" and "meeting", its title)."""
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.target_type == Delegate.__name__,
                                 AuditEntry.target_id == delegate.id,
                                 AuditEntry.action.in_(HISTORY_ACTIONS))
        .order_by(AuditEntry.at, AuditEntry.id))
    history = [{"at": isoformat(e.at), "action": HISTORY_ACTIONS[e.action],
                "by": e.actor.name if e.actor is not None else None,
                "changes": _changes(e)} for e in entries]
    attendance = db.session.execute(
        select(Attendance, Meeting.title).join(Meeting, and_(Meeting.id == Attendance.meeting_id))
        .where(Attendance.delegate_id == delegate.id).order_by(Attendance.at))
    history += [{"at": isoformat(row.at),
                 "action": "checked_in" if row.status.value == "present" else "on_leave",
                 "meeting_id": row.meeting_id, "meeting": title}
                for row, title in attendance]
    return sorted(history, key=lambda item: item["at"])


def _changes(entry):
    before, after = entry.before or {}, entry.after or {}
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: {"before": before.get(k), "after": after.get(k)} for k in keys}


def group_name(delegate):
    return delegate.group.name if delegate.group_id is not None else None


def term_delegates(congress):
    """Every delegate of the congress (active first, then terminated), in delegation order."""
    return list(db.session.scalars(
        select(Delegate).join(Delegation).where(Delegate.congress_id == congress.id)
        .order_by(Delegate.terminated_on.is_not(None), Delegation.position, Delegate.id)
        .options(db.joinedload(Delegate.user), db.joinedload(Delegate.delegation),
                 db.joinedload(Delegate.group))))


