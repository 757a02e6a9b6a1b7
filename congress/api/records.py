"""Printed records of a meeting: the attendance sheet."""
import io

from flask import send_file
from flask_login import current_user

from congress.api.base import allow, bp, load
from congress.core.web import pdf_response
from congress.meetings.models import Meeting
from congress.records.attendance import attendance_pdf, attendance_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/meetings/<int:mid>/records/attendance.pdf")
def get_attendance_sheet(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_print_attendance(meeting))
    return pdf_response(attendance_pdf(meeting), f"attendance-{meeting.year}.pdf")


@bp.get("/meetings/<int:mid>/records/attendance.xlsx")
def get_attendance_register(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_print_attendance(meeting))
    return send_file(io.BytesIO(attendance_xlsx(meeting)), mimetype=XLSX, as_attachment=True,
                     download_name=f"attendance-{meeting.year}.xlsx")

