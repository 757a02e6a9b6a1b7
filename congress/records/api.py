"""Printed records of a meeting: the minutes, the attendance sheet and the delegates' login
cards. Each download goes through the records centre's document list, which logs it with the
data version it was made from. Login cards and the archive are jobs (202). Loading and
checking is records/access.py, as for the pages."""
from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import bp
from congress.api.jobs import JobAccepted, accepted
from congress.api.schemas import Error
from congress.api.spec import body, operation, query
from congress.core.errors import BadRequest
from congress.core.xlsx import XLSX
from congress.extensions import db
from congress.records import access, documents, jobs as records_jobs
from congress.records.schemas import CardChoice, MinutesQuery

PDF = "application/pdf"
CARDS_SUMMARY = (
    "Queue login cards (代表登录卡) for printing (secretariat only): a job whose file is a PDF, "
    "eight cards to an A4 sheet, with the username, a PIN and a QR code opening the sign-in "
    "page with the username filled in. PINs are stored only as hashes, so the job RE-ISSUES "
    "THE PINS of the chosen delegates: their old PINs stop working and their tokens and "
    "sessions end. Neither field: every delegate of the meeting. An unknown name or id is 404 "
    "and queues nothing; one cards job of a meeting at a time (409 job_running). The file "
    "holds PINs: it is kept 15 minutes, for its creator and the secretariat only.")


def _deliver(meeting, document, filename):
    """A GET changes nothing: the document as the data stands, not entered in the print log
    (the records centre's Print button does that)."""
    return documents.respond(meeting, document, document.build(meeting), filename)


@bp.get("/meetings/<int:mid>/records/minutes.pdf")
@operation("The minutes (纪要) as PDF: the newest finalised version exactly as it was frozen, "
           "or before the first the draft marked 讨论稿 (chair, secretariat); ?version=N for "
           "another finalised version", tag="records", query=MinutesQuery, content=PDF,
           refusals={400: "A version that is not a number (bad_version)"})
def get_minutes(mid):
    meeting = access.meeting_records(mid)
    number = query().version
    if number is None:
        return _deliver(meeting, documents.MINUTES, f"minutes-{meeting.year}.pdf")
    if not number.isdigit():
        raise BadRequest(_l("version: must be a version number"), code="bad_version")
    access.load_minutes_version(meeting, int(number))  # 404 when there is no such version
    return _deliver(meeting, documents.minutes_version(meeting, int(number)),
                    f"minutes-{meeting.year}-v{number}.pdf")


@bp.get("/meetings/<int:mid>/records/attendance.pdf")
@operation("The attendance sheet (签到表) as PDF: totals, a summary by delegation, then each "
           "delegation's list with check-in time and method, leave, and a column to sign "
           "(chair, secretariat)", tag="records", content=PDF)
def get_attendance_sheet(mid):
    meeting = access.meeting_attendance(mid)
    return _deliver(meeting, documents.ATTENDANCE_SHEET,
                    f"attendance-{meeting.year}.pdf")


@bp.get("/meetings/<int:mid>/records/attendance.xlsx")
@operation("The same rows as the attendance sheet, as an XLSX workbook for the archive "
           "(chair, secretariat)", tag="records", content=XLSX)
def get_attendance_register(mid):
    meeting = access.meeting_attendance(mid)
    return _deliver(meeting, documents.ATTENDANCE_REGISTER,
                    f"attendance-{meeting.year}.xlsx")


@bp.post("/meetings/<int:mid>/records/cards")
@operation(CARDS_SUMMARY, tag="records", body=CardChoice, ok=JobAccepted, status=202,
           conflicts="No delegates in the choice, or a cards job already queued")
def print_login_cards(mid):
    """Issues new PINs: a job (202), whose file is the cards with the PINs."""
    meeting = access.meeting_cards(mid)
    choice = body()
    job = records_jobs.enqueue_cards(
        current_user, meeting, delegation_name=(choice.delegation or "").strip() or None,
        delegate_ids=choice.delegate_ids)
    db.session.commit()
    return accepted(job)


@bp.route("/meetings/<int:mid>/records/cards.pdf", methods=["GET", "POST"])
@operation("Gone: printing login cards issues PINs, so it is a job now (POST "
           ".../records/cards)", tag="records", ok=Error, status=405)
def old_login_cards(mid):
    abort(405)


@bp.post("/meetings/<int:mid>/records/archive")
@operation("Queue the archive (secretariat): a job whose file is a ZIP of every record of the "
           "meeting (login cards excepted), kept a day", tag="records", ok=JobAccepted,
           status=202, conflicts="An archive job already queued")
def build_archive(mid):
    meeting = access.meeting_archive(mid)
    job = records_jobs.enqueue_archive(current_user, meeting)
    db.session.commit()
    return accepted(job)
