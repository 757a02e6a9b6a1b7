"""Live updates, the stream a client reads (the broker that feeds it is
congress/core/live_stream.py): the backlog after Last-Event-ID, then the subscription's
messages and a heartbeat, as one Server-Sent Events answer. Every stream endpoint (a
meeting's, an organisation's) answers through `response`."""
from flask import Response, current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.core.errors import Invalid
from congress.core.limits import stream_key
from congress.core.live import EVERYONE, encode, events_after, latest_id
from congress.core.live_stream import StreamOwner, broker
from congress.extensions import db


def stream(channel, after_id, owner=None, audiences=EVERYONE):
    """A generator of SSE text for one client of a channel (a meeting's id, or
    `organisation_channel(id)`): the backlog after `after_id`, then live messages
    and a heartbeat comment. Holds no database session while it waits. It ends with a `closed`
    event (data: the reason) when the broker ends its subscription: its owner's session
    ended (`signed_out`) or the owner opened more streams than allowed (`replaced`)."""
    box = broker()
    heartbeat = current_app.config["LIVE_HEARTBEAT_SECONDS"]
    # subscribe before reading the backlog: nothing falls between
    sub = box.subscribe(channel, start_loop=False, owner=owner, audiences=audiences)
    try:
        if after_id is None:
            after_id = latest_id()
            backlog = []
        else:
            backlog = [(e.id, e.encode()) for e in events_after(channel, after_id, audiences)]
    finally:
        db.session.remove()
    box.start_loop()

    def generate():
        sent = after_id
        try:
            yield f"retry: 3000\n: connected, after {after_id}\n\n"
            for event_id, message in backlog:
                sent = event_id
                yield message
            while True:
                item = sub.get(heartbeat)
                if sub.ended is not None:
                    yield encode("closed", {"reason": sub.ended})
                    return
                if item is None:
                    yield ": heartbeat\n\n"
                    continue
                event_id, message = item
                if event_id is not None:
                    if event_id <= sent:
                        continue  # already sent from the backlog
                    sent = event_id
                yield message
        finally:
            box.unsubscribe(sub)

    return generate()


MAX_EVENT_ID = 2**63 - 1  # events.id is a bigint


def last_event_id():
    """Last-Event-ID (the browser's reconnect) or ?last_event_id= (a page's first connect)."""
    raw = request.headers.get("Last-Event-ID") or request.args.get("last_event_id")
    if raw in (None, ""):
        return None
    # ASCII digits only (str.isdigit also takes "²"), within the events' bigint id
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or int(raw) > MAX_EVENT_ID:
        raise Invalid(_l("Last-Event-ID: must be a whole number"), field="Last-Event-ID")
    return int(raw)


def stream_owner():
    """Whose stream this is: the bearer token, or the page session (its security stamp), so
    the stream ends when that session does."""
    if g.get("api_token") is not None:
        return StreamOwner(key=stream_key(), user_id=current_user.id, token_id=g.api_token)
    return StreamOwner(key=stream_key(), user_id=current_user.id,
                       stamp=current_user.security_stamp)


def response(channel, after_id, owner, audiences=EVERYONE):
    """The streaming answer (never buffered by a proxy)."""
    return Response(stream(channel, after_id, owner, audiences), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
