"""Studios, duties and residents' concerns.

A concern moves received → answered (settled on the spot) | referred (to a handling unit) →
replied (by that unit) → closed (the resident's satisfaction), or back to referred when the
resident is unsatisfied. Each step leaves a `ConcernEvent`; the deadlines (`refer_by`, `due_on`)
are working days on China's official calendar (core.workdays), set by services.py."""
import enum
import secrets
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, ForeignKey, Index, String, Text, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.time import UTCDateTime, to_local, utcnow
from congress.extensions import db

TEXT_LENGTH = 4000          # a concern's text, an answer, a reply
NAME_LENGTH = 100
CONTACT_LENGTH = 100
CATEGORY_LENGTH = 50


def stored_enum(cls, name, length=24):
    return Enum(cls, native_enum=False, length=length, create_constraint=True, name=name,
                validate_strings=True)


class Channel(str, enum.Enum):
    reception = "reception"   # at the studio (接待)
    phone = "phone"
    visit = "visit"           # a home visit (走访)
    online = "online"         # the public page (有事找代表)

    @property
    def title(self):
        return CHANNEL_TITLES[self]


CHANNEL_TITLES = {
    Channel.reception: _l("Reception at the studio"),
    Channel.phone: _l("Phone"),
    Channel.visit: _l("Home visit"),
    Channel.online: _l("Online"),
}


class ConcernStatus(str, enum.Enum):
    received = "received"
    answered = "answered"     # settled on the spot (当场答复)
    referred = "referred"     # passed to a handling unit (转办)
    replied = "replied"       # the unit has replied
    closed = "closed"         # the resident's satisfaction recorded (办结)

    @property
    def title(self):
        return STATUS_TITLES[self]


STATUS_TITLES = {
    ConcernStatus.received: _l("Received"),
    ConcernStatus.answered: _l("Answered on the spot"),
    ConcernStatus.referred: _l("Referred"),
    ConcernStatus.replied: _l("Replied"),
    ConcernStatus.closed: _l("Settled"),  # 办结
}


class ConcernRating(str, enum.Enum):
    satisfied = "satisfied"
    basically_satisfied = "basically_satisfied"
    unsatisfied = "unsatisfied"

    @property
    def title(self):
        return RATING_TITLES[self]


RATING_TITLES = {
    ConcernRating.satisfied: _l("Satisfied"),
    ConcernRating.basically_satisfied: _l("Basically satisfied"),
    ConcernRating.unsatisfied: _l("Unsatisfied"),
}


class EventKind(str, enum.Enum):
    received = "received"
    answered = "answered"
    referred = "referred"
    replied = "replied"
    feedback = "feedback"

    @property
    def title(self):
        return EVENT_TITLES[self]


EVENT_TITLES = {
    EventKind.received: _l("Received"),
    EventKind.answered: _l("Answered on the spot"),
    EventKind.referred: _l("Referred"),
    EventKind.replied: _l("Replied"),
    EventKind.feedback: _l("Feedback"),
}

# what the resident sees of a concern's history (Concern.replies)
REPLY_KINDS = (EventKind.answered, EventKind.replied)


