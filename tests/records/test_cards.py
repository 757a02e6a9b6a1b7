"""Login cards (代表登录卡): printing them issues new PINs. The PIN on the card signs the
delegate in and the old one stops working; the QR code opens the sign-in page with the
username filled in; only the secretariat may print them; a bad id changes nothing."""
import json
import re

import pytest

from congress.extensions import db
from tests import pdftools
from tests.helpers import bearer, csrf_from, login, run_queued_jobs, token_for

YAOHAI, LUYANG = "瑶海区代表团", "庐阳区代表团"


@pytest.fixture
def roster(make):
    mid = make.meeting(title="中共合肥市第十二次代表大会2026年年会")
    yaohai = [make.delegate(mid, name, YAOHAI, seat=f"A-{i:02d}")
              for i, name in enumerate(("王建国", "李红梅", "张卫东"), start=1)]
    luyang = [make.delegate(mid, name, LUYANG, seat=f"B-{i:02d}")
              for i, name in enumerate(("赵小燕", "孙志刚"), start=1)]
    return {"mid": mid, "yaohai": yaohai, "luyang": luyang,
            "secretariat": make.user("secretariat")}


def _url(mid):
    return f"/api/v1/meetings/{mid}/records/cards"


def _enqueue(client, mid, body=None, account=None, token=None):
    token = token or token_for(client, account)
    return client.post(_url(mid), json=body or {}, headers=bearer(token))


def _print(client, roster, body=None, account=None):
    """Queue the cards job, run it as the worker would, and fetch its file: the response
    of the job's result, or of the refused request."""
    token = token_for(client, account or roster["secretariat"])
    r = _enqueue(client, roster["mid"], body, token=token)
    if r.status_code != 202:
        return r
    run_queued_jobs(client.application)
    job = r.get_json()["job"]
    return client.get(f"/api/v1/jobs/{job['id']}/result", headers=bearer(token))


def printed_pins(data):
    """{username: PIN} as printed: the cards are read row by row, left to right, and each
    shows 用户名 <username> above PIN码 <pin>."""
    text = pdftools.text(data)
    usernames = re.findall(r"用户名\s+(\d+)", text)
    pins = re.findall(r"PIN码\s+(\d{6})\b", text)
    assert len(usernames) == len(pins)
    return dict(zip(usernames, pins, strict=True))


def signs_in(client, username, password):
    r = client.post("/api/v1/tokens", json={"username": username, "password": password})
    assert r.status_code in (201, 401), r.get_json()
    return r.status_code == 201


def _hashes(app, accounts):
    from congress.people.models import User

    with app.app_context():
        return {a.username: db.session.get(User, a.id).password_hash for a in accounts}


def test_cards_pdf_is_a4_with_embedded_cjk_fonts_and_every_delegate(client, roster):
    r = _print(client, roster)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.headers["Cache-Control"] == "no-store"
    data = r.data
    assert data.startswith(b"%PDF") and pdftools.is_a4(data)
    fonts = pdftools.fonts(data)
    assert fonts and all(embedded for _n, _t, embedded, _s in fonts)
    assert any("CJK" in name or "UKai" in name for name, *_ in fonts)
    assert pdftools.page_ink(data) > 0.02
    text = pdftools.text(data)
    for expected in ("中共合肥市第十二次代表大会2026年年会", "代表登录卡", YAOHAI, LUYANG,
                     "A-01", "A-03", "B-02", "扫码登录",
                     *(a.name for a in roster["yaohai"] + roster["luyang"])):
        assert expected in text, expected
    assert set(printed_pins(data)) == {a.username for a in roster["yaohai"] + roster["luyang"]}
    assert "— 1 —" not in text  # cards are not an official document: no page number


def test_the_printed_pin_signs_in_and_the_old_one_does_not(client, roster):
    everyone = roster["yaohai"] + roster["luyang"]
    pins = printed_pins(_print(client, roster).data)
    assert len(set(pins.values())) > 1  # fresh random PINs, not one for all
    for account in everyone:
        assert pins[account.username] != account.password
        assert not signs_in(client, account.username, account.password)
        assert signs_in(client, account.username, pins[account.username])


