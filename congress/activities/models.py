"""The delegates' term work outside the studios: activities (列席, 评议, 督查, 调研 ...), each
delegate's contact list (联系党员群众) with every contact logged, and the yearly requirements an
organisation sets for its delegates (the ledger, 履职档案, measures them: ledger.py)."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db

TITLE_LENGTH = 200
PLACE_LENGTH = 200
NOTE_LENGTH = 2000
NAME_LENGTH = 100
PHONE_LENGTH = 32


def stored_enum(cls, name, length=24):
    return Enum(cls, native_enum=False, length=length, create_constraint=True, name=name,
                validate_strings=True)


class ActivityKind(str, enum.Enum):
    plenary_attendance = "plenary_attendance"  # 列席 a committee plenary
    evaluation = "evaluation"                  # 评议
    inspection = "inspection"                  # 督查 of central tasks
    research = "research"                      # 调研
    contact = "contact"                        # contacts with party members and residents
    other = "other"

    @property
    def title(self):
        return KIND_TITLES[self]


KIND_TITLES = {
    ActivityKind.plenary_attendance: _l("Plenary attendance"),
    ActivityKind.evaluation: _l("Evaluation meeting"),
    ActivityKind.inspection: _l("Inspection"),
    ActivityKind.research: _l("Research"),
    ActivityKind.contact: _l("Contact with party members and residents"),
    ActivityKind.other: _l("Other activity"),
}


class ContactKind(str, enum.Enum):
    party_member = "party_member"
    resident = "resident"

    @property
    def title(self):
        return CONTACT_TITLES[self]


CONTACT_TITLES = {ContactKind.party_member: _l("Party member"),
                  ContactKind.resident: _l("Resident")}


class ActivityDelegate(db.Model):
    """A delegate who took part in an activity."""

    __tablename__ = "activity_delegates"
    __table_args__ = (Index("ix_activity_delegates_delegate_id", "delegate_id"),)

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    delegate_id: Mapped[int] = mapped_column(
        ForeignKey("delegates.id", ondelete="CASCADE"), primary_key=True)

    def __repr__(self):
        return f"<ActivityDelegate {self.activity_id} {self.delegate_id}>"


class Activity(db.Model):
    """An activity of an organisation's delegates on one day."""

    __tablename__ = "activities"
    label = _l("activity")
    __table_args__ = (Index("ix_activities_organisation_held_on", "organisation_id", "held_on"),
                      Index("ix_activities_held_on_kind", "held_on", "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[ActivityKind] = mapped_column(stored_enum(ActivityKind, "activity_kind"))
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    held_on: Mapped[date]
    place: Mapped[str | None] = mapped_column(String(PLACE_LENGTH))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation")
    delegates = relationship("Delegate", secondary="activity_delegates",
                             order_by="Delegate.id", viewonly=True)

    def __repr__(self):
        return f"<Activity {self.id} {self.kind.value} {self.held_on}>"


class Contact(db.Model):
    """A party member or resident a delegate keeps in contact with. `phone` is personal data:
    shown to the delegate and their organisation's secretariat only."""

    __tablename__ = "delegate_contacts"
    label = _l("contact")

    id: Mapped[int] = mapped_column(primary_key=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"),
                                             index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    kind: Mapped[ContactKind] = mapped_column(stored_enum(ContactKind, "contact_kind", 16))
    phone: Mapped[str | None] = mapped_column(String(PHONE_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegate = relationship("Delegate")
    logs = relationship("ContactLog", back_populates="contact",
                        order_by="(ContactLog.contacted_on.desc(), ContactLog.id.desc())",
                        cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Contact {self.id} {self.name}>"


class ContactLog(db.Model):
    """One contact made (a visit, a call, a talk) on one day."""

    __tablename__ = "contact_logs"
    label = _l("contact log")
    __table_args__ = (Index("ix_contact_logs_contact_on", "contact_id", "contacted_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("delegate_contacts.id",
                                                       ondelete="CASCADE"))
    contacted_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(String(NOTE_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contact = relationship(Contact, back_populates="logs")

    def __repr__(self):
        return f"<ContactLog {self.contact_id} {self.contacted_on}>"


class Requirements(db.Model):
    """An organisation's yearly requirements for each of its delegates (the secretariat sets
    them; without a row the defaults below apply)."""

    __tablename__ = "ledger_requirements"
    __table_args__ = (CheckConstraint("duties >= 0 AND contacts >= 0 AND activities >= 0",
                                      name="requirements_not_negative"),)
    DEFAULTS = {"duties": 2, "contacts": 5, "contacts_each_quarter": True, "activities": 2}

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"),
                                                 primary_key=True)
    duties: Mapped[int] = mapped_column(default=2)         # studio duties served
    contacts: Mapped[int] = mapped_column(default=5)       # contacts kept
    # a contact counts only when contacted in every quarter of the year begun so far
    contacts_each_quarter: Mapped[bool] = mapped_column(default=True)
    activities: Mapped[int] = mapped_column(default=2)     # activities of any kind
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self):
        return f"<Requirements {self.organisation_id}>"

    def as_dict(self):
        return {key: getattr(self, key) for key in self.DEFAULTS}
