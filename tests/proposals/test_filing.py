"""Filing: the deadline boundary, the minimum of signers, the form of the draft, filing as a
suggestion instead, and withdrawing. Bad input is refused and changes nothing."""
from datetime import UTC, datetime, timedelta, timezone

import pytest

from congress.extensions import db
from congress.meetings.models import Meeting

SHANGHAI = timezone(timedelta(hours=8))
DEADLINE = datetime(2026, 12, 29, 12, 0, tzinfo=SHANGHAI)


def _set_deadline(app, mid, deadline):
    with app.app_context():
        db.session.get(Meeting, mid).proposal_deadline = deadline
        db.session.commit()


def _clock(monkeypatch, at):
    monkeypatch.setattr("congress.proposals.services.now", lambda: at)


@pytest.mark.parametrize("at, allowed", [
    (DEADLINE - timedelta(minutes=1), True),
    (DEADLINE - timedelta(microseconds=1), True),
    (DEADLINE, False),  # filing closes *at* the deadline
    (DEADLINE + timedelta(seconds=1), False),
    (DEADLINE.astimezone(UTC) - timedelta(seconds=1), True),  # the same instant in UTC
])
def test_deadline_boundary(app, desk, monkeypatch, at, allowed):
    _set_deadline(app, desk.mid, DEADLINE)
    pid = desk.signed_draft()["id"]
    _clock(monkeypatch, at)
    r = desk.call("POST", f"/api/v1/proposals/{pid}/submit", desk.delegates[0])
    p = desk.ok("GET", f"/api/v1/proposals/{pid}", desk.delegates[0])
    if allowed:
        assert r.status_code == 200 and p["status"] == "submitted"
    else:
        assert r.status_code == 409 and r.get_json()["error"]["code"] == "deadline_passed"
        assert p["status"] == "draft" and p["can_file"] is False


def test_after_the_deadline_it_can_still_be_filed_as_a_suggestion(app, desk, monkeypatch):
    _set_deadline(app, desk.mid, DEADLINE)
    pid = desk.signed_draft()["id"]
    _clock(monkeypatch, DEADLINE + timedelta(hours=2))
    r = desk.call("POST", f"/api/v1/proposals/{pid}/submit", desk.delegates[0])
    assert r.status_code == 409
    p = desk.ok("POST", f"/api/v1/proposals/{pid}/suggestion", desk.delegates[0])
    assert p["status"] == "suggestion"


def test_too_few_signers(desk):
    lead = desk.delegates[0]
    pid = desk.signed_draft(signers=1)["id"]  # lead + 1 of 3
    r = desk.call("POST", f"/api/v1/proposals/{pid}/submit", lead)
    assert r.status_code == 409
    error = r.get_json()["error"]
    assert error["code"] == "too_few_signers"
    assert "2" in error["message"] and "3" in error["message"]
    desk.sign(pid, desk.delegates[2])  # the pending invitee signs: now 3
    assert desk.ok("POST", f"/api/v1/proposals/{pid}/submit", lead)["status"] == "submitted"


def test_english_messages_follow_accept_language(desk):
    pid = desk.signed_draft(signers=0)["id"]
    r = desk.client.post(f"/api/v1/proposals/{pid}/submit", headers=desk.h(desk.delegates[0]) | {
        "Accept-Language": "en"})
    assert r.get_json()["error"]["message"] == (
        "1 of the 3 signers needed (the lead sponsor included) have signed.")


@pytest.mark.parametrize("change, field", [
    ({"title": "加装电梯的提案"}, "title"),
    ({"title": "关于加装电梯"}, "title"),
    ({"grounds": ""}, "grounds"),
    ({"measures": "  "}, "measures"),
    ({"measures": "方" * 1480}, "measures"),  # grounds + measures over 1,500 characters
])
def test_a_draft_in_the_wrong_form_is_not_filed(desk, change, field):
    lead = desk.delegates[0]
    pid = desk.signed_draft()["id"]
    desk.ok("PATCH", f"/api/v1/proposals/{pid}", lead, change)
    p = desk.ok("GET", f"/api/v1/proposals/{pid}", lead)
    assert field in [problem["field"] for problem in p["problems"]]
    r = desk.call("POST", f"/api/v1/proposals/{pid}/submit", lead)
    assert r.status_code == 422 and r.get_json()["error"]["message"].startswith(field)
    assert desk.ok("GET", f"/api/v1/proposals/{pid}", lead)["status"] == "draft"


@pytest.mark.parametrize("body, field", [
    ({"category": "社会民生", "grounds": "x", "measures": "y"}, "title"),
    ({"title": "  ", "category": "社会民生"}, "title"),
    ({"title": "关于x的提案", "category": "体育"}, "category"),
    ({"title": "关于x的提案"}, "category"),
    ({"title": "关于x的提案", "category": "社会民生", "grounds": 5}, "grounds"),
    ({"title": "关" * 201, "category": "社会民生"}, "title"),
])
def test_create_refuses_bad_fields(app, desk, body, field):
    r = desk.call("POST", f"/api/v1/meetings/{desk.mid}/proposals", desk.delegates[0], body)
    assert r.status_code == 422, r.get_json()
    assert r.get_json()["error"]["message"].startswith(field)
    assert desk.ok("GET", f"/api/v1/meetings/{desk.mid}/proposals",
                   desk.delegates[0])["proposals"] == []


def test_malformed_json_is_400(desk):
    r = desk.client.post(f"/api/v1/meetings/{desk.mid}/proposals", data="{not json",
                         headers=desk.h(desk.delegates[0]) | {"Content-Type": "application/json"})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "malformed_json"


def test_a_stale_autosave_is_refused_not_lost(desk):
    lead = desk.delegates[0]
    p = desk.draft()
    first = desk.ok("PATCH", f"/api/v1/proposals/{p['id']}", lead,
                    {"grounds": "第一台设备写的", "revision": p["revision"]})
    assert first["revision"] == p["revision"] + 1
    r = desk.call("PATCH", f"/api/v1/proposals/{p['id']}", lead,
                  {"grounds": "第二台设备写的", "revision": p["revision"]})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "stale_revision"
    assert desk.ok("GET", f"/api/v1/proposals/{p['id']}", lead)["grounds"] == "第一台设备写的"


def test_only_staff_and_sponsors_see_drafts_and_a_withdrawal_before_review(desk):
    lead = desk.delegates[0]
    pid = desk.signed_draft()["id"]
    assert desk.call("GET", f"/api/v1/proposals/{pid}", desk.committee).status_code == 403
    assert desk.call("GET", f"/api/v1/proposals/{pid}", desk.outsider).status_code == 403
    assert desk.call("GET", f"/api/v1/proposals/{pid}", desk.delegates[3]).status_code == 200
    desk.ok("POST", f"/api/v1/proposals/{pid}/submit", lead)
    assert desk.call("GET", f"/api/v1/proposals/{pid}", desk.committee).status_code == 200
    p = desk.ok("POST", f"/api/v1/proposals/{pid}/withdraw", lead)
    assert p["status"] == "withdrawn"
    kinds = [n["kind"] for n in desk.ok("GET", "/api/v1/notices", desk.delegates[1])["notices"]]
    assert kinds[:2] == ["withdrawn", "filed"]
