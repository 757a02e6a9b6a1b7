"""The "Conventions" and "Accounts and meetings" sections of API.md, as a client sees them."""
from sqlalchemy import func, select

from congress.core.audit import AuditEntry
from congress.extensions import db
from congress.people.models import Delegate
from tests.helpers import bearer, token_for


def _secretariat(client, make):
    return bearer(token_for(client, make.user("secretariat")))


def test_token_answer_has_the_user(client, make):
    account = make.user("chair")
    r = client.post("/api/v1/tokens", json={"username": account.username,
                                            "password": account.password})
    assert r.status_code == 201
    body = r.get_json()
    assert set(body) == {"token", "user"}
    assert body["user"] == {"id": account.id, "username": account.username,
                            "name": account.name, "role": "chair",
                            "organisation_id": body["user"]["organisation_id"]}
    assert isinstance(body["user"]["organisation_id"], int)


def test_create_user_returns_a_generated_password_once(client, make):
    headers = _secretariat(client, make)
    r = client.post("/api/v1/users", json={"username": "wang", "name": "王秘书",
                                           "role": "secretariat"}, headers=headers)
    assert r.status_code == 201
    body = r.get_json()
    assert {"id", "username", "name", "role", "password"} <= set(body)
    assert len(body["password"]) >= 12
    login = client.post("/api/v1/tokens", json={"username": "wang", "password": body["password"]})
    assert login.status_code == 201


def test_unit_user_needs_a_unit_and_gets_it(client, make):
    headers = _secretariat(client, make)
    r = client.post("/api/v1/users", json={"username": "u1", "name": "局", "role": "unit"},
                    headers=headers)
    assert r.status_code == 422 and "unit_id" in r.get_json()["error"]["message"]
    unit = client.post("/api/v1/units", json={"name": "市教育局"}, headers=headers).get_json()
    assert set(unit) == {"id", "name"} and unit["name"] == "市教育局"
    r = client.post("/api/v1/users", json={"username": "u1", "name": "局", "role": "unit",
                                           "unit_id": unit["id"]}, headers=headers)
    assert r.status_code == 201 and r.get_json()["unit_id"] == unit["id"]


def test_duplicate_username_and_unit_are_422(client, make):
    headers = _secretariat(client, make)
    body = {"username": "dup", "name": "甲", "role": "chair"}
    assert client.post("/api/v1/users", json=body, headers=headers).status_code == 201
    r = client.post("/api/v1/users", json=body, headers=headers)
    assert r.status_code == 422 and "username" in r.get_json()["error"]["message"]
    assert client.post("/api/v1/units", json={"name": "市A局"}, headers=headers).status_code == 201
    assert client.post("/api/v1/units", json={"name": "市A局"}, headers=headers).status_code == 422


def test_meeting_defaults_and_read_back(client, make):
    headers = _secretariat(client, make)
    r = client.post("/api/v1/meetings", json={"title": "合肥年会", "year": 2026}, headers=headers)
    assert r.status_code == 201
    meeting = r.get_json()
    assert meeting["quorum_ratio"] == 0.5 and meeting["min_signers"] == 10
    assert meeting["proposal_deadline"] is None
    again = client.get(f"/api/v1/meetings/{meeting['id']}", headers=headers).get_json()
    assert again == meeting


def test_meeting_with_all_fields(client, make):
    headers = _secretariat(client, make)
    r = client.post("/api/v1/meetings", json={
        "title": "年会", "year": 2026, "quorum_ratio": 0.8, "min_signers": 5,
        "proposal_deadline": "2026-12-29T12:00:00+08:00"}, headers=headers)
    assert r.status_code == 201
    body = r.get_json()
    assert body["quorum_ratio"] == 0.8 and body["min_signers"] == 5
    assert body["proposal_deadline"] == "2026-12-29T04:00:00+00:00"


def test_delegates_get_card_login_and_are_listed(app, client, make):
    headers = _secretariat(client, make)
    mid = client.post("/api/v1/meetings", json={"title": "年会", "year": 2026},
                      headers=headers).get_json()["id"]
    r = client.post(f"/api/v1/meetings/{mid}/delegates",
                    json={"name": "张三", "delegation": "瑶海区代表团", "seat": "A-01",
                          "grassroots": True}, headers=headers)
    assert r.status_code == 201
    body = r.get_json()
    assert {"id", "name", "delegation", "username", "pin"} <= set(body)
    assert body["pin"].isdigit() and len(body["pin"]) >= 6
    assert body["delegation"] == "瑶海区代表团" and body["grassroots"] is True
    token = client.post("/api/v1/tokens", json={"username": body["username"],
                                                "password": body["pin"]})
    assert token.status_code == 201 and token.get_json()["user"]["role"] == "delegate"
    listing = client.get(f"/api/v1/meetings/{mid}/delegates", headers=headers).get_json()
    assert [d["name"] for d in listing["delegates"]] == ["张三"]
    assert "pin" not in listing["delegates"][0]


