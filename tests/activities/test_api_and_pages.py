"""Groups, activities, contacts and the printed records through both doors: who may, and
another organisation's objects not found."""
import io
import re
import subprocess

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from congress.extensions import db
from tests.helpers import bearer, export_by_job, login, post_form, token_for


def _api(app, world, who, method, url, json=None):
    client = app.test_client()
    return client.open(url, method=method, json=json,
                       headers=bearer(token_for(client, world.accounts[who])))


def _page(app, world, who):
    client = app.test_client()
    login(client, world.accounts[who])
    return client


def _audit(app, action):
    from congress.core.audit import AuditEntry
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEntry.id))
                                 .where(AuditEntry.action == action))


def test_a_group_with_its_convener(app, world):
    ids = world.ids
    r = _api(app, world, "secretariat-county", "POST",
             f"/api/v1/congresses/{ids['county_cid']}/groups",
             {"name": "第一小组", "convener_id": ids["a1"], "member_ids": [ids["a2"], ids["a3"]]})
    assert r.status_code == 201, r.get_json()
    group = r.get_json()
    assert group["convener_id"] == ids["a1"]
    assert group["member_ids"] == sorted([ids["a1"], ids["a2"], ids["a3"]])
    assert _audit(app, "delegate_group.create") == 1
    again = _api(app, world, "secretariat-county", "POST",
                 f"/api/v1/congresses/{ids['county_cid']}/groups",
                 {"name": "第一小组", "member_ids": []})
    assert again.status_code == 422 and "name" in again.get_json()["error"]["message"]
    page = _page(app, world, "secretariat-county").get(f"/congresses/{ids['county_cid']}/groups")
    assert page.status_code == 200 and "第一小组" in page.get_data(as_text=True)


@pytest.mark.parametrize("who, member, status", [
    ("secretariat-county", "b1", 422),       # another organisation's delegate: a wrong field
    ("secretariat-county", "t1", 422),       # the township's, below: not of this congress
    ("secretariat-sibling", "a1", 404),      # another organisation's congress
    ("organiser-city", "a1", 403),           # reads below, never forms groups
    ("chair-county", "a1", 403),
])
def test_groups_are_the_congresss_secretariats(app, world, who, member, status):
    r = _api(app, world, who, "POST", f"/api/v1/congresses/{world.ids['county_cid']}/groups",
             {"name": "越界小组", "member_ids": [world.ids[member]]})
    assert r.status_code == status, r.get_json()


def test_an_activity_is_recorded_by_the_secretariat(app, world):
    ids = world.ids
    body = {"kind": "inspection", "title": "督查重点项目", "on": "2025-09-01",
            "delegate_ids": [ids["a1"], ids["a3"]], "place": "瑶海区政府"}
    r = _api(app, world, "secretariat-county", "POST",
             f"/api/v1/organisations/{ids['county_oid']}/activities", body)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["delegate_ids"] == [ids["a1"], ids["a3"]]
    assert r.get_json()["on"] == "2025-09-01"
    assert _api(app, world, "secretariat-sibling", "POST",
                f"/api/v1/organisations/{ids['county_oid']}/activities", body).status_code == 404
    assert _api(app, world, "organiser-city", "POST",
                f"/api/v1/organisations/{ids['county_oid']}/activities", body).status_code == 403
    wrong = _api(app, world, "secretariat-county", "POST",
                 f"/api/v1/organisations/{ids['county_oid']}/activities",
                 body | {"delegate_ids": [ids["b1"]]})
    assert wrong.status_code == 422 and "delegate_ids" in wrong.get_json()["error"]["message"]
    bad_kind = _api(app, world, "secretariat-county", "POST",
                    f"/api/v1/organisations/{ids['county_oid']}/activities",
                    body | {"kind": "party"})
    assert bad_kind.status_code == 422
    page = _page(app, world, "secretariat-county").get(
        f"/organisations/{ids['county_oid']}/activities?year=2025")
    assert page.status_code == 200 and "督查重点项目" in page.get_data(as_text=True)


@pytest.mark.parametrize("who, target, status", [
    ("a1", "a1", 200), ("a1", "a2", 403), ("b1", "a1", 404),
    ("secretariat-county", "a1", 200), ("chair-county", "a1", 200),
    ("observer-county", "a1", 403), ("secretariat-sibling", "a1", 404),
    ("organiser-city", "a1", 200), ("organiser-city", "t1", 200),
    ("organiser-county", "c1", 404), ("secretariat-city", "a1", 404),
])
def test_who_reads_a_ledger(app, world, who, target, status):
    r = _api(app, world, who, "GET", f"/api/v1/delegates/{world.ids[target]}/ledger?year=2025")
    assert r.status_code == status, r.get_json()


@pytest.mark.parametrize("who, org, status", [
    ("organiser-city", "county", 200), ("secretariat-county", "county", 200),
    ("chair-county", "county", 200), ("a1", "county", 403),
    ("secretariat-city", "county", 404), ("organiser-county", "city", 404),
    ("secretariat-sibling", "county", 404), ("observer-county", "county", 403),
])
def test_who_reads_the_statistics(app, world, who, org, status):
    r = _api(app, world, who, "GET", f"/api/v1/organisations/{world.ids[org + '_oid']}/statistics")
    assert r.status_code == status, r.get_json()


def _pdf_text(data):
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True)
    return done.stdout.decode()


