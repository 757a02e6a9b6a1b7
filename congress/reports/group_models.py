"""Group deliberation (分组审议) of the reports: one session per delegation, with its state,
recorder, notes and the attendance its recorder marks."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.errors import Conflict
from congress.core.time import UTCDateTime
from congress.extensions import db


class GroupStatus(str, enum.Enum):
    pending = "pending"
    open = "open"
    closed = "closed"

    @property
    def title(self):
        return {GroupStatus.pending: _l("Not started"), GroupStatus.open: _l("In session"),
                GroupStatus.closed: _l("Ended")}[self]


class GroupSession(db.Model):
    """A delegation's group deliberation (分组审议) of the meeting's reports."""

    __tablename__ = "group_sessions"
    __table_args__ = (UniqueConstraint("meeting_id", "delegation_id"),)
    label = _l("group session")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    status: Mapped[GroupStatus] = mapped_column(
        Enum(GroupStatus, native_enum=False, length=16, create_constraint=True,
             name="group_status"), default=GroupStatus.pending)
    recorder_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegates.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting = relationship("Meeting")
    delegation = relationship("Delegation")
    recorder = relationship("Delegate")
    attendance = relationship("GroupAttendance", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<GroupSession {self.id} delegation={self.delegation_id} {self.status.value}>"

    @property
    def is_pending(self):
        return self.status is GroupStatus.pending

    @property
    def is_open(self):
        return self.status is GroupStatus.open

    @property
    def is_closed(self):
        return self.status is GroupStatus.closed

    def start(self, when):
        if self.status is not GroupStatus.pending:
            raise Conflict(_l("The group session has already started."), code="wrong_phase")
        self.status, self.started_at = GroupStatus.open, when

    def end(self, when):
        if self.status is not GroupStatus.open:
            raise Conflict(_l("The group session is not in session."), code="wrong_phase")
        self.status, self.ended_at = GroupStatus.closed, when

    def reopen(self):
        if self.status is not GroupStatus.closed:
            raise Conflict(_l("Only an ended group session can be reopened."), code="wrong_phase")
        self.status, self.ended_at = GroupStatus.open, None


class GroupPresence(str, enum.Enum):
    present = "present"
    on_leave = "on_leave"
    absent = "absent"

    @property
    def title(self):
        return {GroupPresence.present: _l("Present"), GroupPresence.on_leave: _l("On leave"),
                GroupPresence.absent: _l("Absent")}[self]


class GroupAttendance(db.Model):
    """Who attended the group session, as the recorder marks it."""

    __tablename__ = "group_attendances"

    session_id: Mapped[int] = mapped_column(ForeignKey("group_sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"),
                                             primary_key=True)
    status: Mapped[GroupPresence] = mapped_column(
        Enum(GroupPresence, native_enum=False, length=16, create_constraint=True,
             name="group_presence"))

    def __repr__(self):
        return f"<GroupAttendance session={self.session_id} delegate={self.delegate_id}>"
