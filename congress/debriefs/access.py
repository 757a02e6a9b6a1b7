"""Loading a debrief, its queue and its floor requests, checked, for both doors (the pages and
the API): load (404) → check (403), one function per object and purpose.

The purposes and their rules (core/auth.py):
- READ: the debrief's record (phase, questioners, questions and answers) and its queue, as
  tablets show them: everyone who may view the meeting. The API's reads serve the delegates'
  tablets, which need the queue's id to ask for the floor.
- CONSOLE: the chair's console and the secretariat's list (who waits, turnout, the projector
  link): the staff (`can_view_debriefs`).
- RUN: move phases, run the countdown, admit, reject and reorder (`can_run_debriefs`).
- MANAGE: set debriefs up, record answers and the leader's comment (`can_manage_debriefs`).
"""
from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.core.auth import authorize
from congress.core.errors import Forbidden, found, not_found
from congress.core.projector import is_projector_key
from congress.debriefs.models import Debrief, FloorQueue, FloorRequest
from congress.extensions import db
from congress.meetings.access import load_meeting, reached
from congress.meetings.models import Meeting

READ, CONSOLE, RUN, MANAGE = "read", "console", "run", "manage"
_RULES = {
    READ: lambda user, meeting: user.can_view_meeting(meeting),
    CONSOLE: lambda user, meeting: user.can_view_debriefs(meeting),
    RUN: lambda user, meeting: user.can_run_debriefs(meeting),
    MANAGE: lambda user, meeting: user.can_manage_debriefs(meeting),
}


def may(purpose, meeting):
    """Whether the signed-in user may act on `meeting`'s debriefs for `purpose`."""
    return _RULES[purpose](current_user, meeting)


def load_debriefs_meeting(mid, for_=READ):
    """The meeting whose debriefs are listed (READ) or set up (MANAGE)."""
    meeting = load_meeting(mid)
    authorize(may(for_, meeting))
    return meeting


def _debrief(did):
    debrief = db.session.get(Debrief, did)
    return reached(debrief, debrief and debrief.meeting, Debrief)


def _queue(qid):
    queue = db.session.get(FloorQueue, qid)
    return reached(queue, queue and queue.debrief.meeting, FloorQueue)


def load_debrief(did, for_=READ):
    debrief = _debrief(did)
    authorize(may(for_, debrief.meeting))
    return debrief


def load_queue(qid, for_=READ):
    queue = _queue(qid)
    authorize(may(for_, queue.debrief.meeting))
    return queue


def load_queue_to_ask(qid):
    """The queue a delegate of its meeting asks to speak in (a checked-in delegate: the
    service checks the attendance)."""
    queue = _queue(qid)
    if not current_user.can_request_floor(queue.debrief.meeting):
        raise Forbidden(_l("Only a signed-in delegate of this meeting may request the floor."))
    return queue


def load_request(queue, rid):
    """A floor request of `queue` (another queue's request is not found here)."""
    floor_request = db.session.get(FloorRequest, rid)
    if floor_request is None or floor_request.queue_id != queue.id:
        raise not_found(FloorRequest)
    return floor_request


def load_own_request(rid):
    """A request its delegate withdraws."""
    floor_request = db.session.get(FloorRequest, rid)
    reached(floor_request, floor_request and floor_request.queue.debrief.meeting, FloorRequest)
    authorize(current_user.can_withdraw_request(floor_request))
    return floor_request


def removal_of(floor_request):
    """How the signed-in user takes `floor_request` off the queue: its delegate withdraws it,
    the chair rejects it; anyone else is refused."""
    if current_user.can_withdraw_request(floor_request):
        return "withdraw"
    authorize(current_user.can_run_debriefs(floor_request.queue.debrief.meeting))
    return "reject"


# --- the projector -------------------------------------------------------------------------------

def load_projector_meeting(mid):
    """The meeting on the hall's projector: for the observer and the chair's side, or anyone
    with the read-only link's key (?key=). None when the caller must sign in first."""
    meeting = found(db.session.get(Meeting, mid), Meeting)
    key = request.args.get("key")
    if key is not None:
        if not is_projector_key(meeting, key):
            raise Forbidden(_l("The projector link is not valid."))
        return meeting
    if not current_user.is_authenticated:
        return None
    reached(meeting, meeting, Meeting)  # another organisation's meeting is not found
    authorize(current_user.can_view_projector(meeting))
    return meeting