def _fonts(data):
    done = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def test_the_printed_ledger_and_the_unmet_sheet(app, world):
    ids = world.ids
    r = _api(app, world, "secretariat-county", "GET",
             f"/api/v1/delegates/{ids['a2']}/ledger.pdf?year=2025")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    text = _pdf_text(r.data)
    assert "瑶海区委" in text and "a2" in text and "2025" in text
    assert "履职情况" in text and "未达到年度履职要求：" in text
    # each requirement short of, with what was done and what is required; one page
    assert re.search(r"工作室值班完成\d+，要求\d+", re.sub(r"\s+", "", text))
    assert text.count("\f") == 1
    fonts = _fonts(r.data)
    assert "CJK" in fonts and all(line.split()[-5] == "yes" for line in
                                  fonts.splitlines()[2:] if line.strip())  # embedded
    client = _page(app, world, "secretariat-county")
    sheet = client.get(f"/organisations/{ids['county_oid']}/ledgers/unmet.pdf?year=2025")
    assert sheet.status_code == 200
    text = _pdf_text(sheet.data)
    assert "a2" in text and "a3" in text and " a1 " not in f" {text} ".replace("\n", " ")
    listing = client.get(f"/organisations/{ids['county_oid']}/ledgers?year=2025")
    assert 'data-unmet="2"' in listing.get_data(as_text=True)


def test_the_statistics_page_and_its_export(app, world):
    client = _page(app, world, "organiser-city")
    oid = world.ids["city_oid"]
    page = client.get(f"/organisations/{oid}/term-statistics?from=2025-01-01&to=2025-12-31")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count("<svg") == 3 and "瑶海一号工作室" in html
    export = export_by_job(app, client, f"/organisations/{oid}/term-statistics/export",
                           {"from": "2025-01-01", "to": "2025-12-31"},
                           page=f"/organisations/{oid}/term-statistics?from=2025-01-01")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "党组织" and "代表人数" in rows[1]
    assert rows[-1][0] == "合计" and rows[-1][1] == 8
    studios = list(book.worksheets[1].iter_rows(values_only=True))
    assert {r[0] for r in studios[1:]} == {"瑶海一号工作室", "庐阳一号工作室"}


def test_the_delegate_keeps_contacts_on_the_tablet(app, world):
    client = _page(app, world, "a1")
    page = client.get("/my/contacts")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "李党员" in html and "13900000001" in html
    post_form(client, "/my/contacts", {"name": "钱居民", "kind": "resident",
                                       "phone": "13700000000"}, page="/my/contacts")
    from congress.activities.models import Contact
    with app.app_context():
        qian = db.session.scalar(select(Contact).where(Contact.name == "钱居民"))
        assert qian.delegate_id == world.ids["a1"] and qian.phone == "13700000000"
        qid = qian.id
    r = post_form(client, f"/my/contacts/{qid}/logs", {"on": "2025-10-01", "note": "电话"},
                  page="/my/contacts")
    assert r.status_code == 302
    assert _audit(app, "contact.log") == 8  # seven in the world, this one
    other = _page(app, world, "a2")
    assert "李党员" not in other.get("/my/contacts").get_data(as_text=True)
    refused = post_form(other, f"/my/contacts/{world.ids['li']}/logs", {"on": "2025-10-01"},
                        page="/my/contacts")
    assert refused.status_code == 404
    ledger = client.get("/my/ledger?year=2025")
    assert ledger.status_code == 200 and 'data-met="yes"' in ledger.get_data(as_text=True)
    staff = _page(app, world, "secretariat-county")
    assert staff.get("/my/contacts").status_code == 403


def test_the_requirements_page(app, world):
    client = _page(app, world, "secretariat-county")
    oid = world.ids["county_oid"]
    assert 'value="4"' in client.get(f"/organisations/{oid}/requirements").get_data(as_text=True)
    r = post_form(client, f"/organisations/{oid}/requirements",
                  {"duties": "3", "contacts": "5", "contacts_each_quarter": "y",
                   "activities": "6"}, page=f"/organisations/{oid}/requirements")
    assert r.status_code == 302
    from congress.activities.models import Requirements
    with app.app_context():
        row = db.session.get(Requirements, oid)
        assert (row.duties, row.contacts, row.activities) == (3, 5, 6)
    bad = post_form(client, f"/organisations/{oid}/requirements",
                    {"duties": "-1", "contacts": "5", "activities": "6"},
                    page=f"/organisations/{oid}/requirements")
    assert bad.status_code == 422
    organiser = _page(app, world, "organiser-city")
    assert organiser.get(f"/organisations/{oid}/requirements").status_code == 403
    # a1 of 2025 against the raised requirements: 2 duties of 3, 1 contact kept of 5, 5
    # activities of 6; each row says it falls short, and the page that it is not met
    page = client.get(f"/delegates/{world.ids['a1']}/ledger?year=2025").get_data(as_text=True)
    assert 'data-met="no"' in page
    assert re.findall(r'data-short="(\w+)">未达到要求<', page) == [
        "duties", "activities", "contacts"]


def test_the_statistics_export_through_the_api(app, world):
    """A period that ends before it starts is refused and queues nothing; a good one is a
    job whose file has both sheets."""
    from congress.core.jobs import Job
    from tests.helpers import run_queued_jobs

    client = app.test_client()
    headers = bearer(token_for(client, world.accounts["organiser-city"]))
    url = f"/api/v1/organisations/{world.ids['city_oid']}/statistics/export"
    refused = client.post(url, json={"from": "2025-12-31", "to": "2025-01-01"}, headers=headers)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["message"].startswith("to")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Job.id))) == 0
    answer = client.post(url, json={"from": "2025-01-01", "to": "2025-12-31"}, headers=headers)
    assert answer.status_code == 202
    assert run_queued_jobs(app) == 1
    result = client.get(f"/api/v1/jobs/{answer.get_json()['job']['id']}/result",
                        headers=headers)
    assert result.status_code == 200
    book = load_workbook(io.BytesIO(result.data))
    assert [s.title for s in book.worksheets] == ["按党组织", "按工作室"]
