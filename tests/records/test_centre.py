"""The records centre and the archive."""
import io
import json
import re
import zipfile

import pytest

from congress.extensions import db
from congress.meetings.models import Meeting
from tests import pdftools
from tests.helpers import csrf_from, login, post_form
from tests.records.conftest import archive_of, job_file_from_centre


def _row(page, key):
    start = page.index(f'data-document="{key}"')
    return page[start:page.index("</tr>", start)]


def test_centre_lists_every_document_with_its_print_log(app, client, held):
    login(client, held.secretariat)
    page = client.get(f"/meetings/{held.mid}/records").get_data(as_text=True)
    for key in ("minutes.pdf", "proposals.pdf", "proposals.xlsx", "review-digest.pdf"):
        assert f'data-document="{key}"' in page
    assert "郭志文述职测评" in page                      # the debrief's closed rating ballot
    assert "从未生成" in _row(page, "minutes.pdf")

    # viewing (a GET) writes nothing, so it is not in the print log
    r = client.get(f"/meetings/{held.mid}/records/files/minutes.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert "合肥市测试年会纪要" in pdftools.text(r.data).replace(" ", "")
    assert "从未生成" in _row(client.get(f"/meetings/{held.mid}/records").get_data(
        as_text=True), "minutes.pdf")

    # the Print button (a POST) is
    r = post_form(client, f"/meetings/{held.mid}/records/files/minutes.pdf",
                  page=f"/meetings/{held.mid}/records")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert "合肥市测试年会纪要" in pdftools.text(r.data).replace(" ", "")
    row = _row(client.get(f"/meetings/{held.mid}/records").get_data(as_text=True),
               "minutes.pdf")
    assert "最新" in row and "从未生成" not in row

    # a change of the data marks the printed minutes out of date
    from congress.meetings.models import Meeting
    from congress.records import services
    with app.app_context():
        services.add_section(None, db.session.get(Meeting, held.mid), heading="补充",
                             body="新的内容", placement="closing")
        db.session.commit()
    row = _row(client.get(f"/meetings/{held.mid}/records").get_data(as_text=True),
               "minutes.pdf")
    assert "数据已变化" in row


def test_unknown_document_is_404(client, held):
    login(client, held.secretariat)
    assert client.get(f"/meetings/{held.mid}/records/files/secret.pdf").status_code == 404


def test_archive_holds_every_record_and_no_secret(app, client, held):
    login(client, held.secretariat)
    post_form(client, f"/meetings/{held.mid}/records/minutes/finalise",
              page=f"/meetings/{held.mid}/records/minutes")
    r = archive_of(app, client, held.mid)
    assert r.status_code == 200 and r.mimetype == "application/zip"
    # saved under the meeting's title, with an ASCII name for clients without RFC 5987
    from tests.core.test_chinese_throughout import saved_as
    with app.app_context():
        title = db.session.get(Meeting, held.mid).title
    assert re.fullmatch(rf"{re.escape(title)}归档包_\d{{8}}-\d{{4}}\.zip", saved_as(r))
    assert f'filename="meeting-{held.mid}-archive.zip"' in r.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(r.data))
    names = set(archive.namelist())
    # every file named in Chinese (issue 18 point 5)
    assert {"纪要.pdf", "纪要第1版.pdf", "提案汇编.pdf", "提案登记表.xlsx",
            "审议意见汇总.pdf", "年会数据.json", "归档说明.txt"} <= names
    assert any(n.startswith("结果统计表_") and n.endswith(".pdf") for n in names)
    readme = archive.read("归档说明.txt").decode()
    assert "本归档包含以下文件：" in readme and "纪要.pdf" in readme and "version" not in readme
    for name in names:
        if name.endswith(".pdf"):
            assert archive.read(name).startswith(b"%PDF"), name
            assert pdftools.is_a4(archive.read(name)), name
    assert archive.read("纪要.pdf") == archive.read("纪要第1版.pdf")  # the final version
    assert archive.read("提案登记表.xlsx").startswith(b"PK")

    export = json.loads(archive.read("年会数据.json"))
    tables = export["tables"]
    assert export["meeting_id"] == held.mid
    assert len(tables["delegates"]) == len(held.delegates)
    assert {d["name"] for d in tables["delegates"]} == {a.name for a in held.delegates}
    assert tables["floor_requests"] and tables["ballot_marks"] and tables["proposals"]
    assert tables["minutes_versions"][0]["number"] == 1
    assert "pdf" not in tables["minutes_versions"][0]
    assert "ballot_participations" not in tables and "api_tokens" not in tables
    raw = archive.read("年会数据.json").decode()
    assert "password_hash" not in raw and "pbkdf2" not in raw and "scrypt" not in raw
    assert all(set(u) == {"id", "username", "name", "role", "unit_id"} for u in tables["users"])


