"""Printed records of a meeting: the minutes, the attendance sheet and the delegates' login
cards. Each download goes through the records centre's document list, which logs it with the
data version it was made from. Login cards and the archive are jobs (202)."""

from flask import abort, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import allow, bp, field, json_body, load
from congress.core.errors import BadRequest, Invalid
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.records import documents, services
from congress.records import jobs as records_jobs


def _deliver(meeting, document, filename):
    """A GET changes nothing: the document as the data stands, not entered in the print log
    (the records centre's Print button does that)."""
    return documents.respond(document, document.build(meeting), filename)


@bp.get("/meetings/<int:mid>/records/minutes.pdf")
def get_minutes(mid):
    """The newest finalised version (the draft before the first); ?version=N for another."""
    meeting = load(Meeting, mid)
    allow(current_user.can_view_records(meeting))
    number = request.args.get("version")
    if number is None:
        return _deliver(meeting, documents.MINUTES, f"minutes-{meeting.year}.pdf")
    if not number.isdigit():
        raise BadRequest(_l("version: must be a version number"), code="bad_version")
    services.version_of(meeting, int(number))  # 404 when there is no such version
    return _deliver(meeting, documents.minutes_version(meeting, int(number)),
                    f"minutes-{meeting.year}-v{number}.pdf")


@bp.get("/meetings/<int:mid>/records/attendance.pdf")
def get_attendance_sheet(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_print_attendance(meeting))
    return _deliver(meeting, documents.ATTENDANCE_SHEET,
                    f"attendance-{meeting.year}.pdf")


@bp.get("/meetings/<int:mid>/records/attendance.xlsx")
def get_attendance_register(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_print_attendance(meeting))
    return _deliver(meeting, documents.ATTENDANCE_REGISTER,
                    f"attendance-{meeting.year}.xlsx")


def _card_choice(data):
    """{"delegation"?: "<name>", "delegate_ids"?: [...]} (neither: every delegate)."""
    delegation = field(data, "delegation", str, required=False)
    delegate_ids = field(data, "delegate_ids", list, required=False, default=[])
    if any(not isinstance(i, int) or isinstance(i, bool) for i in delegate_ids):
        raise Invalid(_l("delegate_ids: must be a list of delegate ids (whole numbers)"),
                      field="delegate_ids")
    return {"delegation_name": delegation.strip() if delegation else None,
            "delegate_ids": delegate_ids}


def _accepted(job):
    response = jsonify({"job": job.as_json()})
    response.status_code = 202
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return response


@bp.post("/meetings/<int:mid>/records/cards")
def print_login_cards(mid):
    """Issues new PINs: a job (202), whose file is the cards with the PINs."""
    meeting = load(Meeting, mid)
    allow(current_user.can_print_cards(meeting))
    job = records_jobs.enqueue_cards(current_user, meeting, **_card_choice(json_body()))
    db.session.commit()
    return _accepted(job)


@bp.route("/meetings/<int:mid>/records/cards.pdf", methods=["GET", "POST"])
def old_login_cards(mid):
    """Printing cards issues PINs, so it is a job now: POST .../records/cards."""
    abort(405)


@bp.post("/meetings/<int:mid>/records/archive")
def build_archive(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_download_archive(meeting))
    job = records_jobs.enqueue_archive(current_user, meeting)
    db.session.commit()
    return _accepted(job)
