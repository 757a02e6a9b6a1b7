"""The attendance sheet (签到表): a real A4 PDF with every delegate by delegation, who came
when and how, who is on leave, a column to sign, the totals, GB/T 9704 page numbers; the same
rows as XLSX; no query per delegate or per delegation."""
import io
import re
import threading

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from congress.extensions import db
from tests import pdftools
from tests.helpers import bearer, token_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YAOHAI, LUYANG = "瑶海区代表团", "庐阳区代表团"


def _mark_leave(app, account):
    from congress.meetings.models import Meeting
    from congress.meetings.services import mark_leave
    from congress.people.models import Delegate

    with app.app_context():
        mark_leave(None, db.session.get(Meeting, account.meeting_id),
                   db.session.get(Delegate, account.delegate_id))
        db.session.commit()


def _checked_in_at(app, account):
    """The check-in time as the sheet prints it (local HH:mm)."""
    from congress.core.time import to_local
    from congress.meetings.models import Attendance

    with app.app_context():
        row = db.session.scalar(db.select(Attendance).where(
            Attendance.delegate_id == account.delegate_id))
        return to_local(row.at).strftime("%H:%M")


@pytest.fixture
def hall(app, make):
    """Two delegations: 瑶海 with one present, one on leave, one absent; 庐阳 with one present
    and one absent. Seats and work units as the roster would have them."""
    mid = make.meeting(title="中共合肥市第十二次代表大会2026年年会")
    a = make.delegate(mid, "王建国", YAOHAI, seat="A-01", work_unit="瑶海区委", job_title="书记")
    b = make.delegate(mid, "李红梅", YAOHAI, seat="A-02", work_unit="红光社区", job_title="主任")
    c = make.delegate(mid, "张卫东", YAOHAI, seat="A-03")
    d = make.delegate(mid, "赵小燕", LUYANG, seat="B-01", work_unit="庐阳中学", job_title="教师")
    e = make.delegate(mid, "孙志刚", LUYANG, seat="B-02")
    make.check_in(a)
    make.check_in(d)
    _mark_leave(app, b)
    return {"mid": mid, "present": (a, d), "leave": (b,), "absent": (c, e),
            "secretariat": make.user("secretariat"), "chair": make.user("chair")}


def _get(client, hall, account, suffix="pdf"):
    return client.get(f"/api/v1/meetings/{hall['mid']}/records/attendance.{suffix}",
                      headers=bearer(token_for(client, account)))


def _line_of(text, name):
    return next(line for line in text.splitlines() if name in line)


def test_sheet_is_a4_with_embedded_cjk_fonts_and_ink(client, hall):
    r = _get(client, hall, hall["chair"])
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    data = r.data
    assert data.startswith(b"%PDF") and pdftools.is_a4(data)
    fonts = pdftools.fonts(data)
    assert fonts and all(embedded for _n, _t, embedded, _s in fonts)
    assert any("CJK" in name or "UKai" in name for name, *_ in fonts)
    assert pdftools.page_ink(data, page=1) > 0.01
    assert pdftools.page_ink(data, page=2) > 0.01


def test_each_delegate_is_listed_as_present_on_leave_or_absent(app, client, hall):
    text = pdftools.text(_get(client, hall, hall["secretariat"]).data)
    for expected in ("中共合肥市第十二次代表大会2026年年会", "代表签到表", YAOHAI, LUYANG, "序号",
                     "姓名", "座位号", "工作单位及职务", "签到情况", "签名", "瑶海区委书记",
                     "红光社区主任", "庐阳中学教师"):
        assert expected in text, expected
    for account, seat in zip(hall["present"], ("A-01", "B-01"), strict=True):
        line = _line_of(text, account.name)
        assert seat in line and f"{_checked_in_at(app, account)} 签到台" in line, line
        assert "请假" not in line
    line = _line_of(text, "李红梅")
    assert "A-02" in line and "请假" in line and not re.search(r"\d\d:\d\d", line)
    for account in hall["absent"]:
        line = _line_of(text, account.name)
        assert "请假" not in line and not re.search(r"\d\d:\d\d", line), line
    # delegations in the meeting's order, each list numbered from 1
    assert text.index("（一）瑶海区代表团") < text.index("（二）庐阳区代表团")
    assert re.search(r"^\s*3\s+张卫东", text, re.M) and re.search(r"^\s*1\s+赵小燕", text, re.M)


