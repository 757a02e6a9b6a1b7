"""Elections through the API (API.md "Elections"): candidates in stroke order, the fixed
options, the validation, a vote that cannot be over-marked, names written in, the results
frozen at close by the election rules, and the next round in one step."""
import pytest

from congress.ballots.count_models import BallotOfficer, BallotWriteIn
from congress.extensions import db
from tests.ballots.conftest import close_ballot, open_ballot, vote

CANDIDATES = ("张强", "王红", "李明")  # stroke order: 王 (4), 李 (7, 横), 张 (7, 折)


def new_election(client, room, candidates=CANDIDATES, seats=2, **extra):
    r = client.post(f"/api/v1/meetings/{room.mid}/ballots", headers=room.headers(room.secretariat),
                    json={"title": "补选委员", "kind": "election", "seats": seats,
                          "subjects": [{"title": t} for t in candidates]} | extra)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _ids(ballot):
    subjects = {s["title"]: s["id"] for s in ballot["subjects"]}
    options = {o["label"]: o["id"] for o in ballot["options"]}
    return subjects, options


def test_candidates_come_back_in_stroke_order_with_fixed_options(client, room):
    ballot = new_election(client, room, write_ins=True, elect_base="present")
    assert [s["title"] for s in ballot["subjects"]] == ["王红", "李明", "张强"]
    assert [(o["label"], o["favourable"]) for o in ballot["options"]] == [
        ("赞成", True), ("不赞成", False), ("弃权", False)]
    assert (ballot["kind"], ballot["seats"], ballot["write_ins"], ballot["elect_base"],
            ballot["round_of"]) == ("election", 2, True, "present", None)


def test_other_kinds_carry_no_election_fields(client, room):
    r = client.post(f"/api/v1/meetings/{room.mid}/ballots", headers=room.headers(room.secretariat),
                    json={"title": "决议", "kind": "motion", "subjects": [{"title": "决议"}]})
    assert r.status_code == 201
    assert "seats" not in r.get_json() and "round_of" not in r.get_json()


@pytest.mark.parametrize("body, field", [
    ({"seats": 0}, "seats"),
    ({"seats": 4}, "seats"),                              # more seats than candidates
    ({"subjects": [{"title": "王红"}, {"title": "王红"}]}, "subjects"),
    ({"subjects": [{"title": "  "}]}, "subjects"),
    ({"elect_base": "everyone"}, "elect_base"),
    ({"options": [{"label": "是"}, {"label": "否"}]}, "options"),
    ({"officers": [{"role": "scrutineer", "name": "王红"}]}, "officers"),  # a candidate
])
def test_an_election_that_cannot_be_held_is_refused(client, room, body, field):
    payload = {"title": "补选委员", "kind": "election", "seats": 2,
               "subjects": [{"title": t} for t in CANDIDATES]} | body
    r = client.post(f"/api/v1/meetings/{room.mid}/ballots",
                    headers=room.headers(room.secretariat), json=payload)
    assert r.status_code == 422, r.get_json()
    assert r.get_json()["error"]["message"].startswith(field)


def test_more_seats_than_candidates_with_names_written_in(client, room):
    ballot = new_election(client, room, candidates=("王红",), seats=2, write_ins=True)
    assert ballot["seats"] == 2


def test_officers_are_kept(app, client, room):
    ballot = new_election(client, room, officers=[
        {"role": "chief_scrutineer", "name": "赵刚"}, {"role": "scrutineer", "name": "孙丽"},
        {"role": "teller", "name": "周平", "delegate_id": room.delegates[4].delegate_id}])
    with app.app_context():
        officers = db.session.query(BallotOfficer).filter_by(ballot_id=ballot["id"]).all()
        assert sorted((o.role.value, o.name) for o in officers) == [
            ("chief_scrutineer", "赵刚"), ("scrutineer", "孙丽"), ("teller", "周平")]


