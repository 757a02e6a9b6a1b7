"""The debrief area's API: debriefs and their question queue."""
from flask_login import current_user

from congress.api.base import bp, created
from congress.api.spec import body, operation
from congress.core.limits import floor_requests
from congress.debriefs import access, queue as queue_service, services
from congress.debriefs.access import MANAGE, READ, RUN
from congress.debriefs.schemas import (
    DebriefComment,
    DebriefList,
    DebriefOut,
    DebriefPhaseChange,
    DebriefTimer,
    DebriefTimerAction,
    FloorQueueNext,
    FloorQueueOut,
    FloorRequestAnswer,
    FloorRequestMove,
    FloorRequestOut,
    NewDebrief,
    NewFloorRequest,
)
from congress.debriefs.timers import timer_state
from congress.extensions import db

STATE_CONFLICT = ("Conflicts with the current state (wrong phase, closed queue, already "
                  "waiting, limit reached ...)")


def request_json(request, position=None):
    out = {"id": request.id, "delegate": {"id": request.delegate.id, "name": request.delegate.name},
           "kind": request.kind.value, "text": request.text, "status": request.status.value,
           "designated": request.is_designated, "answer": request.answer}
    if position is not None:
        out["position"] = position
    return out


def queue_json(queue):
    speaker = queue_service.current(queue)
    return {"id": queue.id, "debrief_id": queue.debrief_id, "open": queue.is_open,
            "current": request_json(speaker) if speaker else None,
            "waiting": [request_json(r, place)
                        for place, r in enumerate(queue_service.waiting(queue), 1)]}


def debrief_json(debrief):
    return {
        "id": debrief.id, "meeting_id": debrief.meeting_id, "position": debrief.position,
        "phase": debrief.phase.value, "reporter_name": debrief.reporter_name,
        "reporter_title": debrief.reporter_title, "queue_id": debrief.queue.id,
        "ballot_id": debrief.ballot_id,
        "comment": None if debrief.comment_text is None else {
            "speaker": debrief.comment_speaker, "text": debrief.comment_text},
        "questioners": [{"id": d.id, "name": d.name} for d in debrief.questioners],
        "timer": timer_state(debrief),
        "questions": [request_json(r) for r in queue_service.questions_put(debrief.queue)],
        "not_called": [request_json(r)
                       for r in queue_service.not_called_designated(debrief.queue)],
    }


# --- debriefs -------------------------------------------------------------------------------------

@bp.post("/meetings/<int:mid>/debriefs")
@operation("Add a debrief (secretariat)", tag="debriefs", body=NewDebrief, ok=DebriefOut,
           status=201)
def create_debrief(mid):
    meeting = access.load_debriefs_meeting(mid, for_=MANAGE)
    data = body()
    debrief = services.create_debrief(
        current_user, meeting, reporter_name=data.reporter_name,
        reporter_title=data.reporter_title, questioner_ids=data.questioner_ids or [])
    db.session.commit()
    return created(debrief_json(debrief))


@bp.get("/meetings/<int:mid>/debriefs")
@operation("The meeting's debriefs in order", tag="debriefs", ok=DebriefList)
def list_debriefs(mid):
    meeting = access.load_debriefs_meeting(mid, for_=READ)
    return {"debriefs": [debrief_json(d) for d in services.debriefs_of(meeting)]}


@bp.get("/debriefs/<int:did>")
@operation("A debrief with its questions and answers", tag="debriefs", ok=DebriefOut)
def get_debrief(did):
    return debrief_json(access.load_debrief(did, for_=READ))


@bp.post("/debriefs/<int:did>/phase")
@operation("Move to the next phase (chair)", tag="debriefs", body=DebriefPhaseChange,
           ok=DebriefOut, conflicts=STATE_CONFLICT,
           description="pending → report → questions → comment → scoring → closed. Questions "
                       "opens the queue; scoring opens a rating ballot; closed closes it.")
def set_phase(did):
    debrief = access.load_debrief(did, for_=RUN)
    services.set_phase(current_user, debrief, body().phase)
    db.session.commit()
    return debrief_json(debrief)