def test_the_printed_pin_works_on_the_sign_in_page(client, roster):
    account = roster["luyang"][0]
    pin = printed_pins(_print(client, roster, {"delegate_ids": [account.delegate_id]}).data)[
        account.username]
    page = client.get(f"/login?u={account.username}").get_data(as_text=True)
    assert f'value="{account.username}"' in page  # the QR code's link fills in the username
    r = client.post("/login", data={"username": account.username, "password": pin,
                                    "csrf_token": csrf_from(client)})
    assert r.status_code == 302 and "/login" not in r.location


def test_an_audit_entry_per_delegate_without_the_pin(app, client, roster):
    from congress.core.audit import AuditEntry

    everyone = roster["yaohai"] + roster["luyang"]
    pins = printed_pins(_print(client, roster).data)
    with app.app_context():
        entries = db.session.scalars(db.select(AuditEntry).where(
            AuditEntry.action == "delegate.issue_card")).all()
        assert sorted(e.target_id for e in entries) == sorted(a.delegate_id for a in everyone)
        assert {e.actor_id for e in entries} == {roster["secretariat"].id}
        assert {e.meeting_id for e in entries} == {roster["mid"]}
        everything = json.dumps([(e.before, e.after) for e in entries])
        for pin in pins.values():
            assert pin not in everything


def test_old_tokens_of_the_delegates_are_revoked(client, roster):
    account = roster["yaohai"][0]
    token = token_for(client, account)
    assert client.get("/api/v1/users/me", headers=bearer(token)).status_code == 200
    _print(client, roster, {"delegate_ids": [account.delegate_id]})
    assert client.get("/api/v1/users/me", headers=bearer(token)).status_code == 401


def test_qr_codes_open_the_sign_in_page_with_the_username(client, roster):
    """Read from the rendered page as a phone would from paper."""
    data = _print(client, roster).data
    codes = pdftools.qr_codes(data)
    everyone = roster["yaohai"] + roster["luyang"]
    assert sorted(codes) == sorted(f"http://localhost/login?u={a.username}" for a in everyone)


