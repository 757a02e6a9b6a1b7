"""Exports never turn what people typed into formulas: a delegate called =HYPERLINK(...),
+1, -1 or @SUM(...) comes back from every XLSX the app writes as a plain text cell."""
import io

from openpyxl import load_workbook

from congress.extensions import db
from tests.helpers import login

NAMES = ('=HYPERLINK("http://evil.example/","点此")', "+1", "-1", "@SUM(A1:A9)", "=1+1")


def _cells(data):
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _assert_names_are_text(data, names):
    cells = {cell.value: cell for cell in _cells(data)}
    for name in names:
        assert name in cells, name
        assert cells[name].data_type == "s", (name, cells[name].data_type)
    assert not [c for c in _cells(data) if c.data_type == "f"]


def test_roster_attendance_and_register_exports_keep_names_as_text(app, client, make):
    from congress.meetings.models import Meeting
    from congress.people.models import Delegate
    from congress.proposals import services as proposals

    mid = make.meeting(min_signers=1)
    accounts = [make.delegate(mid, name=name) for name in NAMES]
    make.check_in(accounts[0])
    with app.app_context():
        lead = db.session.get(Delegate, accounts[0].delegate_id)
        draft = proposals.create_draft(lead.user, db.session.get(Meeting, mid),
                                       title="关于导出安全的提案", category="其他",
                                       grounds="案据", measures="方案")
        proposals.submit(lead.user, draft)
        db.session.commit()
    login(client, make.user("secretariat"))

    roster = client.get(f"/meetings/{mid}/roster.xlsx")
    attendance = client.get(f"/meetings/{mid}/records/files/attendance.xlsx")
    register = client.get(f"/meetings/{mid}/proposals/register.xlsx")
    for response in (roster, attendance, register):
        assert response.status_code == 200
    _assert_names_are_text(roster.data, NAMES)
    _assert_names_are_text(attendance.data, NAMES)
    _assert_names_are_text(register.data, NAMES[:1])  # the lead sponsor's name


def test_exports_leave_out_control_characters_a_spreadsheet_cannot_hold(app, client, make):
    """A name that came in with a control character (a form, an import) is written without
    it; the sheet is not lost (openpyxl refuses such characters)."""
    mid = make.meeting()
    make.check_in(make.delegate(mid, name="王\x04五"))
    login(client, make.user("secretariat"))
    for url in (f"/meetings/{mid}/roster.xlsx", f"/meetings/{mid}/records/files/attendance.xlsx",
                f"/api/v1/meetings/{mid}/records/attendance.xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        values = {cell.value for cell in _cells(response.data)}
        assert "王五" in values and "王\x04五" not in values, url
