"""The Ballots section of API.md, as clients see it."""
import hashlib

import pytest
from sqlalchemy import func, select

from congress.ballots.models import BallotMark, BallotPaper, Participation
from congress.extensions import db
from tests.ballots.conftest import close_ballot, new_ballot, open_ballot, vote
from tests.helpers import bearer, token_for


def _ids(ballot):
    return [s["id"] for s in ballot["subjects"]], [o["id"] for o in ballot["options"]]


def test_create_with_default_scales(client, room):
    rating = new_ballot(client, room)
    assert rating["status"] == "draft" and rating["results"] is None
    assert [(o["label"], o["weight"], o["favourable"]) for o in rating["options"]] == [
        ("好", 1.0, True), ("较好", 0.8, True), ("一般", 0.6, False), ("差", 0.4, False)]
    assert [s["title"] for s in rating["subjects"]] == ["瑶海区委书记", "庐阳区委书记"]
    motion = new_ballot(client, room, kind="motion", subjects=("关于两个报告的决议",))
    assert [o["label"] for o in motion["options"]] == ["赞成", "反对", "弃权"]
    assert [o["favourable"] for o in motion["options"]] == [True, False, False]


def test_create_with_a_custom_scale(client, room):
    ballot = new_ballot(client, room, options=[
        {"label": "优秀", "weight": 1, "favourable": True},
        {"label": "称职", "weight": 0.75, "favourable": True},
        {"label": "不称职", "weight": 0, "favourable": False}])
    assert [(o["label"], o["weight"]) for o in ballot["options"]] == [
        ("优秀", 1.0), ("称职", 0.75), ("不称职", 0.0)]


@pytest.mark.parametrize("body, field", [
    ({"kind": "rating", "subjects": [{"title": "x"}]}, "title"),
    ({"title": "t", "kind": "poll", "subjects": [{"title": "x"}]}, "kind"),
    ({"title": "t", "kind": "rating", "subjects": []}, "subjects"),
    ({"title": "t", "kind": "rating", "subjects": ["x"]}, "subjects"),
    ({"title": "t", "kind": "rating", "subjects": [{"title": "x"}, {"title": "x"}]}, "subjects"),
    ({"title": "t", "kind": "rating", "subjects": [{"title": "x"}],
      "options": [{"label": "好", "weight": 2}]}, "options"),
    ({"title": "t", "kind": "rating", "subjects": [{"title": "x"}],
      "options": [{"label": "好", "weight": 1}]}, "options"),
])
def test_create_refuses_bad_input(app, client, room, body, field):
    r = client.post(f"/api/v1/meetings/{room.mid}/ballots", json=body,
                    headers=room.headers(room.secretariat))
    assert r.status_code == 422 and r.get_json()["error"]["message"].startswith(field)
    assert client.get(f"/api/v1/meetings/{room.mid}/ballots",
                      headers=room.headers(room.secretariat)).get_json()["ballots"] == []


def test_opening_needs_a_quorum(client, make):
    mid = make.meeting()
    delegates = make.delegates(mid, 4)
    make.check_in(delegates[0])
    make.check_in(delegates[1])  # 2 of 4: exactly half, no quorum
    chair, secretariat = make.user("chair"), make.user("secretariat")
    headers = bearer(token_for(client, secretariat))
    ballot = client.post(f"/api/v1/meetings/{mid}/ballots", headers=headers, json={
        "title": "t", "kind": "motion", "subjects": [{"title": "决议"}]}).get_json()
    r = client.post(f"/api/v1/ballots/{ballot['id']}/open",
                    headers=bearer(token_for(client, chair)))
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "no_quorum"
    state = client.get(f"/api/v1/ballots/{ballot['id']}", headers=headers).get_json()
    assert state["status"] == "draft"
    make.check_in(delegates[2])
    r = client.post(f"/api/v1/ballots/{ballot['id']}/open",
                    headers=bearer(token_for(client, chair)))
    assert r.status_code == 200 and r.get_json()["status"] == "open"