def test_qr_codes_use_the_public_url_when_configured(app, client, roster, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://congress.example.org/")
    account = roster["yaohai"][1]
    data = _print(client, roster, {"delegate_ids": [account.delegate_id]}).data
    assert pdftools.qr_codes(data) == [f"https://congress.example.org/login?u={account.username}"]


def test_qr_code_is_big_enough_to_scan_from_paper(client, roster):
    """At least 25 mm across. The first card sits in the top left 95 x 69 mm cell inside the
    10 mm page margin; its code is the ink right of the text column (x 62-104 mm) below the
    rule under the card's heading and above the note at its foot (y 29-66 mm)."""
    data = _print(client, roster, {"delegate_ids": [roster["yaohai"][0].delegate_id]}).data
    assert len(pdftools.qr_codes(data, dpi=100)) == 1
    assert 25 <= pdftools.widest_ink_mm(data, (62, 29, 104, 66)) <= 34


def test_nine_delegates_make_two_pages(client, make, roster):
    for _ in range(4):
        make.delegate(roster["mid"], delegation=LUYANG)
    data = _print(client, roster).data
    assert int(pdftools.info(data)["Pages"]) == 2
    assert len(printed_pins(data)) == 9
    assert len(pdftools.qr_codes(data, page=1)) == 8 and len(pdftools.qr_codes(data, page=2)) == 1


def test_one_delegation_only(client, make, roster):
    pins = printed_pins(_print(client, roster, {"delegation": LUYANG}).data)
    assert set(pins) == {a.username for a in roster["luyang"]}
    for account in roster["yaohai"]:  # the other delegation keeps its PINs
        assert signs_in(client, account.username, account.password)


def test_given_delegates_only(client, roster):
    chosen = [roster["yaohai"][2], roster["luyang"][0]]
    pins = printed_pins(_print(client, roster, {"delegate_ids": [a.delegate_id
                                                                  for a in chosen]}).data)
    assert list(pins) == [a.username for a in chosen]  # roster order
    assert signs_in(client, roster["yaohai"][0].username, roster["yaohai"][0].password)


@pytest.mark.parametrize("body, status, code", [
    ({"delegation": "没有的代表团"}, 404, "not_found"),
    ({"delegate_ids": ["{did}", 99999]}, 404, "not_found"),
    ({"delegate_ids": ["{other_meeting}"]}, 404, "not_found"),
    ({"delegation": "外会代表团"}, 404, "not_found"),
    ({"delegate_ids": ["abc"]}, 422, "invalid"),
    ({"delegate_ids": 5}, 422, "invalid"),
    ({"delegation": 1}, 422, "invalid"),
])
def test_a_bad_choice_changes_nothing_and_queues_nothing(app, client, make, roster, body,
                                                          status, code):
    from congress.core.jobs import Job

    other = make.meeting()
    stranger = make.delegate(other, delegation="外会代表团")
    everyone = roster["yaohai"] + roster["luyang"]
    before = _hashes(app, everyone)
    ids = {"{did}": everyone[0].delegate_id, "{other_meeting}": stranger.delegate_id}
    if isinstance(body.get("delegate_ids"), list):
        body = {"delegate_ids": [ids.get(i, i) for i in body["delegate_ids"]]}
    r = _enqueue(client, roster["mid"], body, account=roster["secretariat"])
    assert r.status_code == status and r.get_json()["error"]["code"] == code
    assert run_queued_jobs(app) == 0
    assert _hashes(app, everyone) == before
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 0


def test_a_meeting_without_delegates_is_a_conflict(client, make, roster):
    token = token_for(client, roster["secretariat"])
    r = _enqueue(client, make.meeting(), token=token)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "no_delegates"
    r = _enqueue(client, 99999, token=token)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("role", ["chair", "delegate", "observer", "committee", "unit"])
def test_only_the_secretariat_prints_cards(app, client, make, roster, role):
    account = roster["yaohai"][0] if role == "delegate" else make.user(role)
    everyone = roster["yaohai"] + roster["luyang"]
    before = _hashes(app, everyone)
    r = _print(client, roster, account=account)
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"
    assert _hashes(app, everyone) == before
    assert signs_in(client, everyone[0].username, everyone[0].password)


def test_the_records_centre_form_queues_the_job_with_its_csrf_token(app, client, roster):
    login(client, roster["secretariat"])
    r = client.post(f"/meetings/{roster['mid']}/records/cards",
                    data={"csrf_token": csrf_from(client, f"/meetings/{roster['mid']}/records"),
                          "delegation": LUYANG})
    assert r.status_code == 302 and r.location.endswith(f"/meetings/{roster['mid']}/records#jobs")
    assert run_queued_jobs(app) == 1
    page = client.get(f"/meetings/{roster['mid']}/records").get_data(as_text=True)
    link = re.search(r'href="(/api/v1/jobs/\w+/result)"', page).group(1)
    r = client.get(link)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert set(printed_pins(r.data)) == {a.username for a in roster["luyang"]}


@pytest.mark.parametrize("url", ["/api/v1/meetings/{mid}/records/cards",
                                 "/meetings/{mid}/records/cards"])
def test_a_cookie_call_without_csrf_token_changes_nothing(app, client, roster, url):
    """A form on another site must not reset PINs."""
    login(client, roster["secretariat"])
    everyone = roster["yaohai"] + roster["luyang"]
    before = _hashes(app, everyone)
    r = client.post(url.format(mid=roster["mid"]))
    assert r.status_code in (400, 403)
    assert run_queued_jobs(app) == 0
    assert _hashes(app, everyone) == before


def test_issue_cards_hashes_with_the_configured_method_and_never_commits(app, roster):
    from congress.meetings.models import Meeting
    from congress.people.models import User
    from congress.records.cards import delegates_for_cards, issue_cards

    account = roster["yaohai"][0]
    with app.app_context():
        meeting = db.session.get(Meeting, roster["mid"])
        cards = issue_cards(None, meeting, delegates_for_cards(
            meeting, delegate_ids=[account.delegate_id]))
        user = db.session.get(User, account.id)
        method = app.config["PASSWORD_HASH_METHOD"]
        assert user.password_hash.startswith(method) and user.check_password(cards[0].pin)
        assert (cards[0].name, cards[0].delegation, cards[0].seat) == ("王建国", YAOHAI, "A-01")
        db.session.rollback()
        assert db.session.get(User, account.id).check_password(account.password)
