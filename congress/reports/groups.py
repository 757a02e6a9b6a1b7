"""Group deliberation (分组审议): one session per delegation, its recorder, notes and
attendance, and the progress the secretariat watches."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from congress.core.audit import record
from congress.core.errors import Conflict, Invalid
from congress.core.time import utcnow
from congress.extensions import db
from congress.meetings.models import Attendance, AttendanceStatus, on_roster
from congress.people.models import Delegate, Delegation
from congress.reports.group_models import GroupAttendance, GroupPresence, GroupSession, GroupStatus
from congress.reports.models import ReviewComment
from congress.reports.services import announce_group, group_session_of

MAX_NOTES_CHARS = 50_000


def session_for(meeting, delegation, create=False):
    """The delegation's session at `meeting`; with create=True made on first use (race-safe:
    a unique constraint on the meeting and delegation decides, the loser reads the winner's
    row)."""
    session = group_session_of(meeting.id, delegation.id)
    if session is not None or not create:
        return session
    session = GroupSession(meeting_id=meeting.id, delegation_id=delegation.id,
                           status=GroupStatus.pending, notes="")
    try:
        with db.session.begin_nested():
            db.session.add(session)
    except IntegrityError:
        return group_session_of(meeting.id, delegation.id)
    return session


def set_recorder(actor, meeting, delegation, delegate):
    """Mark the delegate (of this delegation, on the meeting's roster) who keeps the group's
    record at `meeting`; None clears it."""
    if delegate is not None and (delegate.delegation_id != delegation.id
                                 or not delegate.on_roster_of(meeting)):
        raise Invalid(_l("recorder: must be a delegate of %(group)s", group=delegation.name),
                      field="recorder")
    session = session_for(meeting, delegation, create=True)
    before = {"recorder_id": session.recorder_id}
    session.recorder_id = delegate.id if delegate is not None else None
    db.session.flush()
    record(actor, "group.recorder", session, meeting=meeting, before=before,
           after={"recorder_id": session.recorder_id,
                  "recorder": delegate.name if delegate is not None else None})
    announce_group(meeting.id, delegation.id, "group.recorder")
    return session


def change_status(actor, session, action):
    before = {"status": session.status.value}
    now = utcnow()
    {"start": lambda: session.start(now), "end": lambda: session.end(now),
     "reopen": session.reopen}[action]()
    db.session.flush()
    record(actor, f"group.{action}", session, meeting=session.meeting, before=before,
           after={"status": session.status.value})
    announce_group(session.meeting_id, session.delegation_id, f"group.{action}")
    return session


def _ensure_not_ended(session):
    if session.is_closed:
        raise Conflict(_l("The group session has ended; reopen it to make corrections."),
                       code="group_session_ended")


def save_notes(actor, session, notes):
    _ensure_not_ended(session)
    notes = (notes or "").replace("\r\n", "\n").strip()
    if len(notes) > MAX_NOTES_CHARS:
        raise Invalid(_l("notes: at most %(n)s characters", n=MAX_NOTES_CHARS), field="notes")
    before = {"notes": session.notes}
    session.notes, session.notes_updated_at = notes, utcnow()
    db.session.flush()
    record(actor, "group.notes", session, meeting=session.meeting, before=before,
           after={"notes": notes})
    announce_group(session.meeting_id, session.delegation_id, "group.notes")
    return session


def members(session):
    return members_of(session.meeting, session.delegation_id)


def members_of(meeting, delegation_id):
    """The delegation's delegates on `meeting`'s roster."""
    return db.session.scalars(select(Delegate).where(
        Delegate.delegation_id == delegation_id, on_roster(meeting))
        .order_by(Delegate.id)).all()


def comments_of(meeting, delegation):
    """The group's review comments on `meeting`'s reports, report by report."""
    return db.session.scalars(
        select(ReviewComment)
        .where(ReviewComment.meeting_id == meeting.id,
               ReviewComment.delegation_id == delegation.id)
        .order_by(ReviewComment.report_id, ReviewComment.id)).all()


def attendance_of(session):
    """{delegate id: GroupPresence} as recorded."""
    return {row.delegate_id: row.status for row in session.attendance}


def suggested_attendance(meeting, session, members):
    """{delegate id: GroupPresence} for the recorder's form: what is recorded, and for a member
    not yet marked what the meeting's check-in says (checked in: present, on leave: on leave).
    A suggestion only: nothing is stored until the recorder saves."""
    recorded = attendance_of(session) if session else {}
    ids = [d.id for d in members if d.id not in recorded]
    from_check_in = {} if not ids else {
        delegate_id: (GroupPresence.present if status is AttendanceStatus.present
                      else GroupPresence.on_leave)
        for delegate_id, status in db.session.execute(
            select(Attendance.delegate_id, Attendance.status)
            .where(Attendance.meeting_id == meeting.id, Attendance.delegate_id.in_(ids)))}
    return from_check_in | recorded


def save_attendance(actor, session, marks):
    """marks: {delegate id: 'present' | 'on_leave' | 'absent'} for members of the group."""
    _ensure_not_ended(session)
    member_ids = {d.id for d in members(session)}
    parsed = {}
    for delegate_id, status in marks.items():
        try:
            delegate_id, status = int(delegate_id), GroupPresence(status)
        except (TypeError, ValueError):
            raise Invalid(_l("attendance: each entry is a member's id and present, on_leave "
                             "or absent"), field="attendance") from None
        if delegate_id not in member_ids:
            raise Invalid(_l("attendance: %(id)s is not a member of this group", id=delegate_id),
                          field="attendance")
        parsed[delegate_id] = status
    before = {str(k): v.value for k, v in attendance_of(session).items()}
    rows = {row.delegate_id: row for row in session.attendance}
    for delegate_id, status in parsed.items():
        if delegate_id in rows:
            rows[delegate_id].status = status
        else:
            session.attendance.append(GroupAttendance(delegate_id=delegate_id, status=status))
    db.session.flush()
    record(actor, "group.attendance", session, meeting=session.meeting, before=before,
           after={str(k): v.value for k, v in attendance_of(session).items()})
    announce_group(session.meeting_id, session.delegation_id, "group.attendance")
    return session


def progress(meeting):
    """One row per delegation: session state, recorder, members, present at the session,
    comments written and by how many, notes length. A few grouped queries, whatever the size."""
    delegations = db.session.scalars(select(Delegation).where(
        Delegation.congress_id == meeting.congress_id)
        .order_by(Delegation.position, Delegation.id)).all()
    sessions = {s.delegation_id: s for s in db.session.scalars(select(GroupSession).where(
        GroupSession.meeting_id == meeting.id))}
    sizes = dict(db.session.execute(select(Delegate.delegation_id, func.count(Delegate.id))
                                    .where(on_roster(meeting))
                                    .group_by(Delegate.delegation_id)).all())
    present = dict(db.session.execute(
        select(GroupSession.delegation_id, func.count())
        .join(GroupAttendance, GroupAttendance.session_id == GroupSession.id)
        .where(GroupSession.meeting_id == meeting.id,
               GroupAttendance.status == GroupPresence.present)
        .group_by(GroupSession.delegation_id)).all())
    comments = {row[0]: (row[1], row[2]) for row in db.session.execute(
        select(ReviewComment.delegation_id, func.count(ReviewComment.id),
               func.count(func.distinct(ReviewComment.delegate_id)))
        .where(ReviewComment.meeting_id == meeting.id)
        .group_by(ReviewComment.delegation_id)).all()}
    rows = []
    for delegation in delegations:
        session = sessions.get(delegation.id)
        count, authors = comments.get(delegation.id, (0, 0))
        rows.append({
            "delegation": delegation, "session": session,
            "status": session.status if session else GroupStatus.pending,
            "recorder": session.recorder if session else None,
            "members": sizes.get(delegation.id, 0), "present": present.get(delegation.id, 0),
            "comments": count, "commenters": authors,
            "notes_chars": len(session.notes or "") if session else 0,
            "notes_updated_at": session.notes_updated_at if session else None,
        })
    return rows
