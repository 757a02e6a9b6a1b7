"""Roster import (upload → preview with every row's problems → commit, all or nothing) and
export to XLSX."""
import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from congress.extensions import db
from congress.people.models import Delegate, User
from tests.helpers import english, login, post_form

HEADER = ["姓名", "代表团", "性别", "工作单位", "职务", "座位", "基层代表"]


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows, encoding="utf-8-sig"):
    return "\n".join(",".join(r) for r in rows).encode(encoding)


@pytest.fixture
def setup(client, make):
    mid = make.meeting()
    make.delegation(mid, "瑶海区代表团")
    make.delegation(mid, "庐阳区代表团")
    login(client, make.user("secretariat"))
    english(client)
    return mid


def _upload(client, mid, filename, data):
    url = f"/meetings/{mid}/roster/import"
    return post_form(client, url, {"file": (io.BytesIO(data), filename)})


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Delegate.id)))


GOOD = [HEADER,
        ["张伟", "瑶海区代表团", "男", "瑶海区红光街道", "党工委书记", "A-01", "是"],
        ["李娜", "庐阳区代表团", "女", "庐阳区人民医院", "医生", "B-02", "否"]]


@pytest.mark.parametrize("filename, data", [("roster.xlsx", _xlsx(GOOD)),
                                            ("roster.csv", _csv(GOOD)),
                                            ("gbk.csv", _csv(GOOD, "gb18030"))])
def test_good_file_imports_every_row(app, client, setup, filename, data):
    r = _upload(client, setup, filename, data)
    assert r.status_code == 302 and "/roster/import/" in r.location
    preview = client.get(r.location).get_data(as_text=True)
    assert "All 2 rows are fine" in preview
    assert _count(app) == 0  # the preview adds nothing
    r = post_form(client, r.location)
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "张伟" in page and "李娜" in page  # the new logins, shown once
    with app.app_context():
        rows = db.session.scalars(select(Delegate).order_by(Delegate.id)).all()
        assert [(d.name, d.delegation.name, d.gender, d.seat, d.is_grassroots) for d in rows] == [
            ("张伟", "瑶海区代表团", "male", "A-01", True),
            ("李娜", "庐阳区代表团", "female", "B-02", False)]
        assert rows[0].job_title == "党工委书记" and rows[1].work_unit == "庐阳区人民医院"
        assert all(db.session.get(User, d.user_id).username in page for d in rows)


def test_bad_rows_are_all_listed_and_nothing_is_imported(app, client, make, setup):
    make.delegate(setup, name="王芳", delegation="瑶海区代表团")
    rows = [HEADER,
            ["", "瑶海区代表团", "男", "", "", "", ""],             # missing name
            ["赵六", "", "男", "", "", "", ""],                     # missing delegation
            ["孙七", "火星代表团", "男", "", "", "", ""],            # unknown delegation
            ["周八", "瑶海区代表团", "男", "", "", "", ""],
            ["周八", "瑶海区代表团", "男", "", "", "", ""],          # duplicate in the file
            ["王芳", "瑶海区代表团", "女", "", "", "", ""],          # of the congress: an update
            ["吴九", "庐阳区代表团", "未知", "", "", "", "也许"],     # bad gender and flag
            ["郑十", "庐阳区代表团", "女", "", "", "", "否"]]        # fine
    r = _upload(client, setup, "bad.xlsx", _xlsx(rows))
    preview = client.get(r.location).get_data(as_text=True)
    assert "5 of 8 rows have problems" in preview
    for problem in ("missing name", "missing delegation", "unknown delegation 火星代表团",
                    "duplicate of line 5", "gender must be", "grassroots must be"):
        assert problem in preview, problem
    assert "Import 8 delegates" not in preview  # no commit button
    before = _count(app)
    r = post_form(client, r.location, page=r.location)
    assert _count(app) == before == 1


def test_commit_is_refused_if_the_roster_changed_since_the_preview(app, client, make, setup):
    r = _upload(client, setup, "r.csv", _csv(GOOD))
    preview_url = r.location
    assert "All 2 rows are fine" in client.get(preview_url).get_data(as_text=True)
    make.delegate(setup, name="李娜", delegation="庐阳区代表团")  # added meanwhile
    r = post_form(client, preview_url, {"adds": 2, "updates": 0})  # what the preview showed
    assert r.status_code == 302
    assert _count(app) == 1  # only the one added meanwhile: never half an import
    english(client)
    again = client.get(r.location).get_data(as_text=True)
    assert "1 delegates will be added and 1 updated" in again


def test_an_import_commits_once(app, client, setup):
    r = _upload(client, setup, "r.csv", _csv(GOOD))
    preview_url = r.location
    token_page = client.get(preview_url).get_data(as_text=True)
    post_form(client, preview_url)
    from tests.helpers import CSRF_RE
    token = CSRF_RE.search(token_page).group(1)
    client.post(preview_url, data={"csrf_token": token})
    assert _count(app) == 2


@pytest.mark.parametrize("filename, data, message", [
    ("roster.txt", b"x", "Upload a .xlsx or .csv file"),
    ("roster.xlsx", b"not a zip", "not a readable .xlsx"),
    ("roster.csv", _csv([["编号", "备注"], ["1", "x"]]), "at least 姓名 (name) and 代表团"),
    ("roster.csv", b"", "empty"),
])
def test_unreadable_files_get_a_clear_message(app, client, setup, filename, data, message):
    r = _upload(client, setup, filename, data)
    assert r.status_code == 200
    assert message in r.get_data(as_text=True)
    assert _count(app) == 0


def test_export_xlsx_lists_the_roster(client, make, setup):
    make.delegate(setup, name="张伟", delegation="瑶海区代表团", seat="A-01",
                  is_grassroots=True, gender="male")
    r = client.get(f"/meetings/{setup}/roster.xlsx")
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(r.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == tuple(HEADER)
    assert rows[1][:7] == ("张伟", "瑶海区代表团", "男", None, None, "A-01", "是")


def test_export_reimports_cleanly_into_a_new_meeting(app, client, make, setup):
    make.delegate(setup, name="张伟", delegation="瑶海区代表团", seat="A-01")
    data = client.get(f"/meetings/{setup}/roster.xlsx").data
    other = make.meeting()
    make.delegation(other, "瑶海区代表团")
    r = _upload(client, other, "export.xlsx", data)
    assert "All 1 rows are fine" in client.get(r.location).get_data(as_text=True)


def test_the_preview_shows_gender_and_grassroots_in_chinese(client, make):
    """Issue 18 point 5: no male/female/True/False on the Chinese preview."""
    import re

    mid = make.meeting()
    make.delegation(mid, "瑶海区代表团")
    make.delegation(mid, "庐阳区代表团")
    login(client, make.user("secretariat"))
    r = _upload(client, mid, "roster.csv", _csv(GOOD))
    page = client.get(r.location).get_data(as_text=True)
    cells = re.findall(r"<td>([^<]*)</td>", page.split("<tbody>")[1])
    assert "男" in cells and "女" in cells and "是" in cells and "否" in cells
    assert not {"male", "female", "True", "False"} & set(cells)
