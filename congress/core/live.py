"""Live updates: an event outbox, one broker per process, Server-Sent Events.

- `publish(meeting, type, data)` adds an `Event` row to the current transaction. The row and the
  change it announces commit together or not at all. An event belongs to a meeting or, for the
  term's work between meetings, to an organisation (`publish_to_organisation`): a stream
  follows one channel, a meeting's (its id) or an organisation's (`organisation_channel`).
  On PostgreSQL the same transaction sends `NOTIFY congress_events` (delivered only on
  commit) and takes a transaction-level advisory lock first, so event ids become visible in
  id order: a reader that has seen id N will never later find a committed id below N.
- `touch(meeting_id, kind, key)` announces a derived figure that changed (a ballot's turnout):
  nothing is stored; brokers recompute it at most once per `LIVE_TICK_SECONDS` and push it
  without an id. A vote is never an event row, so a burst of votes costs no event per vote.
- After commit the process wakes its broker; other processes hear NOTIFY (PostgreSQL) or find
  new rows on their next poll (SQLite, every `LIVE_POLL_SECONDS`).
- The broker and the stream that read these rows are congress/core/live_stream.py.
"""
import json
import logging
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    event as sa_event,
    func,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from congress.core.database import dialect_name
from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db

log = logging.getLogger(__name__)

CHANNEL = "congress_events"
ORDER_LOCK_KEY = 7_201_226  # pg_advisory_xact_lock key that orders event commits
LISTEN_WAIT_SECONDS = 30.0  # the LISTEN loop looks up at least this often (to stop)


# an event is a meeting's or an organisation's, never both
ONE_SCOPE = "(meeting_id IS NULL) <> (organisation_id IS NULL)"


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (CheckConstraint(ONE_SCOPE, name="one_scope"),
                      {"sqlite_autoincrement": True})  # ids are never reused: streams resume by id

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                                   index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    # on an organisation's channel, who besides its staff receives the event: space-separated
    # tokens ("unit:3 delegate:12"); none: its staff only (see `receives`)
    audience: Mapped[str | None] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def encode(self):
        return encode(self.type, self.data, self.id)

    @property
    def channel(self):
        return channel_of(self.meeting_id, self.organisation_id)

    def __repr__(self):
        return f"<Event {self.id} {self.type} channel={self.channel}>"


EVERYONE = frozenset({"*"})  # a subscriber that receives every event of its channel


def receives(audiences, audience):
    """Whether a subscriber of `audiences` (EVERYONE, or tokens such as {"unit:3"}) receives
    an event for `audience` (None: the channel's whole audience is EVERYONE's only; else
    space-separated tokens)."""
    return "*" in audiences or (audience is not None
                                and not audiences.isdisjoint(audience.split()))


def organisation_channel(organisation_id):
    """The channel of an organisation's events (a meeting's channel is its id)."""
    return ("organisation", organisation_id)


def channel_of(meeting_id, organisation_id):
    return meeting_id if meeting_id is not None else organisation_channel(organisation_id)


def encode(type_, data, event_id=None):
    """One Server-Sent Events message."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"{head}event: {type_}\ndata: {body}\n\n"


# --- the write side: in the caller's transaction -----------------------------------------------

def _is_postgres():
    return dialect_name() == "postgresql"


def publish(meeting, type_, data):
    """Queue an event for the meeting in the current transaction."""
    return _add(Event(meeting_id=_id(meeting), type=type_, data=data))


def publish_to_organisation(organisation, type_, data, audience=()):
    """Queue an event for the organisation's own stream (its pages between meetings): for its
    staff and, when named, for `audience` as well (tokens such as "unit:3", "delegate:12":
    the unit's users, the delegate's pages)."""
    return _add(Event(organisation_id=_id(organisation), type=type_, data=data,
                      audience=" ".join(sorted(audience)) or None))


def _id(holder):
    return holder if isinstance(holder, int) else holder.id


def _add(event):
    if _is_postgres():
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ORDER_LOCK_KEY})
        db.session.execute(text("SELECT pg_notify(:channel, 'e')"), {"channel": CHANNEL})
    db.session.add(event)
    db.session().info["live_wake"] = True
    return event


def check_streams_after_commit():
    """Ask the broker, after this transaction commits, to check whose streams must end
    (sessions or tokens were ended)."""
    db.session().info["live_check"] = True


def touch(meeting_id, kind, key, notified=False):
    """Announce, after commit, that a derived figure (kind, key) of a meeting changed.
    `notified`: the caller already sent tick_notice() with one of its own statements."""
    if _is_postgres() and not notified:
        db.session.execute(text("SELECT pg_notify(:channel, :payload)"),
                           tick_notice(meeting_id, kind, key))
    db.session().info.setdefault("live_ticks", set()).add((meeting_id, kind, key))


def tick_notice(meeting_id, kind, key):
    """The parameters of the NOTIFY that tells other processes about a tick (PostgreSQL)."""
    return {"channel": CHANNEL, "payload": f"t:{meeting_id}:{kind}:{key}"}


@sa_event.listens_for(Session, "after_commit")
def _after_commit(session):
    wake = session.info.pop("live_wake", False)
    ticks = session.info.pop("live_ticks", None)
    check = session.info.pop("live_check", False)
    if (wake or ticks or check) and has_app_context():
        current_app.extensions["live_broker"].wake(ticks or (), check_streams=check)


@sa_event.listens_for(Session, "after_rollback")
def _after_rollback(session):
    session.info.pop("live_wake", None)
    session.info.pop("live_ticks", None)
    session.info.pop("live_check", None)


# --- reading ------------------------------------------------------------------------------------

def latest_id():
    return db.session.scalar(select(func.max(Event.id))) or 0


def events_after(channel, after_id, audiences=EVERYONE):
    """The channel's events after `after_id` that `audiences` receives, oldest first."""
    of_channel = Event.organisation_id == channel[1] if isinstance(channel, tuple) \
        else Event.meeting_id == channel
    events = db.session.scalars(select(Event).where(of_channel, Event.id > after_id)
                                .order_by(Event.id)).all()
    return [e for e in events if receives(audiences, e.audience)]


# --- ticks: derived figures recomputed by the broker --------------------------------------------

TICK_HANDLERS = {}


def tick_handler(kind):
    """Register fn(key) -> (type, data) | None that computes a ticked figure."""
    def register(fn):
        TICK_HANDLERS[kind] = fn
        return fn
    return register