def test_totals_and_the_summary_by_delegation(client, hall):
    text = pdftools.text(_get(client, hall, hall["chair"]).data)
    assert "应到代表5名，实到2名，请假1名，缺席2名。" in text
    numbers = {name: re.findall(r"\d+", _line_of(text, name)) for name in (YAOHAI, LUYANG)}
    assert numbers[YAOHAI] == ["3", "1", "1", "1"]  # due, present, on leave, absent
    assert numbers[LUYANG] == ["2", "1", "0", "1"]
    assert re.findall(r"\d+", _line_of(text, "合计")) == ["5", "2", "1", "2"]
    assert "应到3名，实到1名，请假1名，缺席1名" in text  # above 瑶海's own list
    assert "打印时间" in text


def test_page_numbers_alternate_right_and_left(client, hall):
    """GB/T 9704: "— 1 —" below the text block, odd pages on the right, even on the left.
    Each delegation's list starts a page, so this sheet has at least three."""
    pages = pdftools.pages(_get(client, hall, hall["chair"]).data)
    assert len(pages) >= 3
    for index, page in enumerate(pages, start=1):
        number = pdftools.page_number(page)
        assert number is not None and number.text == str(index), index
        side = number.x_center / page.width
        assert (side > 0.6) if index % 2 else (side < 0.4), (index, side)


def test_xlsx_has_the_same_rows(app, client, hall):
    r = _get(client, hall, hall["secretariat"], "xlsx")
    assert r.status_code == 200 and r.mimetype == XLSX
    sheet = load_workbook(io.BytesIO(r.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("代表团", "序号", "姓名", "座位号", "工作单位及职务", "签到情况", "签到时间",
                       "签到方式")
    by_name = {row[2]: row for row in rows[1:]}
    assert len(by_name) == 5
    wang = by_name["王建国"]
    assert wang[:6] == (YAOHAI, 1, "王建国", "A-01", "瑶海区委书记", "已签到")
    assert wang[6].strftime("%H:%M") == _checked_in_at(app, hall["present"][0])
    assert wang[7] == "签到台"
    assert by_name["李红梅"][5:] == ("请假", None, None)
    assert by_name["孙志刚"][:2] == (LUYANG, 2) and by_name["孙志刚"][5:] == ("缺席", None, None)


@pytest.mark.parametrize("role", ["delegate", "observer", "committee", "unit"])
def test_only_staff_may_print_it(client, make, hall, role):
    account = make.delegate(hall["mid"]) if role == "delegate" else make.user(role)
    for suffix in ("pdf", "xlsx"):
        r = _get(client, hall, account, suffix)
        assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"


def test_unknown_meeting_is_a_json_404(client, hall):
    r = client.get("/api/v1/meetings/99999/records/attendance.pdf",
                   headers=bearer(token_for(client, hall["chair"])))
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"


def _queries_for_sheet(app, mid):
    """Statements run to build the sheet's rows and totals."""
    from congress.meetings.models import Meeting
    from congress.records.attendance import attendance_sheet

    statements = []
    with app.app_context():
        meeting = db.session.get(Meeting, mid)

        me = threading.get_ident()

        def count(*_args):
            if threading.get_ident() == me:  # not the live broker's reads in its own thread
                statements.append(_args[2])

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            sheet = attendance_sheet(meeting)
            for row in sheet.rows:  # everything the template reads
                # the reads are the point (their statements are counted), not the values
                (row.delegate.name, row.delegate.seat, row.work,  # noqa: B018
                 row.status, row.method_title)
            [block.delegation.name for block in sheet.blocks]
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        db.session.rollback()
    return len(statements)


def test_no_query_per_delegate_or_delegation(app, make):
    small, large = make.meeting(), make.meeting()
    for mid, delegations, size in ((small, 1, 2), (large, 4, 5)):
        for d in range(delegations):
            for account in make.delegates(mid, size, delegation=f"第{d + 1}代表团"):
                make.check_in(account)
    assert _queries_for_sheet(app, small) == _queries_for_sheet(app, large) <= 3
