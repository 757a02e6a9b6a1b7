"""Notifications: a reminder in the app for one user, and by email when mail is configured
(docs/decisions.md, "Mail and reminders: exactly once").

- Exactly once per reminder: a row is identified by (kind, object, user, due key) with a unique
  constraint, and created with INSERT ... ON CONFLICT DO NOTHING, so two workers finding the
  same due reminder at once make one row (and one entry in the app).
- Exactly once per email: a worker claims a row with one UPDATE that only succeeds while the
  row is unsent and not leased (`mail_next_at <= now`), which sets a lease and its own claim
  token; it commits, talks to the SMTP server with no transaction open, then marks the row
  sent (or, on failure, frees it for a later try) only if its token is still there. A second
  worker's claim of the same row changes nothing, so it never sends. A sent row is never
  claimed again. The one window left: a worker that dies after the server accepted the message
  and before it marked the row sent; the lease runs out and the message goes again (SMTP has
  no two-phase commit; this is the usual at-least-once edge, written down in decisions.md).
- Areas say what is due; core knows none of them: an area registers a finder with
  `core.periodic.periodic`, which the job worker runs on its schedule.
"""
import logging
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from congress.core import mail
from congress.core.audit import record
from congress.core.database import dialect_name
from congress.core.errors import Invalid
from congress.core.job_worker import writing
from congress.core.periodic import periodic
from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db

log = logging.getLogger(__name__)


class Notification(db.Model):
    """One reminder for one user: shown in the app until read, and mailed once if it can be."""

    __tablename__ = "notifications"
    label = _l("notification")
    __table_args__ = (
        UniqueConstraint("kind", "object_id", "user_id", "due_key"),
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_mail_next_at", "mail_next_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # what it is about (kind and id: core knows no area's models) and which occasion
    # (e.g. the deadline's date): a new deadline is a new reminder, the same one is not
    kind: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int] = mapped_column(Integer)
    due_key: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))  # a path inside the app
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # email: the address when it was made (None: no mail for this one), when it may be tried
    # next (also the lease of the worker sending it), the claim of that worker, tries so far
    mail_to: Mapped[str | None] = mapped_column(String(254))
    mail_next_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_claim: Mapped[str | None] = mapped_column(String(32))
    mail_attempts: Mapped[int] = mapped_column(Integer, default=0)
    mail_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_error: Mapped[str | None] = mapped_column(String(500))

    def __repr__(self):
        return f"<Notification {self.id} {self.kind}:{self.object_id} user {self.user_id}>"

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def is_mail_sent(self):
        return self.mail_sent_at is not None

    def can_read(self, user):
        return user.is_authenticated and user.id == self.user_id


def mail_on():
    return mail.settings(current_app.config) is not None


def _insert():
    if dialect_name() == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(Notification)


def notify_once(user, kind, object_id, due_key, subject, body, link=None):
    """Remind `user` of (kind, object_id) for the occasion `due_key`, unless that reminder
    exists already (made earlier, or just now by another worker). Returns True when this call
    made it. The email goes out later, from the worker (deliver_mail), after this commits."""
    now = utcnow()
    address = getattr(user, "email", None) if mail_on() else None
    statement = _insert().values(
        user_id=user.id, kind=kind, object_id=object_id, due_key=str(due_key)[:32],
        subject=str(subject)[:200], body=str(body), link=link, created_at=now,
        mail_to=address or None, mail_next_at=now if address else None, mail_attempts=0,
    ).on_conflict_do_nothing(index_elements=["kind", "object_id", "user_id", "due_key"])
    # RETURNING says whether a row was made (rowcount is not reliable for every driver)
    made = db.session.execute(statement.returning(Notification.id)).scalar()
    return made is not None


def unread_count(user):
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def recent(user, limit=50):
    """The user's notifications, unread first, newest first."""
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc(),
                  Notification.id.desc()).limit(limit)).all()


