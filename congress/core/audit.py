"""The audit trail: who changed what, when, with the state before and after.

Services call record() in the same transaction as the change, so an entry exists exactly when
the change was committed.
"""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_meeting_id_at", "meeting_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    # whose log it is: the organisation of the meeting or object, else of the actor
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"),
                                                        index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str | None] = mapped_column(String(64))
    target_id: Mapped[int | None]
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    actor = relationship("User", lazy="joined")

    def __repr__(self):
        return f"<AuditEntry {self.id} {self.action} {self.target_type}:{self.target_id}>"


def record(actor, action, target=None, *, before=None, after=None, meeting=None):
    """Add an audit entry to the current transaction. `action` is an English dotted verb."""
    if target is not None and getattr(target, "id", 0) is None:
        db.session.flush()
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        meeting_id=_meeting_id(target) if meeting is None else meeting.id,
        organisation_id=_organisation_id(actor, target, meeting),
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def _meeting_id(target):
    """The meeting a target belongs to, by its key where it has one (no extra query)."""
    meeting_id = getattr(target, "meeting_id", None)
    if meeting_id is None:
        meeting_id = getattr(getattr(target, "meeting", None), "id", None)
    return meeting_id


def _organisation_id(actor, target, meeting):
    """The organisation an entry belongs to: of the meeting, of the target (its own key, its
    meeting's or its congress's), else of the actor (None only for the system's own work)."""
    for holder in (meeting, target, getattr(target, "meeting", None),
                   getattr(target, "congress", None), actor):
        organisation_id = getattr(holder, "organisation_id", None)
        if organisation_id is not None:
            return organisation_id
    return None


def snapshot(obj, fields):
    """A JSON-safe picture of selected attributes, for before/after."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "value") and not isinstance(value, (int, float, str)):
            value = value.value
        elif value is not None and not isinstance(value, (int, float, str, bool, list, dict)):
            value = str(value)
        out[name] = value
    return out
