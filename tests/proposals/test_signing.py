"""Co-signers: invitations, signing on one's own account, declining, and races at the
threshold (two delegates signing at once; a signature racing the filing)."""
import threading

import pytest
from sqlalchemy import func, select

from congress.extensions import db
from congress.proposals.models import ProposalSigner, SignerStatus
from tests.helpers import bearer, token_for


def _at_once(app, calls):
    """Run (method, url, token) calls in threads that start together; [(status, json)]."""
    barrier = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def press(i, method, url, token):
        client = app.test_client()
        barrier.wait()
        r = client.open(url, method=method, headers=bearer(token))
        answers[i] = (r.status_code, r.get_json())

    threads = [threading.Thread(target=press, args=(i, *c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_a_new_draft_has_the_lead_as_its_only_signer(desk):
    p = desk.draft()
    assert p["status"] == "draft" and p["invitations"] == []
    assert [(s["id"], s["role"], s["status"]) for s in p["signers"]] == [
        (desk.delegates[0].delegate_id, "lead", "signed")]


def test_invite_sign_and_decline(desk):
    lead, a, b = desk.delegates[:3]
    pid = desk.draft()["id"]
    p = desk.invite(pid, lead, a)
    assert [i["id"] for i in p["invitations"]] == [a.delegate_id]
    assert p["invitations"][0]["status"] == "invited"
    desk.invite(pid, lead, b)
    p = desk.sign(pid, a)
    assert [s["name"] for s in p["signers"]] == [lead.name, a.name]
    p = desk.ok("POST", f"/api/v1/proposals/{pid}/decline", b)
    assert [(i["name"], i["status"]) for i in p["invitations"]] == [(b.name, "declined")]
    # asked again after declining, b may sign after all
    desk.invite(pid, lead, b)
    assert len(desk.sign(pid, b)["signers"]) == 3
    # a takes the signature back while it is still a draft
    p = desk.ok("POST", f"/api/v1/proposals/{pid}/decline", a)
    assert a.delegate_id not in [s["id"] for s in p["signers"]]


@pytest.mark.parametrize("who, body, code, error", [
    ("lead", {"delegate_id": "self"}, 409, "already_signer"),
    ("lead", {"delegate_id": "invited"}, 409, "already_invited"),
    ("lead", {"delegate_id": 999999}, 422, "invalid"),
    ("lead", {"delegate_id": "elsewhere"}, 422, "invalid"),
    ("lead", {}, 422, "invalid"),
    ("lead", {"delegate_id": "7"}, 422, "invalid"),
])
def test_bad_invitations_are_refused(desk, make, who, body, code, error):
    lead, invited = desk.delegates[0], desk.delegates[1]
    elsewhere = make.delegate(make.meeting())
    pid = desk.draft()["id"]
    desk.invite(pid, lead, invited)
    ids = {"self": lead.delegate_id, "invited": invited.delegate_id,
           "elsewhere": elsewhere.delegate_id}
    body = {k: ids.get(v, v) if isinstance(v, str) and v in ids else v for k, v in body.items()}
    r = desk.call("POST", f"/api/v1/proposals/{pid}/invitations", lead, body)
    assert r.status_code == code and r.get_json()["error"]["code"] == error
    assert len(desk.ok("GET", f"/api/v1/proposals/{pid}", lead)["invitations"]) == 1


def test_only_the_invited_sign_and_only_once(desk):
    lead, a = desk.delegates[:2]
    pid = desk.draft()["id"]
    r = desk.call("POST", f"/api/v1/proposals/{pid}/signatures", a)
    assert r.status_code == 403  # not invited: cannot even see the draft
    desk.invite(pid, lead, a)
    desk.sign(pid, a)
    r = desk.call("POST", f"/api/v1/proposals/{pid}/signatures", a)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "already_signed"
    r = desk.call("POST", f"/api/v1/proposals/{pid}/signatures", lead)
    assert r.status_code == 403


def test_invitations_reach_the_invitees_inbox(desk):
    lead, a = desk.delegates[:2]
    pid = desk.draft()["id"]
    desk.invite(pid, lead, a)
    inbox = desk.ok("GET", "/api/v1/notices", a)
    assert [p["id"] for p in inbox["invitations"]] == [pid]
    assert inbox["notices"][0]["kind"] == "invited"
    desk.sign(pid, a)
    assert desk.ok("GET", "/api/v1/notices", a)["invitations"] == []
    assert desk.ok("GET", "/api/v1/notices", lead)["notices"][0]["kind"] == "signed"


def test_two_delegates_sign_at_once_at_the_threshold(app, desk):
    """Lead + 1 signed, 3 needed: the last two invitees sign at the same moment. Both count;
    the proposal can be filed with 4 signers."""
    lead, a, b, c = desk.delegates
    pid = desk.draft()["id"]
    for d in (a, b, c):
        desk.invite(pid, lead, d)
    desk.sign(pid, a)
    tokens = [token_for(desk.client, d) for d in (b, c)]
    answers = _at_once(app, [("POST", f"/api/v1/proposals/{pid}/signatures", t) for t in tokens])
    assert [code for code, _ in answers] == [201, 201], answers
    p = desk.ok("GET", f"/api/v1/proposals/{pid}", lead)
    assert p["signed_count"] == 4
    assert desk.ok("POST", f"/api/v1/proposals/{pid}/submit", lead)["status"] == "submitted"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProposalSigner).where(
            ProposalSigner.status == SignerStatus.signed)) == 4


def test_the_same_delegate_signing_twice_at_once_counts_once(app, desk):
    lead, a = desk.delegates[:2]
    pid = desk.draft()["id"]
    desk.invite(pid, lead, a)
    token = token_for(desk.client, a)
    answers = _at_once(app, [("POST", f"/api/v1/proposals/{pid}/signatures", token)] * 2)
    assert sorted(code for code, _ in answers) == [201, 409], answers
    assert desk.ok("GET", f"/api/v1/proposals/{pid}", lead)["signed_count"] == 2


def _sign_races_filing(app, desk):
    """Lead + 1 signed of 3 needed; the last signature and the filing arrive together. Either
    the signature comes first and the filing succeeds with 3, or the filing comes first and is
    refused (409) and the signature still counts: never filed with too few, never lost."""
    lead, a, b = desk.delegates[:3]
    pid = desk.draft()["id"]
    desk.invite(pid, lead, a)
    desk.invite(pid, lead, b)
    desk.sign(pid, a)
    answers = _at_once(app, [
        ("POST", f"/api/v1/proposals/{pid}/signatures", token_for(desk.client, b)),
        ("POST", f"/api/v1/proposals/{pid}/submit", token_for(desk.client, lead))])
    (sign_code, _), (submit_code, submit_body) = answers
    p = desk.ok("GET", f"/api/v1/proposals/{pid}", lead)
    if submit_code == 200:
        assert sign_code == 201 and p["status"] == "submitted" and p["signed_count"] == 3
    else:
        assert submit_code == 409 and submit_body["error"]["code"] == "too_few_signers"
        assert sign_code == 201 and p["status"] == "draft" and p["signed_count"] == 3
    return submit_code


def test_a_signature_racing_the_filing(app, desk):
    _sign_races_filing(app, desk)


@pytest.mark.postgres
def test_many_signatures_at_once_on_postgresql(app, client, make):
    """20 invitees sign at the same moment as the lead files (3 needed): every signature is
    either counted or refused after filing; the filing sees a consistent count."""
    mid = make.meeting(min_signers=3)
    lead, *others = make.delegates(mid, 21)
    h = bearer(token_for(client, lead))
    pid = client.post(f"/api/v1/meetings/{mid}/proposals", headers=h, json={
        "title": "关于增设社区养老服务站的提案", "category": "社会民生", "grounds": "老龄化。",
        "measures": "增设站点。"}).get_json()["id"]
    for d in others:
        assert client.post(f"/api/v1/proposals/{pid}/invitations", headers=h,
                           json={"delegate_id": d.delegate_id}).status_code == 201
    calls = [("POST", f"/api/v1/proposals/{pid}/signatures", token_for(client, d)) for d in others]
    calls.append(("POST", f"/api/v1/proposals/{pid}/submit", token_for(client, lead)))
    answers = _at_once(app, calls)
    signs, (submit_code, _) = answers[:-1], answers[-1]
    assert {code for code, _ in signs} <= {201, 409}
    accepted = sum(1 for code, _ in signs if code == 201)
    p = client.get(f"/api/v1/proposals/{pid}", headers=h).get_json()
    assert p["signed_count"] == accepted + 1
    if submit_code == 200:
        assert p["status"] == "submitted"
        filed = next(e for e in p["history"] if e["kind"] == "submit")
        assert filed["data"]["signers"] >= 3
        # signatures refused after the filing were refused because signatures had closed
        assert all(body["error"]["code"] == "signatures_closed" for code, body in signs
                   if code == 409)
    else:
        assert submit_code == 409 and p["status"] == "draft" and accepted == 20
