"""The write path for meetings, agenda, settings and check-in; plus the attendance summary."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from congress.core import live
from congress.core.audit import record, snapshot
from congress.core.errors import Conflict, Invalid
from congress.core.time import local_today, utcnow
from congress.extensions import db
from congress.meetings.models import (
    AgendaItem,
    AgendaKind,
    Attendance,
    AttendanceStatus,
    Meeting,
    attended,
    on_roster,
)
from congress.meetings.settings import SETTINGS_BY_KEY, merged_settings
from congress.organisations.services import create_congress
from congress.people.delegates import check_active
from congress.people.models import Delegate, Delegation, User
from congress.people.services import default_organisation

MEETING_FIELDS = ("title", "year", "starts_on", "ends_on", "venue", "quorum_ratio",
                  "min_signers", "proposal_deadline")
AGENDA_FIELDS = ("position", "kind", "title", "starts_at", "notes")
RATIO_STEP = Decimal("0.0001")  # Meeting.quorum_ratio is Numeric(5, 4)


def current_meeting(user):
    """The meeting staff pages open on: the newest one of the user's organisation."""
    return db.session.scalar(select(Meeting)
                             .where(Meeting.organisation_id == user.organisation_id)
                             .order_by(Meeting.year.desc(), Meeting.id.desc()).limit(1))


def _quorum_ratio(value):
    """The ratio as the column keeps it (four places), strictly between 0 and 1 after
    rounding: 1e-9 would be stored as 0 and 0.99999 as 1, which the check refuses."""
    try:
        ratio = Decimal(str(value))
    except InvalidOperation:
        ratio = Decimal("NaN")
    if ratio.is_finite() and Decimal(0) < ratio < Decimal(1):
        ratio = ratio.quantize(RATIO_STEP)
        if Decimal(0) < ratio < Decimal(1):
            return ratio
    raise Invalid(_l("quorum_ratio: must be a number between 0 and 1"), field="quorum_ratio")


def _validate_meeting(values):
    title = (values.get("title") or "").strip()
    if not title:
        raise Invalid(_l("title: must not be empty"), field="title")
    values["title"] = title
    year = values.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise Invalid(_l("year: must be a year such as 2026"), field="year")
    values["quorum_ratio"] = _quorum_ratio(values.get("quorum_ratio", "0.5"))
    signers = values.get("min_signers", 10)
    if not isinstance(signers, int) or isinstance(signers, bool) or signers < 1:
        raise Invalid(_l("min_signers: must be a whole number of at least 1"), field="min_signers")
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        raise Invalid(_l("ends_on: must not be before the first day"), field="ends_on")
    return values


def create_meeting(actor, congress=None, **values):
    """An annual meeting of `congress`; without one, of a congress of its own, named from the
    meeting's title (so a meeting made the way it was before congresses existed works as it
    did). The first day (`starts_on`, default today) decides the roster."""
    values = _validate_meeting(dict(values))
    values["starts_on"] = values.get("starts_on") or local_today()
    if congress is None:
        first = values["starts_on"]
        congress = create_congress(actor, default_organisation(actor), title=values["title"],
                                   elected_on=min(first, date(values["year"], 1, 1)))
    _check_in_term(congress, values["starts_on"])
    meeting = Meeting(**{k: v for k, v in values.items() if k in MEETING_FIELDS},
                      congress=congress, organisation_id=congress.organisation_id)
    meeting.settings = {}
    db.session.add(meeting)
    db.session.flush()
    record(actor, "meeting.create", meeting, meeting=meeting,
           after=snapshot(meeting, MEETING_FIELDS))
    return meeting


def _check_in_term(congress, first_day):
    if not congress.elected_on <= first_day < congress.term_ends_on:
        raise Invalid(_l("starts_on: must fall within the congress's term, %(start)s to %(end)s",
                         start=congress.elected_on.isoformat(),
                         end=congress.term_ends_on.isoformat()), field="starts_on")


def update_meeting(actor, meeting, **values):
    before = snapshot(meeting, MEETING_FIELDS)
    current = {k: getattr(meeting, k) for k in MEETING_FIELDS}
    values = _validate_meeting(current | values)
    values["starts_on"] = values.get("starts_on") or meeting.starts_on
    _check_in_term(meeting.congress, values["starts_on"])
    for key in MEETING_FIELDS:
        setattr(meeting, key, values[key])
    record(actor, "meeting.update", meeting, before=before,
           after=snapshot(meeting, MEETING_FIELDS))