def test_archive_of_one_meeting_holds_nothing_of_another(app, client, make, held):
    other = make.meeting(title="另一个年会")
    make.delegate(other, name="别的代表")
    login(client, held.secretariat)
    raw = archive_of(app, client, held.mid).data
    export = zipfile.ZipFile(io.BytesIO(raw)).read("年会数据.json").decode()
    assert "别的代表" not in export and "另一个年会" not in export


@pytest.mark.parametrize("role", ["chair", "delegate", "observer", "committee", "unit"])
def test_archive_is_for_the_secretariat(app, client, make, held, role):
    from tests.helpers import run_queued_jobs

    account = {"chair": held.chair, "delegate": held.delegates[0]}.get(role) or make.user(role)
    login(client, account)
    r = client.post(f"/meetings/{held.mid}/records/archive",
                    data={"csrf_token": csrf_from(client, "/login")})
    assert r.status_code == 403
    assert run_queued_jobs(app) == 0


@pytest.mark.parametrize("role,status", [("chair", 200), ("delegate", 403), ("observer", 403),
                                         ("committee", 403), ("unit", 403)])
def test_centre_is_for_staff(client, make, held, role, status):
    account = {"chair": held.chair, "delegate": held.delegates[0]}.get(role) or make.user(role)
    login(client, account)
    assert client.get(f"/meetings/{held.mid}/records").status_code == status
    assert client.get(f"/meetings/{held.mid}/records/files/minutes.pdf").status_code == status


def test_cards_print_from_the_centre_form_and_are_logged(app, client, held):
    import re

    from congress.people.models import User

    login(client, held.secretariat)
    page = client.get(f"/meetings/{held.mid}/records").get_data(as_text=True)
    form = page[page.index('id="cards"'):]
    action = re.search(r'action="([^"]+)"', form).group(1)
    token = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', form).group(1)
    delegation = re.findall(r'<option value="([^"]+)">瑶海区代表团', form)[0]
    assert action == f"/meetings/{held.mid}/records/cards"
    with app.app_context():
        before = {u.id: u.password_hash for u in db.session.scalars(db.select(User))}
    r = client.post(action, data={"csrf_token": token, "delegation": delegation})
    assert r.status_code == 302
    r = job_file_from_centre(app, client, held.mid)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    text = pdftools.text(r.data)
    assert held.delegates[0].name in text and held.delegates[-1].name not in text
    with app.app_context():
        after = {u.id: u.password_hash for u in db.session.scalars(db.select(User))}
    changed = {uid for uid in before if before[uid] != after[uid]}
    assert changed == {a.id for a in held.delegates[:7]}   # 瑶海区's seven, nobody else
    page = client.get(f"/meetings/{held.mid}/records").get_data(as_text=True)
    assert "尚未打印" not in page[page.index('data-testid="cards-printed"'):][:300]


def test_minutes_through_the_api_final_version_and_errors(app, client, held):
    from tests.helpers import bearer, token_for

    headers = bearer(token_for(client, held.secretariat))
    url = f"/api/v1/meetings/{held.mid}/records/minutes.pdf"
    draft = client.get(url, headers=headers)
    assert draft.status_code == 200 and "讨论稿" in pdftools.text(draft.data)
    assert client.get(url + "?version=1", headers=headers).status_code == 404
    r = client.get(url + "?version=first", headers=headers)
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "bad_version"
    with app.app_context(), app.test_request_context():
        from congress.meetings.models import Meeting
        from congress.records import services
        services.finalise_minutes(None, db.session.get(Meeting, held.mid))
        db.session.commit()
    final = client.get(url, headers=headers)
    assert "第1版" in pdftools.text(final.data).replace(" ", "")
    assert client.get(url + "?version=1", headers=headers).data == final.data
    delegate = bearer(token_for(client, held.delegates[0]))
    assert client.get(url, headers=delegate).status_code == 403
