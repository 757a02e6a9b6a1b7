"""The question queue of a debrief's questions step: part of the debrief (it reads the
debrief's designated questioners and the meeting's question limit). Every change locks the
queue row first (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers), so
the questioner limit and the order hold when many delegates press at the same moment, and a
withdrawal cannot cross an admission."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from congress.core import live
from congress.core.audit import record
from congress.core.errors import Conflict, Forbidden, Invalid
from congress.core.time import utcnow
from congress.debriefs.models import (
    PLACE_STATUSES,
    FloorQueue,
    FloorRequest,
    RequestKind,
    RequestStatus,
)
from congress.debriefs.timers import start_speaker_timer, timer_state
from congress.extensions import db
from congress.meetings.services import is_present
from congress.people.delegates import check_active

MAX_TEXT = 500
MOVES = ("first", "up", "down")


def _lock(queue):
    db.session.execute(select(FloorQueue).where(FloorQueue.id == queue.id).with_for_update()
                       .execution_options(populate_existing=True))


def _requests(queue, *statuses):
    return db.session.scalars(select(FloorRequest).where(
        FloorRequest.queue_id == queue.id, FloorRequest.status.in_(statuses))
        .order_by(FloorRequest.sort_key, FloorRequest.id)
        .execution_options(populate_existing=True)).all()


def waiting(queue):
    return _requests(queue, RequestStatus.waiting)


def current(queue):
    return next(iter(_requests(queue, RequestStatus.speaking)), None)


def latest_request_of(queue, delegate):
    """The delegate's most recent request in this queue, whatever its status, or None."""
    return db.session.scalar(select(FloorRequest).where(
        FloorRequest.queue_id == queue.id, FloorRequest.delegate_id == delegate.id)
        .order_by(FloorRequest.id.desc()).limit(1))


def questions_put(queue):
    """The requests that reached the floor (speaking or done), in admission order: the
    debrief's questions, with their answers."""
    return [r for r in queue.requests
            if r.status in (RequestStatus.speaking, RequestStatus.done)]


def position(request):
    """1-based place among the waiting, or None."""
    if request.status is not RequestStatus.waiting:
        return None
    return [r.id for r in waiting(request.queue)].index(request.id) + 1


def _announce(queue, action, request=None):
    data = {"queue_id": queue.id, "debrief_id": queue.debrief_id, "action": action,
            "open": queue.is_open, "waiting": [r.id for r in waiting(queue)]}
    if request is not None:
        data.update(request_id=request.id, delegate_id=request.delegate_id,
                    status=request.status.value)
    live.publish(queue.meeting_id, "queue", data)


# --- opening and closing (by the debrief's phase machine) ---------------------------------------

def open_queue(actor, queue):
    queue.is_open = True
    record(actor, "queue.open", queue, after={"open": True})
    _announce(queue, "open")


def close_queue(actor, queue, now=None):
    """Leaving the questions step: the speaker is done, whoever still waits is not called
    (their requests stay, as 未被点名, in the debrief's record). All of them get the same
    `finished_at` (the step's time), so an undo of the step finds them again."""
    _lock(queue)
    now = now or utcnow()
    ended = {"done": [], "not_called": []}
    for request in _requests(queue, RequestStatus.speaking, RequestStatus.waiting):
        speaking = request.status is RequestStatus.speaking
        request.status = RequestStatus.done if speaking else RequestStatus.rejected
        request.finished_at = now
        ended["done" if speaking else "not_called"].append(request.id)
    queue.is_open = False
    db.session.flush()
    record(actor, "queue.close", queue, after={"open": False} | ended)
    _announce(queue, "close")


def reopen_queue(actor, queue, closed_at):
    """The undo of leaving the questions step: the queue opens again and the requests its
    close ended (finished at `closed_at`) are back: the speaker on the floor, the others
    waiting in their order."""
    _lock(queue)
    restored = {"speaking": [], "waiting": []}
    for request in _requests(queue, RequestStatus.done, RequestStatus.rejected):
        if request.finished_at is None or request.finished_at != closed_at:
            continue
        request.status = (RequestStatus.speaking if request.status is RequestStatus.done
                          else RequestStatus.waiting)
        request.finished_at = None
        restored[request.status.value].append(request.id)
    queue.is_open = True
    db.session.flush()
    record(actor, "queue.reopen", queue, after={"open": True} | restored)
    _announce(queue, "reopen")


