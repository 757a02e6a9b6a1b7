"""The attendance sheet (签到表): every delegate by delegation with their check-in, as a PDF
with an empty column to sign, and as XLSX for the archive.

The whole sheet comes from one roll-call query (delegates joined with their attendance) plus
the meeting's delegations, whatever the number of delegates or delegations.
"""
import io
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale, gettext, lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congress.core.pdf import render_pdf
from congress.core.time import to_local, utcnow
from congress.core.xlsx import append_text_row
from congress.meetings.services import roll_call

# How a delegate checked in (Attendance.method, set by the meetings services)
METHOD_TITLES = {
    "desk": _l("at the desk"),
    "code": _l("card scanned"),
    "self": _l("on the tablet"),
    "api": _l("by a terminal"),
}


@dataclass(frozen=True)
class SheetRow:
    number: int
    delegate: object
    attendance: object  # Attendance or None

    @property
    def status(self):
        """'present', 'on_leave' or 'absent'."""
        return self.attendance.status.value if self.attendance is not None else "absent"

    @property
    def work(self):
        """工作单位及职务: the unit and the post, as one line."""
        return "".join(part for part in (self.delegate.work_unit, self.delegate.job_title)
                       if part)

    @property
    def method_title(self):
        if self.attendance is None or self.status != "present":
            return ""
        return METHOD_TITLES.get(self.attendance.method, self.attendance.method)


@dataclass
class Tally:
    """应到 / 实到 / 请假 / 缺席 of a delegation or of the whole meeting."""

    due: int = 0
    present: int = 0
    on_leave: int = 0

    @property
    def absent(self):
        return self.due - self.present - self.on_leave

    def count(self, row):
        self.due += 1
        self.present += row.status == "present"
        self.on_leave += row.status == "on_leave"


@dataclass
class DelegationBlock:
    delegation: object
    rows: list = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)


@dataclass(frozen=True)
class AttendanceSheet:
    meeting: object
    blocks: list
    total: Tally

    @property
    def rows(self):
        return [row for block in self.blocks for row in block.rows]


def attendance_sheet(meeting):
    """The sheet's rows by delegation (in the meeting's order) and the totals, computed from
    the same rows so the summary always adds up to the tables."""
    blocks = {d.id: DelegationBlock(d) for d in meeting.delegations}
    total = Tally()
    for delegate, attendance in roll_call(meeting):
        block = blocks[delegate.delegation_id]
        row = SheetRow(len(block.rows) + 1, delegate, attendance)
        block.rows.append(row)
        block.tally.count(row)
        total.count(row)
    return AttendanceSheet(meeting, list(blocks.values()), total)


def attendance_pdf(meeting):
    return render_pdf("records/attendance_sheet.html", meeting=meeting,
                      sheet=attendance_sheet(meeting),
                      generated_at=utcnow())


# --- XLSX for the archive -------------------------------------------------------------------

XLSX_COLUMNS = ((_l("Delegation"), 16), (_l("Serial number"), 6), (_l("Name"), 10),
                (_l("Seat number"), 8), (_l("Work unit and post"), 36),
                (_l("Check-in status"), 10), (_l("Checked in at"), 17),
                (_l("Check-in method"), 12))
STATUS_TITLES = {"present": _l("Checked in"), "on_leave": _l("On leave"),
                 "absent": _l("Absent")}


def _xlsx_row(block, row):
    checked_in = row.attendance.at if row.status == "present" else None
    return [block.delegation.name, row.number, row.delegate.name, row.delegate.seat or "",
            row.work, str(STATUS_TITLES[row.status]),
            to_local(checked_in) if checked_in else None, str(row.method_title)]


def attendance_xlsx(meeting):
    """The same rows as the printed sheet, one per delegate, labelled in the meeting's
    language like the printed records."""
    sheet_data = attendance_sheet(meeting)
    workbook = Workbook()
    sheet = workbook.active
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        sheet.title = gettext("Attendance sheet")
        append_text_row(sheet, [str(title) for title, _width in XLSX_COLUMNS])
        for block in sheet_data.blocks:
            for row in block.rows:
                append_text_row(sheet, _xlsx_row(block, row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_title, width) in enumerate(XLSX_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
        row[6].number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "D2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