def test_full_rating_round(app, client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    (s1, s2), (good, fair, ok, poor) = _ids(ballot)
    plan = [{s1: good, s2: good}, {s1: good, s2: poor}, {s1: fair}, {}]
    receipts = []
    for delegate, choices in zip(room.delegates, plan, strict=False):
        r = vote(client, room, delegate, ballot, choices)
        assert r.status_code == 201, r.get_json()
        receipts.append(r.get_json()["receipt"])
    state = client.get(f"/api/v1/ballots/{ballot['id']}",
                       headers=room.headers(room.chair)).get_json()
    assert state["turnout"] == {"eligible": 4, "voted": 4} and state["results"] is None

    closed = close_ballot(client, room, ballot)
    assert closed["status"] == "closed"
    assert (closed["due"], closed["present"], closed["cast"], closed["blank"]) == (5, 4, 4, 1)
    first, second = closed["results"]["subjects"]
    assert closed["results"]["quorum_met"] is True
    assert first["counts"] == {str(good): 2, str(fair): 1, str(ok): 0, str(poor): 0}
    assert first["abstain"] == 1 and first["favourable_rate"] == 1.0
    assert first["score"] == pytest.approx(93.3333)          # (1 + 1 + 0.8) / 3
    assert second["counts"][str(good)] == 1 and second["counts"][str(poor)] == 1
    assert second["abstain"] == 2 and second["favourable_rate"] == 0.5
    assert second["score"] == pytest.approx(70.0)
    assert (first["rank"], second["rank"]) == (1, 2)

    published = client.get(f"/api/v1/ballots/{ballot['id']}/receipts",
                           headers=room.headers(room.delegates[0])).get_json()
    assert published["receipts"] == sorted(receipts)
    assert published["digest"] == hashlib.sha256("\n".join(sorted(receipts)).encode()).hexdigest()
    assert closed["receipts_digest"] == published["digest"]


def test_motion_result_says_whether_it_passed(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room, kind="motion",
                                                  subjects=("关于工作报告的决议",)))
    (subject,), (yes, no, abstain) = _ids(ballot)
    for delegate, option in zip(room.delegates, (yes, yes, yes, no), strict=False):
        assert vote(client, room, delegate, ballot, {subject: option}).status_code == 201
    result = close_ballot(client, room, ballot)["results"]["subjects"][0]
    assert result["passed"] is True and result["counts"][str(yes)] == 3
    assert result["rank"] is None


def test_second_vote_is_409_and_changes_nothing(app, client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    (s1, _), (good, _f, _o, poor) = _ids(ballot)
    delegate = room.delegates[0]
    assert vote(client, room, delegate, ballot, {s1: good}).status_code == 201
    r = vote(client, room, delegate, ballot, {s1: poor})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "already_voted"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BallotPaper)) == 1
        assert db.session.scalar(select(BallotMark.option_id)) == good


def test_resend_with_the_same_idempotency_key_returns_the_same_receipt(app, client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    (s1, _), (good, *_rest) = _ids(ballot)
    delegate = room.delegates[0]
    key = "tablet-7f3a9c1e-resend-key"
    first = vote(client, room, delegate, ballot, {s1: good}, idempotency_key=key)
    again = vote(client, room, delegate, ballot, {s1: good}, idempotency_key=key)
    assert first.status_code == again.status_code == 201
    assert first.get_json()["receipt"] == again.get_json()["receipt"]
    header = client.post(f"/api/v1/ballots/{ballot['id']}/votes",
                         headers=room.headers(delegate) | {"Idempotency-Key": key},
                         json={"choices": {str(s1): good}})
    assert header.get_json()["receipt"] == first.get_json()["receipt"]
    other_key = vote(client, room, delegate, ballot, {s1: good}, idempotency_key="x" * 20)
    assert other_key.status_code == 409
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BallotPaper)) == 1
        row = db.session.scalar(select(Participation))
        # the server keeps neither the key nor the receipt in the clear
        assert key not in (row.replay_check, row.receipt_box)
        assert first.get_json()["receipt"] not in (row.replay_check, row.receipt_box)