def new_tracking_code():
    """12 characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 60 bits."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Studio(db.Model):
    """A delegate studio (党代表工作室) of one organisation."""

    __tablename__ = "studios"
    label = _l("studio")

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    # free text, e.g. "每周四 8:00-11:00"
    reception_hours: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation")
    duties = relationship("Duty", back_populates="studio", order_by="Duty.starts_at",
                          lazy="dynamic", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Studio {self.id} {self.name}>"


class Duty(db.Model):
    """One delegate's turn at a studio (值班); `checked_in_at` once they arrive."""

    __tablename__ = "studio_duties"
    label = _l("duty")
    __table_args__ = (Index("ix_studio_duties_delegate_starts", "delegate_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studios.id", ondelete="CASCADE"),
                                           index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    studio = relationship(Studio, back_populates="duties")
    delegate = relationship("Delegate")

    def __repr__(self):
        return f"<Duty {self.id} studio={self.studio_id} delegate={self.delegate_id}>"

    @property
    def organisation_id(self):
        """The studio's organisation (the audit record's)."""
        return self.studio.organisation_id

    def is_on_its_day(self, at):
        """`at` is on the duty's (local) day and not after its end: when one checks in."""
        return to_local(at).date() == to_local(self.starts_at).date() and at <= self.ends_at

    def may_check_in(self, at):
        return self.checked_in_at is None and self.is_on_its_day(at)


class Concern(db.Model):
    """A resident's concern (民情诉求). `resident_name` and `contact` are personal data: shown
    only to the delegate who took it, the organisation's secretariat and the unit it is
    referred to (access.may_see_personal), masked elsewhere."""

    __tablename__ = "concerns"
    label = _l("concern")
    __table_args__ = (Index("ix_concerns_organisation_status", "organisation_id", "status"),
                      Index("ix_concerns_organisation_received", "organisation_id",
                            "received_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    studio_id: Mapped[int] = mapped_column(ForeignKey("studios.id"), index=True)
    channel: Mapped[Channel] = mapped_column(stored_enum(Channel, "concern_channel", 16))
    category: Mapped[str | None] = mapped_column(String(CATEGORY_LENGTH))
    text: Mapped[str] = mapped_column(Text)
    resident_name: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    contact: Mapped[str | None] = mapped_column(String(CONTACT_LENGTH))
    # the delegate who took it; none when it came through the public page
    taken_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegates.id", ondelete="SET NULL"), index=True)
    status: Mapped[ConcernStatus] = mapped_column(
        stored_enum(ConcernStatus, "concern_status", 16), default=ConcernStatus.received)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True,
                                               default=new_tracking_code)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    refer_by: Mapped[date]
    referred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("handling_units.id"), index=True)
    due_on: Mapped[date | None]
    answer: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[ConcernRating | None] = mapped_column(
        stored_enum(ConcernRating, "concern_rating", 24))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # how many times it has been referred (1 after the first referral)
    referrals: Mapped[int] = mapped_column(default=0)

    organisation = relationship("Organisation")
    studio = relationship(Studio)
    taken_by = relationship("Delegate")
    unit = relationship("HandlingUnit")
    events = relationship("ConcernEvent", back_populates="concern",
                          order_by="(ConcernEvent.at, ConcernEvent.id)",
                          cascade="all, delete-orphan")
    # What the resident sees: the answer on the spot and each reply of a unit. Read-only
    # (steps are added to `events`), so a list loads just these rows, not the whole history.
    replies = relationship(
        "ConcernEvent", viewonly=True, order_by="(ConcernEvent.at, ConcernEvent.id)",
        primaryjoin=lambda: and_(ConcernEvent.concern_id == Concern.id,
                                 ConcernEvent.kind.in_(REPLY_KINDS)))

    def __repr__(self):
        return f"<Concern {self.id} {self.status.value}>"

    @property
    def is_received(self):
        return self.status is ConcernStatus.received

    @property
    def is_referred(self):
        return self.status is ConcernStatus.referred

    @property
    def may_be_referred(self):
        """Referred (again) while nobody has replied: received or referred."""
        return self.status in (ConcernStatus.received, ConcernStatus.referred)

    @property
    def awaits_feedback(self):
        """Answered on the spot or replied by the unit: the resident's satisfaction is next."""
        return self.status in (ConcernStatus.answered, ConcernStatus.replied)

    @property
    def next_deadline(self):
        """The day the next step is due: referral by `refer_by`, the unit's reply by `due_on`."""
        if self.is_received:
            return self.refer_by
        return self.due_on if self.is_referred else None

    def is_overdue(self, today):
        return overdue_on(self, today)


def overdue_on(concern, today):
    """Not referred by `refer_by`, or not replied by `due_on` (督办). `concern`: a Concern or
    a row with its columns (the API's list reads rows: queries.concern_list_page)."""
    if concern.status == ConcernStatus.received:
        return today > concern.refer_by
    if concern.status == ConcernStatus.referred:
        return concern.due_on is not None and today > concern.due_on
    return False


class ConcernEvent(db.Model):
    """One step of a concern's history: receipt, the answer on the spot, a referral (with the
    note to the unit), the unit's reply, the resident's feedback. Replies and answers are
    what the resident sees on the tracking page (the text and the time, nobody's name)."""

    __tablename__ = "concern_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[EventKind] = mapped_column(stored_enum(EventKind, "concern_event_kind", 16))
    text: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("handling_units.id"))
    rating: Mapped[ConcernRating | None] = mapped_column(
        stored_enum(ConcernRating, "concern_event_rating", 24))

    concern = relationship(Concern, back_populates="events")
    by_user = relationship("User")
    unit = relationship("HandlingUnit")

    def __repr__(self):
        return f"<ConcernEvent {self.concern_id} {self.kind.value}>"
