"""A roster file is checked before it is parsed: an .xlsx that would expand past the limit
(a "zip bomb") is refused from its ZIP directory alone, without openpyxl opening it; a file
with more rows than the limit is refused as soon as reading passes it. The message stands
beside the upload field, in Chinese, and nothing is stored."""
import io
import zipfile

import pytest
from sqlalchemy import func, select

from congress.extensions import db
from congress.people import roster
from congress.people.roster import RosterImport
from tests.helpers import login, post_form
from tests.people.test_roster import GOOD, HEADER, _csv, _xlsx


@pytest.fixture
def setup(client, make):
    mid = make.meeting()
    make.delegation(mid, "瑶海区代表团")
    make.delegation(mid, "庐阳区代表团")
    login(client, make.user("secretariat"))
    return mid


@pytest.fixture
def openpyxl_calls(monkeypatch):
    """Every time the roster reader hands a workbook to openpyxl (openpyxl's own function
    still does the work)."""
    calls = []
    real = roster.load_workbook

    def spy(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(roster, "load_workbook", spy)
    return calls


def bomb_xlsx(megabytes=48):
    """A real workbook plus one part of zeros that deflates ~1000:1: ~50 KB on the wire."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_xlsx(GOOD))) as good, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in good.infolist():
            bomb.writestr(item, good.read(item))
        bomb.writestr("xl/media/image1.bin", b"\0" * (megabytes * 1024 * 1024))
    return out.getvalue()


def _upload(client, mid, filename, data):
    return post_form(client, f"/meetings/{mid}/roster/import",
                     {"file": (io.BytesIO(data), filename)})


def _stored(app):
    with app.app_context():
        return db.session.scalar(select(func.count(RosterImport.id)))


def test_a_decompression_bomb_is_refused_before_openpyxl_reads_it(app, client, setup,
                                                                  openpyxl_calls):
    data = bomb_xlsx()
    assert len(data) < 200 * 1024
    r = _upload(client, setup, "roster.xlsx", data)
    page = r.get_data(as_text=True)
    assert "打开后将占用" in page and "最多接受 20.0 MB" in page
    assert 'class="error"' in page
    assert openpyxl_calls == [] and _stored(app) == 0


def test_a_part_compressed_beyond_any_real_document_is_refused(app, client, setup,
                                                              openpyxl_calls, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
    r = _upload(client, setup, "roster.xlsx", bomb_xlsx(megabytes=2))
    assert "压缩比超过 100 倍" in r.get_data(as_text=True)
    assert openpyxl_calls == [] and _stored(app) == 0


def test_more_rows_than_the_limit_are_refused_while_reading(app, client, setup, monkeypatch):
    monkeypatch.setitem(app.config, "ROSTER_MAX_ROWS", 50)
    rows = [HEADER] + [[f"代表{n}", "瑶海区代表团", "男", "", "", "", "是"] for n in range(60)]
    for filename, data in (("roster.xlsx", _xlsx(rows)), ("roster.csv", _csv(rows))):
        r = _upload(client, setup, filename, data)
        assert "一次最多导入 50 名代表" in r.get_data(as_text=True), filename
    assert _stored(app) == 0
    ok = _upload(client, setup, "roster.xlsx", _xlsx(rows[:51]))  # exactly the limit
    assert ok.status_code == 302 and _stored(app) == 1


def test_a_sheet_of_blank_rows_stops_early(app, monkeypatch):
    """Rows far apart make openpyxl invent every blank row between them: reading stops at
    twice the limit instead of walking a million of them."""
    from openpyxl import Workbook

    monkeypatch.setitem(app.config, "ROSTER_MAX_ROWS", 50)
    book = Workbook()
    book.active.append(HEADER)
    book.active.cell(row=1_000_000, column=1, value="末行")
    out = io.BytesIO()
    book.save(out)
    from congress.core.errors import Invalid

    with app.test_request_context():
        with pytest.raises(Invalid) as refused:
            roster.read_table("roster.xlsx", out.getvalue())
        assert "一次最多导入 50 名代表" in str(refused.value.message)


def test_a_normal_workbook_still_imports(app, client, setup, openpyxl_calls):
    r = _upload(client, setup, "roster.xlsx", _xlsx(GOOD))
    assert r.status_code == 302 and openpyxl_calls == [1] and _stored(app) == 1


def test_a_csv_the_csv_module_cannot_read_is_a_clear_error(app, client, setup):
    huge_field = "x" * 140_000  # past the csv module's field limit (131,072 characters)
    r = _upload(client, setup, "roster.csv", f"姓名,代表团\n{huge_field},瑶海区代表团\n".encode())
    assert r.status_code == 200 and "无法读取此 CSV 文件" in r.get_data(as_text=True)
    assert _stored(app) == 0
