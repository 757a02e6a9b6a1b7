"""A delegate's seat at one meeting (座位): the meeting's own where one is set, else the seat
of the term kept on the delegate. Lists read all of a meeting's seats at once (`seats_at`)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from congress.core.audit import record
from congress.core.database import end_reading
from congress.core.errors import Invalid
from congress.extensions import db
from congress.meetings.models import MeetingSeat

SEAT_LENGTH = 32


def seats_at(meeting):
    """{delegate id: seat} of the seats set for `meeting` (one query)."""
    return dict(db.session.execute(select(MeetingSeat.delegate_id, MeetingSeat.seat)
                                   .where(MeetingSeat.meeting_id == meeting.id)).all())


def seat_at(meeting, delegate):
    """The delegate's seat at `meeting`: the meeting's own, else the term's (or None)."""
    row = db.session.get(MeetingSeat, (meeting.id, delegate.id))
    return row.seat if row is not None else delegate.seat


def set_meeting_seat(actor, meeting, delegate, seat):
    """Seat `delegate` at `seat` for `meeting`; blank: back to the seat of the term."""
    seat = (seat or "").strip()
    if len(seat) > SEAT_LENGTH:
        raise Invalid(_l("seat: at most %(n)s characters", n=SEAT_LENGTH), field="seat")
    end_reading()
    row = db.session.get(MeetingSeat, (meeting.id, delegate.id))
    before = {"seat": row.seat if row is not None else None}
    if not seat:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(MeetingSeat(meeting_id=meeting.id, delegate_id=delegate.id, seat=seat))
    else:
        row.seat = seat
    db.session.flush()
    record(actor, "meeting_seat.set", delegate, meeting=meeting, before=before,
           after={"seat": seat or None, "term_seat": delegate.seat})
    return seat or delegate.seat
