"""Debriefs, the question queue and the live event stream."""
from flask import Response, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import allow, bp, created, field, json_body, load
from congress.core import live
from congress.core.errors import Forbidden, Invalid, NotFound
from congress.core.limits import event_streams, floor_requests, stream_key
from congress.debriefs import services
from congress.debriefs.models import Debrief
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.queue import services as queue_service
from congress.queue.models import FloorQueue, FloorRequest


def debrief_json(debrief):
    return {
        "id": debrief.id, "meeting_id": debrief.meeting_id, "position": debrief.position,
        "phase": debrief.phase.value, "reporter_name": debrief.reporter_name,
        "reporter_title": debrief.reporter_title, "queue_id": debrief.queue.id,
        "ballot_id": debrief.ballot_id,
        "comment": None if debrief.comment_text is None else {
            "speaker": debrief.comment_speaker, "text": debrief.comment_text},
        "questioners": [{"id": d.id, "name": d.name} for d in debrief.questioners],
        "timer": services.timer_state(debrief),
        "questions": [queue_service.request_json(r)
                      for r in queue_service.questions_put(debrief.queue)],
    }


@bp.post("/meetings/<int:mid>/debriefs")
def create_debrief(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_manage_debriefs(meeting))
    data = json_body()
    debrief = services.create_debrief(
        current_user, meeting, reporter_name=field(data, "reporter_name", str),
        reporter_title=field(data, "reporter_title", str),
        questioner_ids=field(data, "questioner_ids", list, required=False, default=[]))
    db.session.commit()
    return created(debrief_json(debrief))


@bp.get("/meetings/<int:mid>/debriefs")
def list_debriefs(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_view_meeting(meeting))
    return {"debriefs": [debrief_json(d) for d in services.debriefs_of(meeting)]}


@bp.get("/debriefs/<int:did>")
def get_debrief(did):
    debrief = load(Debrief, did)
    allow(current_user.can_view_meeting(debrief.meeting))
    return debrief_json(debrief)


@bp.post("/debriefs/<int:did>/phase")
def set_phase(did):
    debrief = load(Debrief, did)
    allow(current_user.can_run_debriefs(debrief.meeting))
    services.set_phase(current_user, debrief, field(json_body(), "phase", str))
    db.session.commit()
    return debrief_json(debrief)


@bp.post("/debriefs/<int:did>/timer")
def control_timer(did):
    debrief = load(Debrief, did)
    allow(current_user.can_run_debriefs(debrief.meeting))
    services.control_timer(current_user, debrief, field(json_body(), "action", str))
    db.session.commit()
    return {"timer": services.timer_state(debrief)}


@bp.put("/debriefs/<int:did>/comment")
def record_comment(did):
    debrief = load(Debrief, did)
    allow(current_user.can_manage_debriefs(debrief.meeting))
    data = json_body()
    services.record_comment(current_user, debrief, speaker=field(data, "speaker", str),
                            text=field(data, "text", str))
    db.session.commit()
    return debrief_json(debrief)


# --- the queue ------------------------------------------------------------------------------------

def _queue(qid):
    queue = load(FloorQueue, qid)
    allow(current_user.can_view_queue(queue.debrief.meeting))
    return queue


def _request_of(queue, rid):
    floor_request = load(FloorRequest, rid)
    if floor_request.queue_id != queue.id:
        raise NotFound(_l("No such %(thing)s.", thing=FloorRequest.label))
    return floor_request


@bp.get("/queues/<int:qid>")
def get_queue(qid):
    return queue_service.queue_json(_queue(qid))


@bp.post("/queues/<int:qid>/requests")
@floor_requests
def request_floor(qid):
    queue = _queue(qid)
    if current_user.delegate is None or not current_user.can_request_floor(queue.debrief.meeting):
        raise Forbidden(_l("Only a signed-in delegate of this meeting may request the floor."))
    data = json_body()
    floor_request = queue_service.request_floor(
        current_user.delegate, queue, field(data, "kind", str),
        field(data, "text", str, required=False))
    db.session.commit()
    return created(queue_service.request_json(floor_request,
                                               queue_service.position(floor_request)))


@bp.delete("/queues/<int:qid>/requests/<int:rid>")
@floor_requests
def delete_request(qid, rid):
    queue = _queue(qid)
    floor_request = _request_of(queue, rid)
    if current_user.can_withdraw_request(floor_request):
        queue_service.withdraw(current_user.delegate, floor_request)
    elif current_user.can_run_debriefs(queue.debrief.meeting):
        queue_service.reject(current_user, floor_request)
    else:
        raise Forbidden(_l("Your role may not do this."))
    db.session.commit()
    return "", 204


@bp.post("/queues/<int:qid>/next")
def admit_next(qid):
    queue = _queue(qid)
    allow(current_user.can_run_debriefs(queue.debrief.meeting))
    speaker = queue_service.admit_next(current_user, queue)
    db.session.commit()
    return {"current": queue_service.request_json(speaker) if speaker else None}


@bp.post("/queues/<int:qid>/requests/<int:rid>/move")
def move_request(qid, rid):
    queue = _queue(qid)
    allow(current_user.can_run_debriefs(queue.debrief.meeting))
    floor_request = _request_of(queue, rid)
    queue_service.move(current_user, floor_request, field(json_body(), "to", str))
    db.session.commit()
    return queue_service.queue_json(queue)


@bp.put("/queues/<int:qid>/requests/<int:rid>/answer")
def record_answer(qid, rid):
    queue = _queue(qid)
    allow(current_user.can_manage_debriefs(queue.debrief.meeting))
    floor_request = _request_of(queue, rid)
    queue_service.record_answer(current_user, floor_request, field(json_body(), "text", str))
    db.session.commit()
    return queue_service.request_json(floor_request)


# --- live events --------------------------------------------------------------------------------

def last_event_id():
    """Last-Event-ID (the browser's reconnect) or ?last_event_id= (a page's first connect)."""
    raw = request.headers.get("Last-Event-ID") or request.args.get("last_event_id")
    if raw in (None, ""):
        return None
    if not raw.isdigit():
        raise Invalid(_l("Last-Event-ID: must be a whole number"), field="Last-Event-ID")
    return int(raw)


def event_stream_response(meeting_id, after_id, owner):
    return Response(live.stream(meeting_id, after_id, owner), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def stream_owner():
    """Whose stream this is: the bearer token, or the page session (its security stamp), so
    the stream ends when that session does."""
    if g.get("api_token") is not None:
        return live.StreamOwner(key=stream_key(), user_id=current_user.id,
                                token_id=g.api_token)
    return live.StreamOwner(key=stream_key(), user_id=current_user.id,
                            stamp=current_user.security_stamp)


@bp.get("/meetings/<int:mid>/events")
@event_streams
def events(mid):
    """Every event stream of the app, so the proxy sends them all to the stream server
    (docs/serving.md): tablets, consoles and the projector's read-only link (?key=)."""
    meeting = load(Meeting, mid)
    key = request.args.get("key")
    if key is not None:
        if not services.is_projector_key(meeting, key):
            raise Forbidden(_l("The projector link is not valid."))
        owner = live.StreamOwner(key=stream_key())
    else:
        allow(current_user.can_follow_events(meeting))
        owner = stream_owner()
    return event_stream_response(meeting.id, last_event_id(), owner)
