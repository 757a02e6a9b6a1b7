"""What each of the hall's projectors shows: a view (the debrief on the floor, the agenda with
its current item, the attendance and quorum announcement, the result of a closed ballot) and
a message the chair types over it. Each screen (1 to the meeting's `projector_screens`
setting, 2 by default) has its own state, stored in the meeting's settings JSON under
"projectors"; changed only here, with an audit entry and a
`projector` event that the projector pages follow."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from congress.ballots.models import Ballot, BallotStatus
from congress.core import live
from congress.core.audit import record
from congress.core.errors import Invalid
from congress.extensions import db
from congress.meetings.models import AgendaItem

VIEWS = {"debrief": _l("Debrief on the floor"), "agenda": _l("Agenda"),
         "attendance": _l("Attendance and quorum"), "results": _l("Result of a vote")}
MAX_MESSAGE_CHARS = 200
DEFAULT = {"view": "debrief", "item_id": None, "ballot_id": None, "message": ""}


def screens_of(meeting):
    """The hall's projectors, 1 to the meeting's `projector_screens` setting."""
    return range(1, meeting.options["projector_screens"] + 1)


def screen_number(meeting, value):
    """A screen number from a URL or form (1 when absent); Invalid for anything else."""
    if value in (None, ""):
        return 1
    try:
        screen = int(value)
    except (TypeError, ValueError):
        screen = 0
    screens = screens_of(meeting)
    if screen not in screens:
        raise Invalid(_l("screen: choose a projector from 1 to %(n)s", n=screens[-1]),
                      field="screen")
    return screen


def state_of(meeting, screen):
    stored = (meeting.settings or {}).get("projectors", {}).get(str(screen), {})
    return DEFAULT | {k: v for k, v in stored.items() if k in DEFAULT}


def states_of(meeting):
    return {screen: state_of(meeting, screen) for screen in screens_of(meeting)}


def _id_or_none(value, field):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Invalid(_l("%(field)s: not a valid choice", field=field), field=field) from None


def _check(meeting, state):
    if state["view"] not in VIEWS:
        raise Invalid(_l("view: not a valid choice"), field="view")
    if state["item_id"] is not None:
        item = db.session.get(AgendaItem, state["item_id"])
        if item is None or item.meeting_id != meeting.id:
            raise Invalid(_l("item_id: not an agenda item of this meeting"), field="item_id")
    if state["view"] == "results":
        ballot = db.session.get(Ballot, state["ballot_id"]) if state["ballot_id"] else None
        if ballot is None or ballot.meeting_id != meeting.id or not ballot.is_closed:
            raise Invalid(_l("ballot_id: choose a closed ballot of this meeting"),
                          field="ballot_id")
    if len(state["message"]) > MAX_MESSAGE_CHARS:
        raise Invalid(_l("message: at most %(n)s characters", n=MAX_MESSAGE_CHARS),
                      field="message")


def update_screen(actor, meeting, screen, **changes):
    """Change what `screen` shows: any of view, item_id, ballot_id, message."""
    before = state_of(meeting, screen)
    after = dict(before)
    if "view" in changes:
        after["view"] = str(changes["view"] or "")
    for key in ("item_id", "ballot_id"):
        if key in changes:
            after[key] = _id_or_none(changes[key], key)
    if "message" in changes:
        after["message"] = " ".join(str(changes["message"] or "").split())
    _check(meeting, after)
    if after == before:
        return after
    stored = dict(meeting.settings or {})
    stored["projectors"] = dict(stored.get("projectors", {})) | {str(screen): after}
    meeting.settings = stored
    record(actor, "projector.update", meeting, meeting=meeting,
           before=before | {"screen": screen}, after=after | {"screen": screen})
    live.publish(meeting, "projector", {"screen": screen})
    return after


def closed_ballots(meeting):
    """The ballots whose result a projector can show, newest first."""
    return db.session.scalars(select(Ballot).where(
        Ballot.meeting_id == meeting.id, Ballot.status == BallotStatus.closed)
        .order_by(Ballot.id.desc())).all()
