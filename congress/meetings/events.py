"""The meeting's live event stream, which every area's pages and tablets follow: one endpoint
(the meetings area's, on the /api/v1 blueprint), so the proxy sends every stream to the stream
server (docs/serving.md). Tablets, consoles and the projector's read-only link (?key=, no
account) stream here."""
from flask import Response, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import bp, load
from congress.api.schemas import Model, Text
from congress.api.spec import operation, query
from congress.core import live_stream
from congress.core.auth import authorize
from congress.core.errors import Forbidden, Invalid, NotFound
from congress.core.limits import event_streams, stream_key
from congress.core.projector import is_projector_key
from congress.meetings.models import Meeting

MAX_EVENT_ID = 2**63 - 1  # events.id is a bigint

DESCRIPTION = (
    "Server-Sent Events of the meeting: id, event (checkin, phase, timer, queue, debrief, "
    "ballot, turnout ...) and JSON data. Reconnect with Last-Event-ID to receive every later "
    "event once; turnout ticks carry no id. A `closed` event ends the stream: reason "
    "`signed_out` (the session or token ended) or `replaced` (the same account opened more "
    "streams than allowed; the oldest ends). The projector's read-only link streams here with "
    "?key= and no account.")


class EventStreamQuery(Model):
    key: Text(256, blank=True) | None = None  # the projector link's key
    last_event_id: Text(20, blank=True) | None = None  # a page's first connect (else the header)


@bp.get("/meetings/<int:mid>/events")
@operation("The meeting's live events (Server-Sent Events)", tag="live", query=EventStreamQuery,
           content="text/event-stream", rate_limited=True, description=DESCRIPTION)
@event_streams
def events(mid):
    meeting = load(Meeting, mid)
    key = query().key
    if key is not None:
        if not is_projector_key(meeting, key):
            raise Forbidden(_l("The projector link is not valid."))
        owner = live_stream.StreamOwner(key=stream_key())
    else:
        if not current_user.reaches_meeting(meeting):
            raise NotFound(_l("No such %(thing)s.", thing=Meeting.label))
        authorize(current_user.can_follow_events(meeting))
        owner = stream_owner()
    return event_stream_response(meeting.id, last_event_id(), owner)


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
        return live_stream.StreamOwner(key=stream_key(), user_id=current_user.id,
                                token_id=g.api_token)
    return live_stream.StreamOwner(key=stream_key(), user_id=current_user.id,
                            stamp=current_user.security_stamp)


def event_stream_response(meeting_id, after_id, owner):
    return Response(live_stream.stream(meeting_id, after_id, owner), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