@bp.post("/debriefs/<int:did>/phase/undo")
@operation("Undo the last phase step (chair) while nobody has spoken in it", tag="debriefs",
           body=DebriefPhaseChange, ok=DebriefOut, conflicts=STATE_CONFLICT,
           description="`phase` names the step to undo (the current phase): a page that no "
                       "longer shows it is refused. Report, questions and comment can be "
                       "undone while nobody has asked for the floor (questions) or the comment "
                       "is not recorded (comment); undoing the comment step reopens the queue "
                       "with the questioner on the floor and the waiting requests back.")
def undo_phase(did):
    debrief = access.load_debrief(did, for_=RUN)
    services.undo_phase(current_user, debrief, body().phase)
    db.session.commit()
    return debrief_json(debrief)


@bp.post("/debriefs/<int:did>/timer")
@operation("Control the step's countdown (chair)", tag="debriefs", body=DebriefTimerAction,
           ok=DebriefTimer, conflicts=STATE_CONFLICT,
           description="pause, resume, restart, or answer (start the answer countdown for the "
                       "current questioner)")
def control_timer(did):
    debrief = access.load_debrief(did, for_=RUN)
    services.control_timer(current_user, debrief, body().action)
    db.session.commit()
    return {"timer": timer_state(debrief)}


@bp.put("/debriefs/<int:did>/comment")
@operation("Record the leading official's comment (secretariat)", tag="debriefs",
           body=DebriefComment, ok=DebriefOut, conflicts=STATE_CONFLICT)
def record_comment(did):
    debrief = access.load_debrief(did, for_=MANAGE)
    data = body()
    services.record_comment(current_user, debrief, speaker=data.speaker, text=data.text)
    db.session.commit()
    return debrief_json(debrief)


# --- the queue ------------------------------------------------------------------------------------

@bp.get("/queues/<int:qid>")
@operation("The queue: the speaker and the waiting, in order", tag="queue", ok=FloorQueueOut)
def get_queue(qid):
    return queue_json(access.load_queue(qid, for_=READ))


@bp.post("/queues/<int:qid>/requests")
@operation("Request the floor (delegate, checked in)", tag="queue", body=NewFloorRequest,
           ok=FloorRequestOut, status=201, conflicts=STATE_CONFLICT, rate_limited=True)
@floor_requests
def request_floor(qid):
    queue = access.load_queue_to_ask(qid)
    data = body()
    floor_request = queue_service.request_floor(current_user.delegate, queue, data.kind,
                                                data.text)
    db.session.commit()
    return created(request_json(floor_request, queue_service.position(floor_request)))


@bp.delete("/queues/<int:qid>/requests/<int:rid>")
@operation("Withdraw one's own request (delegate) or reject any (chair)", tag="queue",
           status=204, conflicts=STATE_CONFLICT, rate_limited=True)
@floor_requests
def delete_request(qid, rid):
    floor_request = access.load_request(access.load_queue(qid, for_=READ), rid)
    if access.removal_of(floor_request) == "withdraw":
        queue_service.withdraw(current_user.delegate, floor_request)
    else:
        queue_service.reject(current_user, floor_request)
    db.session.commit()
    return "", 204


@bp.post("/queues/<int:qid>/next")
@operation("The speaker is done; the first waiting gets the floor (chair)", tag="queue",
           ok=FloorQueueNext, conflicts=STATE_CONFLICT)
def admit_next(qid):
    queue = access.load_queue(qid, for_=RUN)
    speaker = queue_service.admit_next(current_user, queue)
    db.session.commit()
    return {"current": request_json(speaker) if speaker else None}


@bp.post("/queues/<int:qid>/requests/<int:rid>/move")
@operation("Reorder a waiting request (chair)", tag="queue", body=FloorRequestMove,
           ok=FloorQueueOut, conflicts=STATE_CONFLICT)
def move_request(qid, rid):
    queue = access.load_queue(qid, for_=RUN)
    floor_request = access.load_request(queue, rid)
    queue_service.move(current_user, floor_request, body().to)
    db.session.commit()
    return queue_json(queue)


@bp.put("/queues/<int:qid>/requests/<int:rid>/answer")
@operation("Record the answer to a question (secretariat)", tag="queue",
           body=FloorRequestAnswer, ok=FloorRequestOut, conflicts=STATE_CONFLICT)
def record_answer(qid, rid):
    queue = access.load_queue(qid, for_=MANAGE)
    floor_request = access.load_request(queue, rid)
    queue_service.record_answer(current_user, floor_request, body().text)
    db.session.commit()
    return request_json(floor_request)
