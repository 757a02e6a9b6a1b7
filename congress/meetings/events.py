"""The meeting's live event stream, which every area's pages and tablets follow: one endpoint
(the meetings area's, on the /api/v1 blueprint), so the proxy sends every stream to the stream
server (docs/serving.md). Tablets, consoles and the projector's read-only link (?key=, no
account) stream here."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import bp, load
from congress.api.schemas import StreamQuery, Text
from congress.api.spec import operation, query
from congress.core import live_http, live_stream
from congress.core.auth import authorize
from congress.core.errors import Forbidden, NotFound
from congress.core.limits import event_streams, stream_key
from congress.core.projector import is_projector_key
from congress.meetings.models import Meeting

DESCRIPTION = (
    "Server-Sent Events of the meeting: id, event (checkin, phase, timer, queue, debrief, "
    "ballot, turnout ...) and JSON data. Reconnect with Last-Event-ID to receive every later "
    "event once; turnout ticks carry no id. A `closed` event ends the stream: reason "
    "`signed_out` (the session or token ended) or `replaced` (the same account opened more "
    "streams than allowed; the oldest ends). The projector's read-only link streams here with "
    "?key= and no account.")


class EventStreamQuery(StreamQuery):
    key: Text(256, blank=True) | None = None  # the projector link's key


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
        owner = live_http.stream_owner()
    return live_http.response(meeting.id, live_http.last_event_id(), owner)