def test_checkin_by_secretariat_then_again_is_200_with_the_same_record(client, make):
    headers = _secretariat(client, make)
    mid = make.meeting()
    delegate = make.delegate(mid)
    first = client.post(f"/api/v1/meetings/{mid}/checkins",
                        json={"delegate_id": delegate.delegate_id}, headers=headers)
    assert first.status_code == 201
    second = client.post(f"/api/v1/meetings/{mid}/checkins",
                         json={"delegate_id": delegate.delegate_id}, headers=headers)
    assert second.status_code == 200
    assert second.get_json() == first.get_json()
    assert first.get_json()["status"] == "present"


def test_delegate_checks_in_self_with_empty_body(client, make):
    mid = make.meeting()
    delegate = make.delegate(mid)
    headers = bearer(token_for(client, delegate))
    r = client.post(f"/api/v1/meetings/{mid}/checkins", json={}, headers=headers)
    assert r.status_code == 201 and r.get_json()["delegate_id"] == delegate.delegate_id
    r = client.post(f"/api/v1/meetings/{mid}/checkins", headers=headers)
    assert r.status_code == 200


def test_checkin_of_a_delegate_from_another_meeting_is_422(client, make):
    headers = _secretariat(client, make)
    mid, other = make.meeting(), make.meeting()
    stranger = make.delegate(other)
    r = client.post(f"/api/v1/meetings/{mid}/checkins", json={"delegate_id": stranger.delegate_id},
                    headers=headers)
    assert r.status_code == 422 and "delegate_id" in r.get_json()["error"]["message"]


def test_errors_have_the_contract_shape(client, make):
    headers = _secretariat(client, make)
    r = client.post("/api/v1/meetings", data="{not json", headers=headers | {
        "Content-Type": "application/json"})
    assert r.status_code == 400
    assert set(r.get_json()) == {"error"} and r.get_json()["error"]["code"] == "malformed_json"
    r = client.post("/api/v1/meetings", json=["a list"], headers=headers)
    assert r.status_code == 400
    r = client.post("/api/v1/meetings", json={"year": 2026}, headers=headers)
    assert r.status_code == 422 and r.get_json()["error"]["message"].startswith("title")
    r = client.post("/api/v1/meetings", json={"title": "t", "year": "2026"}, headers=headers)
    assert r.status_code == 422 and r.get_json()["error"]["message"].startswith("year")
    r = client.post("/api/v1/meetings", json={"title": "t", "year": 2026, "quorum_ratio": 1.5},
                    headers=headers)
    assert r.status_code == 422 and "quorum_ratio" in r.get_json()["error"]["message"]
    r = client.post("/api/v1/meetings", json={"title": "t", "year": 2026,
                                              "proposal_deadline": "tomorrow"}, headers=headers)
    assert r.status_code == 422 and "proposal_deadline" in r.get_json()["error"]["message"]
    r = client.get("/api/v1/meetings/99999", headers=headers)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    r = client.get("/api/v1/no-such-thing", headers=headers)
    assert r.status_code == 404 and "error" in r.get_json()
    r = client.put("/api/v1/meetings", json={}, headers=headers)
    assert r.status_code == 405 and "error" in r.get_json()


def test_bad_input_changes_nothing(app, client, make):
    headers = _secretariat(client, make)
    mid = make.meeting()
    with app.app_context():
        audits = db.session.scalar(select(func.count(AuditEntry.id)))
    for body in ({"delegation": "团"}, {"name": "", "delegation": "团"},
                 {"name": "甲", "delegation": "团", "grassroots": "yes"},
                 {"name": "甲", "delegation": "团", "gender": "x"}):
        r = client.post(f"/api/v1/meetings/{mid}/delegates", json=body, headers=headers)
        assert r.status_code == 422, body
    with app.app_context():
        assert db.session.scalar(select(func.count(Delegate.id))) == 0
        assert db.session.scalar(select(func.count(AuditEntry.id))) == audits


def test_messages_follow_accept_language(client, make):
    headers = _secretariat(client, make)
    en = client.get("/api/v1/meetings/99999", headers=headers | {"Accept-Language": "en"})
    zh = client.get("/api/v1/meetings/99999", headers=headers | {"Accept-Language": "zh-CN"})
    assert en.get_json()["error"]["message"].startswith("No such")
    assert zh.get_json()["error"]["code"] == "not_found"
    assert zh.get_json()["error"]["message"] != en.get_json()["error"]["message"]


def test_times_carry_an_offset(client, make):
    headers = _secretariat(client, make)
    mid = make.meeting()
    delegate = make.delegate(mid)
    r = client.post(f"/api/v1/meetings/{mid}/checkins", json={"delegate_id": delegate.delegate_id},
                    headers=headers)
    assert r.get_json()["at"].endswith("+00:00")
