"""Printed records of a meeting: the minutes, the attendance sheet and the delegates' login
cards. Each download is one of the records centre's documents, made from the data as it
stands."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.auth import check_cookie_csrf
from congress.api.base import allow, bp, load
from congress.core.errors import BadRequest
from congress.core.web import pdf_response
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.records import cards, documents, services


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


def _ids(name):
    """Integer ids from the query string or a form field, given once or repeated; an empty
    value (a form's "all" choice) counts as none."""
    try:
        return [int(value) for value in request.values.getlist(name) if value.strip()]
    except ValueError:
        raise BadRequest(_l("%(field)s: must be a delegate or delegation id (a whole number)",
                            field=name), code="bad_id")


def _card_scope():
    delegation_ids = _ids("delegation")
    if len(delegation_ids) > 1:
        raise BadRequest(_l("delegation: give one delegation at most"), code="bad_id")
    return {"delegation_id": delegation_ids[0] if delegation_ids else None,
            "delegate_ids": _ids("delegate")}


@bp.route("/meetings/<int:mid>/records/cards.pdf", methods=["GET", "POST"])
def print_login_cards(mid):
    """Issues new PINs, so even a GET must not ride on a session cookie alone (a link on
    another site would reset every PIN): bearer calls, or the CSRF token of a page form."""
    meeting = load(Meeting, mid)
    allow(current_user.can_print_cards(meeting))
    check_cookie_csrf(even_if_safe=True)
    delegates = cards.delegates_for_cards(meeting, **_card_scope())
    issued = cards.issue_cards(current_user, meeting, delegates)
    data = cards.cards_pdf(issued, meeting)
    db.session.flush()
    services.log_print(current_user, meeting, "cards.pdf", data,
                       services.data_version(meeting, cards.AUDIT_PREFIXES))
    db.session.commit()  # after rendering: no PDF, no new PINs
    response = pdf_response(data, f"login-cards-{meeting.year}.pdf")
    response.headers["Cache-Control"] = "no-store"  # it holds PINs
    return response