@pytest.mark.parametrize("case", ["not_open", "closed", "not_checked_in", "unknown_subject",
                                  "unknown_option", "other_ballots_option", "bad_choices",
                                  "short_key", "staff"])
def test_refused_votes_store_nothing(app, client, room, case):
    ballot = new_ballot(client, room)
    other = new_ballot(client, room, subjects=("另一人",))
    (s1, _), (good, *_rest) = _ids(ballot)
    delegate, body = room.delegates[0], {"choices": {str(s1): good}}
    expected = 422
    if case == "not_open":
        expected = 409
    else:
        open_ballot(client, room, ballot)
    if case == "closed":
        close_ballot(client, room, ballot)
        expected = 409
    elif case == "not_checked_in":
        delegate, expected = room.delegates[4], 403
    elif case == "unknown_subject":
        body = {"choices": {"999999": good}}
    elif case == "unknown_option":
        body = {"choices": {str(s1): 999999}}
    elif case == "other_ballots_option":
        body = {"choices": {str(s1): other["options"][0]["id"]}}
    elif case == "bad_choices":
        body = {"choices": [good]}
    elif case == "short_key":
        body |= {"idempotency_key": "abc"}
    elif case == "staff":
        delegate, expected = room.chair, 403
    r = client.post(f"/api/v1/ballots/{ballot['id']}/votes", json=body,
                    headers=room.headers(delegate))
    assert r.status_code == expected, r.get_json()
    assert "error" in r.get_json()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BallotPaper)) == 0
        assert db.session.scalar(select(func.count()).select_from(Participation)) == 0


def test_close_twice_and_open_twice_are_409(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    r = client.post(f"/api/v1/ballots/{ballot['id']}/open", headers=room.headers(room.chair))
    assert r.status_code == 409
    close_ballot(client, room, ballot)
    r = client.post(f"/api/v1/ballots/{ballot['id']}/close", headers=room.headers(room.chair))
    assert r.status_code == 409


def test_receipts_and_sheet_wait_for_the_close(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    for path in ("receipts", "results.pdf"):
        r = client.get(f"/api/v1/ballots/{ballot['id']}/{path}", headers=room.headers(room.chair))
        assert r.status_code == 409 and r.get_json()["error"]["code"] == "ballot_not_closed"


def test_turnout_names_who_has_not_voted_never_what(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    (s1, _), (good, *_rest) = _ids(ballot)
    vote(client, room, room.delegates[0], ballot, {s1: good})
    r = client.get(f"/api/v1/ballots/{ballot['id']}/turnout", headers=room.headers(room.chair))
    body = r.get_json()
    assert body["voted"] == 1 and body["eligible"] == 4
    assert {d["name"] for d in body["not_voted"]} == {d.name for d in room.delegates[1:4]}
    assert set(body) == {"eligible", "voted", "not_voted"}
    assert all(set(d) == {"id", "name", "delegation", "seat"} for d in body["not_voted"])
    r = client.get(f"/api/v1/ballots/{ballot['id']}/turnout",
                   headers=room.headers(room.delegates[1]))
    assert r.status_code == 403


def test_deleting_a_draft_only(client, room):
    ballot = new_ballot(client, room)
    assert client.delete(f"/api/v1/ballots/{ballot['id']}",
                         headers=room.headers(room.secretariat)).status_code == 204
    opened = open_ballot(client, room, new_ballot(client, room))
    r = client.delete(f"/api/v1/ballots/{opened['id']}", headers=room.headers(room.secretariat))
    assert r.status_code == 409