def mark_read(notification):
    """Mark one notification read (a user's own; the caller checked can_read)."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
        return True
    return False


def mark_all_read(user):
    return db.session.execute(
        update(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
EMAIL_LENGTH = 254


def set_reminder_email(user, address):
    """The address the user's reminders are mailed to (their own choice; empty: none). Later
    reminders use it; one made already keeps the address it was made with."""
    address = (address or "").strip()
    if address and (len(address) > EMAIL_LENGTH or not EMAIL.fullmatch(address)):
        raise Invalid(_l("email: not an email address"), field="email")
    before = user.email
    user.email = address or None
    db.session.flush()
    record(user, "user.set_email", user, before={"email": before}, after={"email": user.email})
    return user


# --- the worker side: email ------------------------------------------------------------------

def _due_ids(now, limit):
    config = current_app.config
    with writing():  # a short read; on SQLite it must see the newest rows
        return db.session.scalars(
            select(Notification.id).where(
                Notification.mail_to.is_not(None), Notification.mail_sent_at.is_(None),
                Notification.mail_next_at <= now,
                Notification.mail_attempts < config["MAIL_MAX_ATTEMPTS"])
            .order_by(Notification.mail_next_at, Notification.id).limit(limit)).all()


def _claim(notification_id, token):
    """Lease the row for this worker; the message to send, or None when another worker has it
    or it went already."""
    now = utcnow()
    lease = now + timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    with writing():
        claimed = db.session.execute(
            update(Notification).where(
                Notification.id == notification_id, Notification.mail_sent_at.is_(None),
                Notification.mail_to.is_not(None), Notification.mail_next_at <= now)
            .values(mail_claim=token, mail_next_at=lease,
                    mail_attempts=Notification.mail_attempts + 1)
            .execution_options(synchronize_session=False)).rowcount
        if claimed != 1:
            return None
        row = db.session.execute(select(Notification.mail_to, Notification.subject,
                                        Notification.body)
                                 .where(Notification.id == notification_id)).one()
        return tuple(row)


def _settle(notification_id, token, error=None):
    """Sent (error None) or free for a later try; only if this worker's claim still holds."""
    now = utcnow()
    if error is None:
        values = {"mail_sent_at": now, "mail_claim": None, "mail_error": None}
    else:
        retry = timedelta(seconds=current_app.config["MAIL_RETRY_SECONDS"])
        values = {"mail_next_at": now + retry, "mail_claim": None,
                  "mail_error": str(error)[:500]}
    with writing():
        return db.session.execute(
            update(Notification).where(Notification.id == notification_id,
                                       Notification.mail_claim == token)
            .values(**values).execution_options(synchronize_session=False)).rowcount == 1


@periodic("congress.deliver_mail")
def deliver_mail(limit=200):
    """Send the notifications' emails that are due (the job worker, every minute). Returns
    (sent, failed). With mail off it does nothing. A server that cannot be reached leaves
    every claimed row unsent, to be tried again after MAIL_RETRY_SECONDS."""
    smtp = mail.settings(current_app.config)
    if smtp is None:
        return 0, 0
    ids = _due_ids(utcnow(), limit)
    if not ids:
        return 0, 0
    db.session.remove()
    sent = failed = 0
    token = secrets.token_hex(16)
    connection = None
    try:
        for notification_id in ids:
            claimed = _claim(notification_id, token)
            db.session.remove()
            if claimed is None:  # another worker has it, or it went already
                continue
            address, subject, body = claimed
            try:
                if connection is None:
                    connection = mail.Connection(smtp).__enter__()
                connection.send(mail.compose(smtp, address, subject, body))
            except mail.MailError as error:
                log.warning("mail: notification %s not sent: %s", notification_id, error)
                _settle(notification_id, token, error)
                db.session.remove()
                failed += 1
                if connection is None:
                    break  # the server cannot be reached: the rest wait for the next run
                continue
            _settle(notification_id, token)
            db.session.remove()
            sent += 1
    finally:
        if connection is not None:
            connection.__exit__(None, None, None)
        db.session.remove()
    return sent, failed