@dataclass(frozen=True)
class Leaving:
    """What leaving the questions step now would end: the questioner on the floor, and the
    waiting requests (designated questioners among them) that would not be called."""
    speaker: object
    waiting: int
    designated: int

    @property
    def loses_anything(self):
        return self.speaker is not None or self.waiting > 0


def leaving(queue):
    waiting_now = waiting(queue)
    return Leaving(current(queue), len(waiting_now),
                   sum(1 for r in waiting_now if r.is_designated))


def not_called_designated(queue):
    """Designated questioners whose requests were not called (rejected, or still waiting when
    the step ended): kept in the debrief's record so none disappears silently."""
    return [r for r in queue.requests
            if r.is_designated and r.status is RequestStatus.rejected]


def anyone_asked(queue):
    """Whether any delegate has asked for the floor in this queue (in any status but
    withdrawn)."""
    return any(r.status is not RequestStatus.withdrawn for r in queue.requests)


# --- delegates ------------------------------------------------------------------------------------

def _place_holders(queue):
    """{delegate id: status} of the requests that hold a questioner place (one per delegate:
    a delegate who has asked cannot ask again)."""
    return dict(db.session.execute(select(FloorRequest.delegate_id, FloorRequest.status).where(
        FloorRequest.queue_id == queue.id, FloorRequest.status.in_(PLACE_STATUSES))).all())


@dataclass(frozen=True)
class Places:
    """The debrief's questioner places: `taken` by requests (waiting, speaking or done), `kept`
    for designated questioners who have not asked yet, `open` to every delegate."""
    limit: int
    taken: int
    kept: int

    @property
    def open(self):
        return self.limit - self.taken - self.kept


def places(queue, holders=None):
    holders = _place_holders(queue) if holders is None else holders
    limit = queue.debrief.meeting.options["question_limit"]
    unclaimed = len({d.id for d in queue.debrief.questioners} - holders.keys())
    taken = len(holders)
    return Places(limit, taken, max(0, min(unclaimed, limit - taken)))


def request_floor(delegate, queue, kind, text=None):
    """A delegate asks for the floor. Designated questioners go before the others and have
    their places kept: a place-holding request is refused once the places left are theirs."""
    try:
        kind = RequestKind(kind)
    except ValueError:
        raise Invalid(_l("kind: must be “question” or “challenge”"), field="kind") from None
    if text is not None and not isinstance(text, str):
        raise Invalid(_l("text: must be a string"), field="text")
    text = (text or "").strip() or None
    if text is not None and len(text) > MAX_TEXT:
        raise Invalid(_l("text: at most %(n)s characters", n=MAX_TEXT), field="text")
    check_active(delegate)
    if not delegate.on_roster_of(queue.meeting):
        raise Forbidden(_l("You are not a delegate of this meeting."))
    if not is_present(queue.meeting, delegate):
        raise Forbidden(_l("Check in first: only delegates who have checked in may request "
                           "the floor."), code="not_checked_in")
    _lock(queue)
    if not queue.is_open:
        raise Conflict(_l("The floor is not open for questions now."), code="queue_closed")
    holders = _place_holders(queue)
    if delegate.id in holders:
        if holders[delegate.id] is RequestStatus.done:
            raise Conflict(_l("You have already asked in this debrief."), code="already_asked")
        raise Conflict(_l("You are already in the queue."), code="already_waiting")
    designated = delegate.id in {d.id for d in queue.debrief.questioners}
    free = places(queue, holders)
    if free.taken >= free.limit:
        raise Conflict(_l("All %(n)s questioner places of this debrief are taken.",
                          n=free.limit), code="limit_reached")
    if not designated and free.open <= 0:
        raise Conflict(_l("%(taken)s of %(n)s questioner places are taken; the %(kept)s left "
                          "are kept for the designated questioners.",
                          taken=free.taken, n=free.limit, kept=free.kept), code="limit_reached")
    request = FloorRequest(queue_id=queue.id, delegate_id=delegate.id, kind=kind, text=text,
                           status=RequestStatus.waiting, is_designated=designated,
                           sort_key=2**31 - 1)  # last, until renumbered
    db.session.add(request)
    db.session.flush()
    _renumber(queue, designated_first=request if designated else None)
    record(delegate.user, "queue.request", request, meeting=queue.debrief.meeting,
           after={"kind": kind.value, "text": text, "designated": designated})
    _announce(queue, "request", request)
    return request


