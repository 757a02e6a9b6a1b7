"""Live updates, the reading side: one broker per process (the writing side, the event
outbox, is congress/core/live.py; the stream a client reads, with its HTTP helpers, is
congress/core/live_http.py).

- The broker reads new rows once per wake, for all meetings and organisations, and hands the
  encoded message to every subscriber of that channel (a meeting's id, or
  `organisation_channel(id)`). A stream reads its backlog (`Last-Event-ID`) from the table,
  then waits on its subscription without holding a database session.
- A stream has an owner (a user's page session or API token, or a projector link and address).
  One owner holds at most `LIVE_STREAMS_PER_OWNER` streams per process: a new one ends the
  oldest. The broker asks the people area (`set_stream_check`) every heartbeat, and at once
  after a commit that ended sessions here, whose sessions have ended, and ends their streams.
"""
import logging
import queue
import select as io_select  # not sqlalchemy.select: the socket wait of the LISTEN loop
import sys
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlalchemy import select

from congress.core.database import begin_reading
from congress.core.live import (
    CHANNEL,
    EVERYONE,
    LISTEN_WAIT_SECONDS,
    TICK_HANDLERS,
    Event,
    channel_of,
    encode,
    latest_id,
    receives,
)
from congress.extensions import db

log = logging.getLogger(__name__)


# --- the broker: one per process -----------------------------------------------------------------

@dataclass(frozen=True)
class StreamOwner:
    """Who holds a stream. `key` counts toward the per-owner cap; `user_id` with `stamp` (a
    page session's security stamp) or `token_id` (an API token) lets the broker end the
    stream when that session ends. A projector link has only a key."""

    key: str
    user_id: int | None = None
    stamp: str | None = None
    token_id: int | None = None


_stream_check = None


def set_stream_check(check):
    """check(owners) -> the owners whose session has ended (people.services.ended_streams):
    core knows no users, so the people area hands it in."""
    global _stream_check
    _stream_check = check


class Subscription:
    """One stream's mailbox. The broker puts (event id | None, message) pairs, and ends it
    with a reason when its owner's session ended or it made room for a newer stream.
    `audiences`: which of its channel's events it receives (live.receives): every one, or on
    an organisation's channel those named for its unit or delegate."""

    def __init__(self, channel, owner=None, audiences=EVERYONE):
        self.channel = channel
        self.owner = owner
        self.audiences = audiences
        self.ended = None
        self.mailbox = queue.SimpleQueue()

    def put(self, item):
        self.mailbox.put(item)

    def end(self, reason):
        self.ended = reason
        self.mailbox.put(None)  # wakes the stream now

    def get(self, timeout):
        try:
            return self.mailbox.get(timeout=timeout)
        except queue.Empty:
            return None


