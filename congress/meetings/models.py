import enum
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db
from congress.meetings.settings import merged_settings
from congress.people.models import Delegate


class Meeting(db.Model):
    """One annual session (年会) of the party congress."""

    __tablename__ = "meetings"
    label = _l("meeting")
    __table_args__ = (
        CheckConstraint("quorum_ratio > 0 AND quorum_ratio < 1", name="quorum_ratio_range"),
        CheckConstraint("min_signers >= 1", name="min_signers_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # the congress it is an annual meeting of, and that congress's organisation (kept here
    # too: every scope check starts at a meeting, and needs no join)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    # the first day, which decides the roster (meetings.roster)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    venue: Mapped[str | None] = mapped_column(String(200))
    quorum_ratio: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal("0.5"))
    min_signers: Mapped[int] = mapped_column(default=10)
    proposal_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    congress = relationship("Congress", back_populates="meetings")
    organisation = relationship("Organisation")
    agenda_items = relationship("AgendaItem", back_populates="meeting",
                                order_by="AgendaItem.position")

    def __repr__(self):
        return f"<Meeting {self.id} {self.year} {self.title}>"

    @property
    def delegations(self):
        """The congress's delegations (代表团 are of the term, not of one meeting)."""
        return self.congress.delegations

    @property
    def options(self):
        """Runtime settings with defaults filled in."""
        return merged_settings(self.settings)

    def quorum_needed(self, due):
        """The smallest attendance that makes a quorum: present > due * ratio."""
        ratio = Fraction(str(self.quorum_ratio))
        return int(due * ratio) + 1


class AgendaKind(str, enum.Enum):
    plenary_report = "plenary_report"
    group_review = "group_review"
    debrief = "debrief"
    ballot = "ballot"
    other = "other"

    @property
    def title(self):
        return AGENDA_KIND_TITLES[self]


AGENDA_KIND_TITLES = {
    AgendaKind.plenary_report: _l("Plenary report"),
    AgendaKind.group_review: _l("Group review"),
    AgendaKind.debrief: _l("Debrief"),
    AgendaKind.ballot: _l("Ballot"),
    AgendaKind.other: _l("Other"),
}


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"
    label = _l("agenda item")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int]
    kind: Mapped[AgendaKind] = mapped_column(
        Enum(AgendaKind, native_enum=False, length=32, create_constraint=True, name="agenda_kind")
    )
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str | None] = mapped_column(Text)

    meeting = relationship(Meeting, back_populates="agenda_items")

    def __repr__(self):
        return f"<AgendaItem {self.id} #{self.position} {self.kind.value}>"


class AttendanceStatus(str, enum.Enum):
    present = "present"
    on_leave = "on_leave"

    @property
    def title(self):
        return {AttendanceStatus.present: _l("Checked in"),
                AttendanceStatus.on_leave: _l("On leave")}[self]


class Attendance(db.Model):
    """A delegate's check-in (签到) or leave (请假) at one meeting; at most one row per delegate
    and meeting."""

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "delegate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"))
    status: Mapped[AttendanceStatus] = mapped_column(
        Enum(AttendanceStatus, native_enum=False, length=16, create_constraint=True,
             name="attendance_status")
    )
    method: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    meeting = relationship(Meeting)
    delegate = relationship("Delegate")

    def __repr__(self):
        return f"<Attendance delegate={self.delegate_id} {self.status.value}>"

    @property
    def is_present(self):
        return self.status is AttendanceStatus.present

    @property
    def is_on_leave(self):
        return self.status is AttendanceStatus.on_leave


class MeetingSeat(db.Model):
    """A delegate's seat at one meeting (座位 of that annual session), where it is not the
    seat kept on the delegate for the term (the default)."""

    __tablename__ = "meeting_seats"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            primary_key=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"),
                                             primary_key=True)
    seat: Mapped[str] = mapped_column(String(32))

    def __repr__(self):
        return f"<MeetingSeat meeting={self.meeting_id} delegate={self.delegate_id} {self.seat}>"


def on_roster(meeting):
    """The SQL condition for "on `meeting`'s roster": a delegate of its congress whose term is
    active on its first day (Delegate.on_roster_of is the same rule for one delegate)."""
    return and_(Delegate.congress_id == meeting.congress_id,
                Delegate.active_from <= meeting.starts_on,
                or_(Delegate.terminated_on.is_(None), Delegate.terminated_on > meeting.starts_on))


def attended(meeting):
    """The join condition from Delegate to its Attendance row at `meeting`."""
    return and_(Attendance.delegate_id == Delegate.id, Attendance.meeting_id == meeting.id)