def test_a_paper_cannot_be_over_marked(client, room):
    ballot = open_ballot(client, room, new_election(client, room, write_ins=True))
    subjects, options = _ids(ballot)
    d = room.delegates[0]
    three = {sid: options["赞成"] for sid in subjects.values()}
    r = vote(client, room, d, ballot, three)
    assert r.status_code == 422 and "choices" in r.get_json()["error"]["message"]
    two_and_a_name = {subjects["王红"]: options["赞成"], subjects["李明"]: options["赞成"],
                      subjects["张强"]: options["不赞成"]}
    r = vote(client, room, d, ballot, two_and_a_name, write_ins=["赵刚"])
    assert r.status_code == 422
    # nothing was written by the refusals: the delegate still votes
    r = vote(client, room, d, ballot, two_and_a_name)
    assert r.status_code == 201


def test_names_written_in_only_where_allowed(client, room):
    ballot = open_ballot(client, room, new_election(client, room))
    subjects, options = _ids(ballot)
    r = vote(client, room, room.delegates[0], ballot, {subjects["张强"]: options["不赞成"]},
             write_ins=["赵刚"])
    assert r.status_code == 422 and "write_ins" in r.get_json()["error"]["message"]


@pytest.mark.parametrize("names", [["王红"], ["赵刚", "赵刚"], [""]])
def test_a_name_written_in_must_be_a_new_one(client, room, names):
    ballot = open_ballot(client, room, new_election(client, room, seats=3, write_ins=True))
    r = vote(client, room, room.delegates[0], ballot, {}, write_ins=names)
    assert r.status_code == 422


def test_the_close_freezes_who_is_elected(app, client, room):
    """5 due, 4 present: more than 2.5 赞成 elects. 王红 4, 李明 3, 张强 1; 赵刚 written in
    twice."""
    ballot = open_ballot(client, room, new_election(client, room, write_ins=True))
    subjects, options = _ids(ballot)
    yes, no, abstain = options["赞成"], options["不赞成"], options["弃权"]
    papers = [({subjects["王红"]: yes, subjects["李明"]: yes, subjects["张强"]: no}, []),
              ({subjects["王红"]: yes, subjects["李明"]: yes, subjects["张强"]: no}, []),
              ({subjects["王红"]: yes, subjects["张强"]: no}, ["赵刚"]),
              ({subjects["王红"]: yes, subjects["李明"]: abstain, subjects["张强"]: yes}, [])]
    for d, (choices, names) in zip(room.delegates, papers, strict=False):
        assert vote(client, room, d, ballot, choices, write_ins=names).status_code == 201
    with app.app_context():
        assert db.session.query(BallotWriteIn).filter_by(ballot_id=ballot["id"]).count() == 1
    closed = close_ballot(client, room, ballot)
    results = closed["results"]
    by_title = {s["title"]: s for s in results["subjects"]}
    assert {t: (s["votes_for"], s["elected"]) for t, s in by_title.items()} == {
        "王红": (4, True), "李明": (2, False), "张强": (1, False)}
    assert (results["valid"], results["invalid"]) == (4, 0)
    assert results["write_ins"] == [{"name": "赵刚", "votes": 1, "elected": False}]
    assert results["runoff_needed"] == {"seats": 1, "subject_ids": []}
    assert by_title["李明"]["counts"][str(abstain)] == 1


def test_the_next_round_for_a_tie(client, room):
    """Two of three pass with 3 votes each for one seat: a tie, nobody elected; the runoff
    names both, for one seat, and is a new draft election with round_of."""
    ballot = open_ballot(client, room, new_election(client, room, seats=1))
    subjects, options = _ids(ballot)
    yes = options["赞成"]
    for i, d in enumerate(room.delegates[:4]):
        choice = subjects["王红"] if i % 2 == 0 else subjects["李明"]
        assert vote(client, room, d, ballot, {choice: yes}).status_code == 201
    # 2 each: no one passes (5 due: more than 2.5 needed) — seats left for 另选
    closed = close_ballot(client, room, ballot)
    assert closed["results"]["runoff_needed"] == {"seats": 1, "subject_ids": []}
    headers = room.headers(room.secretariat)
    r = client.post(f"/api/v1/ballots/{ballot['id']}/runoff", headers=headers, json={})
    assert r.status_code == 422  # 另选: the candidates must be named
    r = client.post(f"/api/v1/ballots/{ballot['id']}/runoff", headers=headers,
                    json={"subjects": [{"title": "赵刚"}, {"title": "王红"}]})
    assert r.status_code == 201, r.get_json()
    runoff = r.get_json()
    assert (runoff["round_of"], runoff["seats"], runoff["status"]) == (ballot["id"], 1, "draft")
    assert [s["title"] for s in runoff["subjects"]] == ["王红", "赵刚"]
    assert "2" in runoff["title"]
    again = client.post(f"/api/v1/ballots/{ballot['id']}/runoff", headers=headers, json={})
    assert again.status_code == 409