def withdraw(delegate, request):
    if request.delegate_id != delegate.id:
        raise Forbidden(_l("You can only withdraw your own request."))
    queue = request.queue
    _lock(queue)
    db.session.refresh(request)
    if request.status is not RequestStatus.waiting:
        raise Conflict(_l("This request is no longer waiting (%(status)s).",
                          status=request.status.title), code="not_waiting")
    _finish(request, RequestStatus.withdrawn)
    record(delegate.user, "queue.withdraw", request, meeting=queue.debrief.meeting)
    _announce(queue, "withdraw", request)


# --- the chair ------------------------------------------------------------------------------------

def reject(actor, request):
    queue = request.queue
    _lock(queue)
    db.session.refresh(request)
    if not request.is_active:
        raise Conflict(_l("This request is no longer waiting (%(status)s).",
                          status=request.status.title), code="not_waiting")
    _finish(request, RequestStatus.rejected)
    record(actor, "queue.reject", request, meeting=queue.debrief.meeting)
    _announce(queue, "reject", request)


def admit_next(actor, queue):
    """The speaker (if any) is done; the first waiting request gets the floor."""
    _lock(queue)
    if not queue.is_open:
        raise Conflict(_l("The floor is not open for questions now."), code="queue_closed")
    speaker = current(queue)
    if speaker is not None:
        _finish(speaker, RequestStatus.done)
    following = next(iter(waiting(queue)), None)
    if following is not None:
        following.status = RequestStatus.speaking
        following.admitted_at = utcnow()
        start_speaker_timer(queue.debrief, "question")
    db.session.flush()
    record(actor, "queue.next", queue, meeting=queue.debrief.meeting,
           after={"done": speaker.id if speaker else None,
                  "speaking": following.id if following else None})
    _announce(queue, "next", following)
    live.publish(queue.meeting_id, "timer", {"debrief_id": queue.debrief_id,
                                             "timer": timer_state(queue.debrief)})
    return following


def move(actor, request, to):
    if to not in MOVES:
        raise Invalid(_l("to: must be one of %(names)s", names=", ".join(MOVES)), field="to")
    queue = request.queue
    _lock(queue)
    db.session.refresh(request)
    if request.status is not RequestStatus.waiting:
        raise Conflict(_l("Only a waiting request can be moved."), code="not_waiting")
    order = waiting(queue)
    index = order.index(request)
    order.pop(index)
    target = {"first": 0, "up": max(0, index - 1), "down": min(len(order), index + 1)}[to]
    order.insert(target, request)
    for key, item in enumerate(order, start=1):
        item.sort_key = key
    db.session.flush()
    record(actor, "queue.move", request, meeting=queue.debrief.meeting,
           after={"to": to, "position": target + 1})
    _announce(queue, "move", request)


def record_answer(actor, request, text):
    if not isinstance(text, str) or not text.strip():
        raise Invalid(_l("text: is required"), field="text")
    if request.status not in (RequestStatus.speaking, RequestStatus.done):
        raise Conflict(_l("Only a question that was put can have an answer."),
                       code="not_asked")
    before = request.answer
    request.answer = text.strip()
    request.answered_at = utcnow()
    db.session.flush()
    record(actor, "queue.answer", request, meeting=request.queue.debrief.meeting,
           before={"answer": before}, after={"answer": request.answer})
    _announce(request.queue, "answer", request)


# --- helpers --------------------------------------------------------------------------------------

def _finish(request, status):
    request.status = status
    request.finished_at = utcnow()
    db.session.flush()


def _renumber(queue, designated_first=None):
    """Waiting order: designated questioners first (in the order they asked), then the rest
    in their current order."""
    order = waiting(queue)
    if designated_first is not None:
        order.remove(designated_first)
        ahead = [r for r in order if r.is_designated]
        order.insert(len(ahead), designated_first)
    for key, item in enumerate(order, start=1):
        item.sort_key = key
    db.session.flush()