class Broker:
    def __init__(self, app):
        self.app = app
        self.poll_seconds = app.config["LIVE_POLL_SECONDS"]
        self.tick_seconds = app.config["LIVE_TICK_SECONDS"]
        self.check_seconds = app.config["LIVE_HEARTBEAT_SECONDS"]
        self.per_owner = app.config["LIVE_STREAMS_PER_OWNER"]
        self.subscribers = defaultdict(set)
        self.owned = defaultdict(deque)  # owner key -> its subscriptions, oldest first
        self.check_due = False
        self.last_check = time.monotonic()
        self.lock = threading.Lock()
        self.wakeup = threading.Event()
        self.pending_ticks = set()
        self.last_tick = {}
        self.last_id = None
        self.started = False        # last_id is set: subscribers may come
        self.loop_started = False   # the threads run
        self.engine_url = None
        self.stopping = False
        self.timer_set = False
        self.loop_thread = None

    # the streams' side
    def subscribe(self, channel, start_loop=True, owner=None, audiences=EVERYONE):
        """A new subscription; when its owner already holds the most streams allowed, the
        oldest of them ends (a tablet whose connection dropped unnoticed reconnects, and the
        newest stream is the one someone is looking at)."""
        self._ensure_started()
        sub = Subscription(channel, owner, audiences)
        with self.lock:
            self.subscribers[channel].add(sub)
            if owner is not None:
                held = self.owned[owner.key]
                held.append(sub)
                while len(held) > self.per_owner:
                    self._drop(held.popleft(), "replaced")
        if start_loop:
            self.start_loop()
        return sub

    def unsubscribe(self, sub):
        with self.lock:
            self._drop(sub, None)

    def _drop(self, sub, reason):
        """Take a subscription out (the lock is held); with a reason, tell its stream to end."""
        subs = self.subscribers.get(sub.channel)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self.subscribers[sub.channel]
        if sub.owner is not None:
            held = self.owned.get(sub.owner.key)
            if held is not None and sub in held:
                held.remove(sub)
            if not held:
                self.owned.pop(sub.owner.key, None)
        if reason is not None:
            sub.end(reason)

    def streams_of(self, owner_key):
        with self.lock:
            return len(self.owned.get(owner_key, ()))

    def subscriber_count(self):
        with self.lock:
            return sum(len(s) for s in self.subscribers.values())

    # the writers' side
    def wake(self, ticks=(), check_streams=False):
        if ticks:
            with self.lock:
                self.pending_ticks.update(ticks)
        if check_streams:
            self.check_due = True
        self.wakeup.set()

    # the loop
    def _ensure_started(self):
        """On the first subscription: note the latest event id, then start the loop (and, on
        PostgreSQL, the LISTEN connection). Until the id is read, other first subscribers wait,
        so none subscribes before the point the broker starts delivering from.

        The first subscriber is a stream request that already has a transaction open; the id
        is read in that session, not on a second connection of the same thread (which, behind
        a transaction holding SQLite's write lock, would wait until the busy timeout, fail, and
        leave the process without a broker). Elsewhere it is read in a reader transaction."""
        if self.started:
            return
        with self.lock:
            if self.started:
                return
            if has_app_context() and current_app._get_current_object() is self.app:
                self.last_id, engine = latest_id(), db.engine
            else:
                with self.app.app_context():
                    begin_reading()
                    self.last_id, engine = latest_id(), db.engine
                    db.session.remove()
            self.engine_url = engine.url
            self.started = True

    def start_loop(self):
        """Start the loop threads once. `stream()` calls it after releasing its session:
        starting a thread yields under gevent, and a greenlet that yields inside a SQLite
        transaction (BEGIN IMMEDIATE) makes the next one wait for the lock in C, which stops
        the whole worker."""
        with self.lock:
            if self.loop_started or not self.started:
                return
            self.loop_started = True
        url = self.engine_url
        self.loop_thread = threading.Thread(target=self._run, name="live-broker", daemon=True)
        self.loop_thread.start()
        if url.get_backend_name() == "postgresql":
            _warn_if_psycopg_blocks_gevent()
            threading.Thread(target=self._listen, args=(url,), name="live-listen",
                             daemon=True).start()

    def stop(self, timeout=5.0):
        """Stop the loop and wait for it to let go of its database connection (before the
        engine is disposed: a connection checked in after the dispose would go back to the old
        pool and be dropped unclosed). The LISTEN thread only holds its own psycopg connection,
        which its `with` closes when it next looks up."""
        self.stopping = True
        self.wakeup.set()
        if self.loop_thread is not None:
            self.loop_thread.join(timeout)

    def _run(self):
        while not self.stopping:
            self.wakeup.wait(self.poll_seconds)
            self.wakeup.clear()
            try:
                with self.app.app_context():
                    try:
                        begin_reading()  # SQLite: it only reads, so no write lock
                        self._deliver_events()
                        self._deliver_ticks()
                        self._end_streams_of_ended_sessions()
                    finally:
                        db.session.remove()
            except Exception:  # the loop must survive a database hiccup
                log.exception("live broker: delivery failed; retrying")
                time.sleep(min(1.0, self.poll_seconds))

    def _deliver_events(self):
        # who is subscribed is looked up at fan-out time, after the read: the read may wait on
        # a lock while a new stream subscribes
        rows = db.session.execute(select(Event.id, Event.meeting_id, Event.organisation_id,
                                         Event.audience, Event.type, Event.data)
                                  .where(Event.id > self.last_id).order_by(Event.id)).all()
        for event_id, meeting_id, organisation_id, audience, type_, data in rows:
            self.last_id = event_id
            channel = channel_of(meeting_id, organisation_id)
            if channel in self.subscribers:
                self._fan_out(channel, (event_id, encode(type_, data, event_id)), audience)

    def _deliver_ticks(self):
        now = time.monotonic()
        with self.lock:
            due = {t for t in self.pending_ticks
                   if now - self.last_tick.get(t, -1e9) >= self.tick_seconds}
            self.pending_ticks -= due
            waiting = bool(self.pending_ticks)
        for tick in due:
            self.last_tick[tick] = now
            meeting_id, kind, key = tick
            handler = TICK_HANDLERS.get(kind)
            if handler is None or not self.subscribers.get(meeting_id):
                continue
            result = handler(key)
            if result is not None:
                self._fan_out(meeting_id, (None, encode(*result)))
        if waiting and not self.timer_set:  # come back when the coalesced ticks are due
            self.timer_set = True
            threading.Timer(self.tick_seconds, self._timer_wake).start()

    def _end_streams_of_ended_sessions(self):
        """Every heartbeat (or at once when asked): end the streams whose session has ended.
        One check for all streams of the process, not one per stream."""
        now = time.monotonic()
        if not self.check_due and now - self.last_check < self.check_seconds:
            return
        self.check_due, self.last_check = False, now
        with self.lock:
            owners = {sub.owner for held in self.owned.values() for sub in held}
        if not owners or _stream_check is None:
            return
        ended = _stream_check(owners)
        if not ended:
            return
        with self.lock:
            doomed = [sub for held in self.owned.values() for sub in held if sub.owner in ended]
            for sub in doomed:
                self._drop(sub, "signed_out")

    def _timer_wake(self):
        self.timer_set = False
        self.wakeup.set()

    def _fan_out(self, channel, item, audience=None):
        with self.lock:
            subs = list(self.subscribers.get(channel, ()))
        for sub in subs:
            if receives(sub.audiences, audience):
                sub.put(item)

    def _listen(self, url):
        """PostgreSQL: LISTEN on one connection and wake the loop on every NOTIFY.

        The wait for the next notification is `select()` on the connection's socket, and psycopg
        only drains what has arrived (`notifies(timeout=0)`). Under gevent (the stream worker,
        docs/serving.md) `select` is monkey-patched, so this thread is a greenlet that yields to
        the streams while it waits. psycopg's own wait would do that too, but only if psycopg
        was imported after the patching: imported before it (gunicorn --preload), it picks its
        C wait, and an endless `conn.notifies()` would freeze every stream of the worker."""
        import psycopg

        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        while not self.stopping:
            try:
                with psycopg.connect(conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.wakeup.set()  # catch up on anything committed while (re)connecting
                    while not self.stopping:
                        for note in conn.notifies(timeout=0):
                            self.wake(_parse_tick(note.payload))
                        io_select.select([conn.fileno()], [], [], LISTEN_WAIT_SECONDS)
            except Exception:
                log.exception("live broker: LISTEN connection lost; reconnecting")
                time.sleep(1.0)


def _warn_if_psycopg_blocks_gevent():
    """Under gevent, psycopg waits cooperatively only if it was imported after the patching."""
    monkey, waiting = sys.modules.get("gevent.monkey"), sys.modules.get("psycopg.waiting")
    if (monkey is not None and waiting is not None and monkey.is_module_patched("select")
            and waiting.wait is getattr(waiting, "wait_c", None)):
        log.warning("live broker: psycopg was imported before gevent patched the standard "
                    "library (gunicorn --preload?): every query blocks all streams of this "
                    "worker while it waits; start the stream worker without --preload")


def _parse_tick(payload):
    if not payload.startswith("t:"):
        return ()
    try:
        _, meeting_id, kind, key = payload.split(":", 3)
        return {(int(meeting_id), kind, int(key) if key.isdigit() else key)}
    except ValueError:
        return ()


def init_app(app):
    """One broker per app (per process); its settings come from config.Config (LIVE_*).
    Pages start their stream after the latest event they were rendered with (base.html)."""
    app.extensions["live_broker"] = Broker(app)
    app.jinja_env.globals["live_last_event_id"] = latest_id


def broker():
    return current_app.extensions["live_broker"]