def test_a_tie_at_the_last_seat_goes_to_a_round_among_the_tied(client, room, make):
    """5 present of 5 due, 2 seats: 王红 4, 李明 3, 张强 3 — all pass (more than 2.5), 王红
    is elected and the tie for the last seat goes to a round between 李明 and 张强."""
    for d in room.delegates[4:]:
        make.check_in(d)
    ballot = open_ballot(client, room, new_election(client, room, seats=2))
    subjects, options = _ids(ballot)
    yes = options["赞成"]
    pairs = [("王红", "李明"), ("王红", "李明"), ("王红", "张强"), ("王红", "张强"),
             ("李明", "张强")]
    for d, pair in zip(room.delegates, pairs, strict=True):
        assert vote(client, room, d, ballot, {subjects[n]: yes for n in pair}).status_code == 201
    closed = close_ballot(client, room, ballot)
    results = closed["results"]
    assert {s["title"]: s["elected"] for s in results["subjects"]} == {
        "王红": True, "李明": False, "张强": False}
    assert results["runoff_needed"]["seats"] == 1
    assert sorted(results["runoff_needed"]["subject_ids"]) == sorted(
        [subjects["李明"], subjects["张强"]])
    r = client.post(f"/api/v1/ballots/{ballot['id']}/runoff",
                    headers=room.headers(room.secretariat), json={})
    assert r.status_code == 201, r.get_json()
    runoff = r.get_json()
    assert [s["title"] for s in runoff["subjects"]] == ["李明", "张强"]
    assert (runoff["seats"], runoff["round_of"], runoff["kind"]) == (1, ballot["id"], "election")


def test_no_runoff_when_none_is_needed_or_not_closed(client, room):
    draft = new_election(client, room, seats=1)
    headers = room.headers(room.secretariat)
    assert client.post(f"/api/v1/ballots/{draft['id']}/runoff", headers=headers,
                       json={}).status_code == 409
    motion = client.post(f"/api/v1/meetings/{room.mid}/ballots", headers=headers,
                         json={"title": "决议", "kind": "motion",
                               "subjects": [{"title": "决议"}]}).get_json()
    assert client.post(f"/api/v1/ballots/{motion['id']}/runoff", headers=headers,
                       json={}).status_code == 409
    assert client.post(f"/api/v1/ballots/{draft['id']}/runoff",
                       headers=room.headers(room.chair), json={}).status_code == 403


def test_opening_without_quorum_gives_the_figures(client, make):
    from tests.ballots.conftest import Room
    from tests.helpers import token_for
    mid = make.meeting()
    delegates = make.delegates(mid, 5)
    make.check_in(delegates[0])
    secretariat, chair = make.user("secretariat"), make.user("chair")
    tokens = {a.username: token_for(client, a) for a in [secretariat, chair]}
    room = Room(mid, delegates, secretariat, chair, tokens)
    ballot = new_election(client, room)
    r = client.post(f"/api/v1/ballots/{ballot['id']}/open", headers=room.headers(chair))
    assert r.status_code == 409
    message = r.get_json()["error"]["message"]
    assert "1" in message and "5" in message and "3" in message


def test_the_result_sheet_of_an_election_says_who_is_elected(client, room):
    from tests import pdftools

    ballot = open_ballot(client, room, new_election(client, room, seats=1))
    subjects, options = _ids(ballot)
    for d in room.delegates[:3]:
        assert vote(client, room, d, ballot, {subjects["李明"]: options["赞成"]}).status_code == 201
    close_ballot(client, room, ballot)
    r = client.get(f"/api/v1/ballots/{ballot['id']}/results.pdf",
                   headers=room.headers(room.secretariat))
    assert r.status_code == 200
    text = pdftools.text(r.data)
    rows = {line.split()[0]: line.split()[-1] for line in text.splitlines()
            if line.split() and line.split()[0] in ("李明", "王芳", "张伟")}
    assert text.count("未当选") == 2 and rows.get("李明") == "当选"  # the other two 未当选
