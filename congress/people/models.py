import secrets
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from congress.core.auth import Permissions, Role
from congress.core.time import UTCDateTime, local_today, utcnow
from congress.extensions import db

GENDERS = {"male": _l("Male"), "female": _l("Female")}


def new_security_stamp():
    return secrets.token_hex(16)


def hash_password(password, method=None):
    """The slow, salted hash of a password or PIN (scrypt outside tests): seconds of CPU for a
    few dozen, so never under SQLite's write lock (people.services.Credentials)."""
    return generate_password_hash(
        password, method=method or current_app.config["PASSWORD_HASH_METHOD"])


class HandlingUnit(db.Model):
    """A government department or body that handles proposals (承办单位)."""

    __tablename__ = "handling_units"
    label = _l("handling unit")

    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation")

    def __repr__(self):
        return f"<HandlingUnit {self.id} {self.name}>"


class User(Permissions, UserMixin, db.Model):
    __tablename__ = "users"
    label = _l("account")

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # the organisation the account acts in (an organiser also reads below it)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, validate_strings=True, create_constraint=True,
             name="role")
    )
    password_hash: Mapped[str] = mapped_column(String(256))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("handling_units.id"))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    # where reminders are mailed (core/notifications.py); none: reminders in the app only
    email: Mapped[str | None] = mapped_column(String(254))
    # Part of every page session (get_id): a new stamp ends all of the user's sessions
    # (people.services.end_sessions)
    security_stamp: Mapped[str] = mapped_column(String(32), default=new_security_stamp)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation", lazy="joined")
    unit = relationship(HandlingUnit)
    delegate = relationship("Delegate", back_populates="user", uselist=False)

    def __repr__(self):
        return f"<User {self.id} {self.username} {self.role.value}>"

    @property
    def is_active(self):
        return self.is_enabled

    def get_id(self):
        """What Flask-Login keeps in the session cookie: the id and the security stamp, so a
        new stamp turns every earlier cookie away (core.web's user_loader compares them)."""
        return f"{self.id}:{self.security_stamp}"

    def set_password(self, password):
        self.password_hash = hash_password(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)


class Delegation(db.Model):
    """A delegation (代表团) of one congress, e.g. 瑶海区代表团: it stays for the whole term."""

    __tablename__ = "delegations"
    __table_args__ = (UniqueConstraint("congress_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"),
                                             index=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)

    congress = relationship("Congress", back_populates="delegations")
    delegates = relationship("Delegate", back_populates="delegation", order_by="Delegate.id")

    def __repr__(self):
        return f"<Delegation {self.id} {self.name}>"


class DelegateGroup(db.Model):
    """A delegate group (代表小组) of one congress: the delegates who work together between
    meetings (the term work gives it a convener and activities)."""

    __tablename__ = "delegate_groups"
    label = _l("delegate group")
    __table_args__ = (UniqueConstraint("congress_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"),
                                             index=True)
    name: Mapped[str] = mapped_column(String(100))
    # the convener (召集人), one of its members; the key closes a circle with delegates.group_id
    convener_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegates.id", ondelete="SET NULL", use_alter=True), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    convener = relationship("Delegate", foreign_keys=[convener_id], post_update=True)

    def __repr__(self):
        return f"<DelegateGroup {self.id} {self.name}>"


class Delegate(db.Model):
    """A delegate of one congress, for its whole term: one login (the username and PIN on the
    card) for every annual meeting of the term. A meeting's roster is the congress's delegates
    whose term is active on its first day (meetings.roster)."""

    __tablename__ = "delegates"
    label = _l("delegate")
    __table_args__ = (UniqueConstraint("congress_id", "name", "delegation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"),
                                             index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("delegate_groups.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(8))
    work_unit: Mapped[str | None] = mapped_column(String(200))
    job_title: Mapped[str | None] = mapped_column(String(200))
    seat: Mapped[str | None] = mapped_column(String(32))
    is_grassroots: Mapped[bool] = mapped_column(default=False)
    # the term: from election (or a by-election, 补选) to the end of the congress's term, or
    # to the termination of the qualification (终止代表资格)
    active_from: Mapped[date]
    terminated_on: Mapped[date | None]
    termination_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    congress = relationship("Congress")
    delegation = relationship(Delegation, back_populates="delegates")
    group = relationship(DelegateGroup, foreign_keys=[group_id])
    user = relationship(User, back_populates="delegate")

    def __repr__(self):
        return f"<Delegate {self.id} {self.name}>"

    @property
    def username(self):
        return self.user.username

    def active_on(self, day):
        """Whether the qualification holds on `day` (the day of termination is not)."""
        return self.active_from <= day and (self.terminated_on is None
                                            or day < self.terminated_on)

    def on_roster_of(self, meeting):
        """Whether the delegate is on `meeting`'s roster: of its congress and active on its
        first day (any object with congress_id and starts_on: a Meeting or a vote target)."""
        return self.congress_id == meeting.congress_id and self.active_on(meeting.starts_on)

    def meetings(self):
        """The annual meetings of the term whose roster the delegate is on, in order."""
        return [meeting for meeting in self.congress.meetings if self.on_roster_of(meeting)]

    def current_meeting(self):
        """The meeting the tablet opens: the latest one on whose roster the delegate is."""
        meetings = self.meetings()
        return meetings[-1] if meetings else None

    def is_terminated(self, today=None):
        """Whether the qualification has ended (by `today`, default the local date)."""
        if self.terminated_on is None:
            return False
        return self.terminated_on <= (today or local_today())


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship(User)

    def __repr__(self):
        return f"<ApiToken {self.id} user={self.user_id}>"


class LoginFailure(db.Model):
    """A failed login, kept for the throttle (per account and per address, across workers)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    def __repr__(self):
        return f"<LoginFailure {self.username} {self.address}>"