def update_settings(actor, meeting, changes):
    """Change runtime settings (time limits, question limit, categories ...)."""
    before = merged_settings(meeting.settings)
    stored = dict(meeting.settings or {})
    for key, value in changes.items():
        setting = SETTINGS_BY_KEY.get(key)
        if setting is None:
            raise Invalid(_l("%(key)s: unknown setting", key=key), field=key)
        if setting.kind is int:
            if not isinstance(value, int) or isinstance(value, bool) or value < setting.minimum:
                raise Invalid(_l("%(key)s: must be a whole number of at least %(min)s",
                                 key=key, min=setting.minimum), field=key)
            if setting.maximum is not None and value > setting.maximum:
                raise Invalid(_l("%(key)s: must be a whole number from %(min)s to %(max)s",
                                 key=key, min=setting.minimum, max=setting.maximum),
                              field=key)
        elif setting.kind is list:
            value = [str(v).strip() for v in value if str(v).strip()]
            if not value:
                raise Invalid(_l("%(key)s: needs at least one entry", key=key), field=key)
        stored[key] = value
    meeting.settings = stored
    record(actor, "meeting.settings", meeting, before=before, after=merged_settings(stored))


# --- agenda ---------------------------------------------------------------------------------

def add_agenda_item(actor, meeting, *, kind, title, starts_at=None, notes=None):
    title = (title or "").strip()
    if not title:
        raise Invalid(_l("title: must not be empty"), field="title")
    try:
        kind = AgendaKind(kind)
    except ValueError:
        raise Invalid(_l("kind: unknown agenda item type"), field="kind") from None
    position = db.session.scalar(
        select(func.coalesce(func.max(AgendaItem.position), 0)).where(
            AgendaItem.meeting_id == meeting.id)) + 1
    item = AgendaItem(meeting=meeting, position=position, kind=kind, title=title,
                      starts_at=starts_at, notes=notes or None)
    db.session.add(item)
    db.session.flush()
    record(actor, "agenda.add", item, meeting=meeting, after=snapshot(item, AGENDA_FIELDS))
    return item


def move_agenda_item(actor, item, offset):
    """Swap the item with its neighbour above (offset -1) or below (+1)."""
    items = list(item.meeting.agenda_items)
    index = items.index(item)
    other_index = index + offset
    if not 0 <= other_index < len(items):
        raise Conflict(_l("The item is already at that end of the agenda."))
    other = items[other_index]
    before = [i.id for i in items]
    item.position, other.position = other.position, item.position
    db.session.flush()
    db.session.expire(item.meeting, ["agenda_items"])
    record(actor, "agenda.move", item, meeting=item.meeting, before={"order": before},
           after={"order": [i.id for i in item.meeting.agenda_items]})


def delete_agenda_item(actor, item):
    record(actor, "agenda.delete", item, meeting=item.meeting,
           before=snapshot(item, AGENDA_FIELDS))
    db.session.delete(item)
    db.session.flush()


# --- check-in and leave ---------------------------------------------------------------------

def _attendance_row(meeting, delegate):
    return db.session.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting.id,
                                 Attendance.delegate_id == delegate.id).with_for_update()
    )


def check_on_roster(meeting, delegate):
    """A delegate whose qualification has ended may not act (`delegate_terminated`); one who
    is not on the meeting's roster is not a delegate of it."""
    check_active(delegate)
    if not delegate.on_roster_of(meeting):
        raise Invalid(_l("delegate_id: not on this meeting's roster"), field="delegate_id")


def check_in(actor, meeting, delegate, method):
    """Sign a delegate in at `meeting`. Returns (attendance, created): created is False if
    already present.

    Safe under concurrency: a unique constraint on the meeting and delegate decides a race,
    and the loser gets the winner's record.
    """
    check_on_roster(meeting, delegate)
    row = _attendance_row(meeting, delegate)
    if row is not None and row.status is AttendanceStatus.present:
        return row, False
    if row is not None:  # on leave, and came after all
        before = snapshot(row, ("status", "method"))
        row.status, row.method, row.at, row.by_user_id = (
            AttendanceStatus.present, method, utcnow(), getattr(actor, "id", None))
        record(actor, "attendance.check_in", delegate, meeting=meeting, before=before,
               after=snapshot(row, ("status", "method")))
        announce_attendance(meeting, delegate, "present")
        return row, True
    row = Attendance(meeting_id=meeting.id, delegate_id=delegate.id,
                     status=AttendanceStatus.present, method=method,
                     by_user_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        row = _attendance_row(meeting, delegate)
        return row, False
    record(actor, "attendance.check_in", delegate, meeting=meeting,
           after=snapshot(row, ("status", "method")))
    announce_attendance(meeting, delegate, "present")
    return row, True


def mark_leave(actor, meeting, delegate):
    """Record leave (请假). A delegate already present cannot be put on leave."""
    check_on_roster(meeting, delegate)
    row = _attendance_row(meeting, delegate)
    if row is not None and row.status is AttendanceStatus.present:
        raise Conflict(_l("%(name)s has already checked in.", name=delegate.name))
    if row is not None:
        return row
    row = Attendance(meeting_id=meeting.id, delegate_id=delegate.id,
                     status=AttendanceStatus.on_leave, method="leave",
                     by_user_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    record(actor, "attendance.leave", delegate, meeting=meeting,
           after={"status": "on_leave"})
    announce_attendance(meeting, delegate, "on_leave")
    return row


def clear_attendance(actor, meeting, delegate):
    """Undo a mistaken check-in or leave."""
    row = _attendance_row(meeting, delegate)
    if row is None:
        return
    record(actor, "attendance.clear", delegate, meeting=meeting,
           before=snapshot(row, ("status", "method")))
    db.session.delete(row)
    db.session.flush()
    announce_attendance(meeting, delegate, None)


def announce_attendance(meeting, delegate, status):
    """A `checkin` event with the new figures, in the transaction of the change."""
    db.session.flush()
    live.publish(meeting.id, "checkin", {
        "delegate_id": delegate.id, "status": status,
        "attendance": attendance_summary(meeting).as_dict()})


@dataclass(frozen=True)
class AttendanceSummary:
    due: int
    present: int
    on_leave: int
    quorum_needed: int

    @property
    def quorum_met(self):
        return self.present >= self.quorum_needed

    @property
    def absent(self):
        return self.due - self.present - self.on_leave

    def as_dict(self):
        return {"due": self.due, "present": self.present, "on_leave": self.on_leave,
                "quorum_needed": self.quorum_needed, "quorum_met": self.quorum_met}


def is_present(meeting, delegate):
    """Whether the delegate is checked in at `meeting` now (voting and the floor need it)."""
    return db.session.scalar(select(Attendance.status).where(
        Attendance.meeting_id == meeting.id,
        Attendance.delegate_id == delegate.id)) is AttendanceStatus.present


def attendance_of(meeting, delegate):
    """The delegate's attendance row at `meeting`, or None."""
    return db.session.scalar(select(Attendance).where(
        Attendance.meeting_id == meeting.id, Attendance.delegate_id == delegate.id))


def attendance_summary(meeting):
    """应到 / 实到 / 请假 and the quorum, in two queries whatever the meeting's size."""
    due = db.session.scalar(select(func.count(Delegate.id)).where(on_roster(meeting)))
    counts = dict(db.session.execute(
        select(Attendance.status, func.count(Attendance.id))
        .where(Attendance.meeting_id == meeting.id).group_by(Attendance.status)
    ).all())
    return AttendanceSummary(
        due=due,
        present=counts.get(AttendanceStatus.present, 0),
        on_leave=counts.get(AttendanceStatus.on_leave, 0),
        quorum_needed=meeting.quorum_needed(due),
    )


def roll_call(meeting, search=None, delegation_id=None):
    """Every delegate with their attendance, in delegation and seat order, for the desk."""
    query = (select(Delegate, Attendance)
             .join(Delegation, Delegate.delegation_id == Delegation.id)
             .outerjoin(Attendance, attended(meeting))
             .where(on_roster(meeting))
             .order_by(Delegation.position, Delegation.id, Delegate.id))
    if delegation_id:
        query = query.where(Delegate.delegation_id == delegation_id)
    if search:
        like = f"%{search.strip()}%"
        query = query.join(User, Delegate.user_id == User.id).where(
            Delegate.name.like(like) | User.username.like(like) | Delegate.seat.like(like))
    return db.session.execute(query).all()


def not_present(meeting):
    """The roll call's delegates who are not checked in (absent or on leave), for the list of
    absentees."""
    return [(delegate, row) for delegate, row in roll_call(meeting)
            if row is None or not row.is_present]


def delegates_in_order(meeting):
    """The meeting's delegates in delegation order, with their accounts and delegations."""
    return db.session.scalars(
        select(Delegate).join(Delegation).where(on_roster(meeting))
        .order_by(Delegation.position, Delegate.id)
        .options(db.joinedload(Delegate.user), db.joinedload(Delegate.delegation))).all()


def find_delegate_by_code(meeting, code):
    """The delegate for what the desk typed or scanned: a username, or the login URL from the
    QR code on the card (…/login?u=<username>)."""
    from urllib.parse import parse_qs, urlsplit

    code = (code or "").strip()
    if "?" in code or "/" in code:
        code = (parse_qs(urlsplit(code).query).get("u") or [""])[0].strip()
    if not code:
        return None
    return db.session.scalar(
        select(Delegate).join(User, Delegate.user_id == User.id)
        .where(on_roster(meeting), User.username == code))
