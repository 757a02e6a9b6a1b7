"""Election pages: the secretariat prepares an election (candidates in stroke order, officers,
a candidate refused as scrutineer), a delegate marks, writes a name in, reviews and confirms
on the tablet, an over-marked paper is refused before the review, the results name the
elected in stroke order, and the next round starts in one step."""
import re

from sqlalchemy import select

from congress.ballots.count_models import BallotOfficer, BallotWriteIn
from congress.ballots.models import Ballot
from congress.extensions import db
from tests.ballots.conftest import close_ballot, open_ballot, vote
from tests.ballots.test_elections import _ids, new_election
from tests.helpers import csrf_from, english, login


def _prepare(client, mid, **fields):
    token = csrf_from(client, f"/meetings/{mid}/ballots")
    data = {"election-csrf_token": token, "election-title": "补选委员", "election-seats": "2",
            "election-subjects": "张强\r\n王红\r\n李明", "election-elect_base": "due",
            "election-write_ins": "y", "election-chief_scrutineer": "赵刚",
            "election-scrutineers": "孙丽\r\n周平", "election-tellers": "吴敏"} | fields
    return client.post(f"/meetings/{mid}/ballots", data=data)


def test_secretariat_prepares_an_election(app, client, room):
    login(client, room.secretariat)
    r = _prepare(client, room.mid, **{"election-tellers": room.delegates[4].name})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    with app.app_context():
        ballot = db.session.scalar(select(Ballot))
        assert (ballot.kind.value, ballot.seats, ballot.write_ins) == ("election", 2, True)
        assert [s.title for s in ballot.subjects] == ["王红", "李明", "张强"]
        officers = db.session.scalars(select(BallotOfficer).order_by(BallotOfficer.id)).all()
        assert [(o.role.value, o.name) for o in officers] == [
            ("chief_scrutineer", "赵刚"), ("scrutineer", "孙丽"), ("scrutineer", "周平"),
            ("teller", room.delegates[4].name)]
        # a teller who is a delegate of the meeting is linked to them
        assert officers[-1].delegate_id == room.delegates[4].delegate_id
    page = client.get(r.location).get_data(as_text=True)
    assert "赵刚" in page and "吴敏" not in page


def test_a_candidate_cannot_be_a_scrutineer(app, client, room):
    login(client, room.secretariat)
    english(client)
    r = _prepare(client, room.mid, **{"election-scrutineers": "孙丽\r\n李明"})
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert "李明 is a candidate and cannot be a scrutineer" in text
    assert re.search(r'has-error[^>]*>\s*<span class="label">Scrutineers', text)
    with app.app_context():
        assert db.session.scalar(select(Ballot)) is None


def test_more_seats_than_candidates_is_shown_on_the_form(client, room):
    login(client, room.secretariat)
    english(client)
    r = _prepare(client, room.mid, **{"election-seats": "5", "election-write_ins": ""})
    assert r.status_code == 200 and "need at least as many candidates" in r.get_data(as_text=True)


def _review(client, bid, fields):
    token = csrf_from(client, f"/ballots/{bid}")
    return token, client.post(f"/ballots/{bid}/review", data={"csrf_token": token} | fields)


def test_a_delegate_votes_with_a_name_written_in(app, client, room):
    ballot = open_ballot(client, room, new_election(client, room, write_ins=True))
    subjects, options = _ids(ballot)
    login(client, room.delegates[0])
    english(client)
    page = client.get(f"/ballots/{ballot['id']}").get_data(as_text=True)
    # the candidates in stroke order, each with 赞成 / 不赞成 / 弃权 and a name field
    assert [m for m in re.findall(r"<legend>(\S+)</legend>", page)] == ["王红", "李明", "张强"]
    assert page.count('data-write-in') == 3 and 'data-seats="2"' in page
    token, review = _review(client, ballot["id"], {
        f"s{subjects['王红']}": str(options["赞成"]),
        f"s{subjects['张强']}": str(options["不赞成"]), f"w{subjects['张强']}": "赵刚",
        # a name beside 赞成 is not a name written in: dropped
        f"w{subjects['王红']}": "钱多"})
    assert review.status_code == 200
    text = review.get_data(as_text=True)
    assert "Another name: 赵刚" in text and "钱多" not in text
    hidden = dict(re.findall(r'name="([sw]\d+)" value="([^"]+)"', text))
    key = re.search(r'name="idempotency_key" value="([^"]+)"', text).group(1)
    r = client.post(f"/ballots/{ballot['id']}/vote", data={
        "csrf_token": token, "idempotency_key": key, "confirm": "1"} | hidden)
    assert r.status_code == 303
    assert "receipt" in client.get(r.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(BallotWriteIn.name)).all() == ["赵刚"]


def test_an_over_marked_paper_goes_back_to_the_marks(app, client, room):
    ballot = open_ballot(client, room, new_election(client, room, write_ins=True))
    subjects, options = _ids(ballot)
    login(client, room.delegates[0])
    english(client)
    _token, review = _review(client, ballot["id"], {
        f"s{subjects['王红']}": str(options["赞成"]), f"s{subjects['李明']}": str(options["赞成"]),
        f"s{subjects['张强']}": str(options["不赞成"]), f"w{subjects['张强']}": "赵刚"})
    assert review.status_code == 422
    text = review.get_data(as_text=True)
    assert "3 marked for, but only 2 to elect" in text
    assert 'data-full="true"' in text  # the marks come back as they were


def test_results_name_the_elected_and_the_next_round_starts_in_one_step(app, client, room):
    ballot = open_ballot(client, room, new_election(client, room, seats=2))
    subjects, options = _ids(ballot)
    yes = options["赞成"]
    for d in room.delegates[:4]:
        assert vote(client, room, d, ballot, {subjects["张强"]: yes,
                                              subjects["王红"]: yes}).status_code == 201
    # 王红 and 张强 4 each (more than 2.5 of 5 due): both elected, no further round
    close_ballot(client, room, ballot)
    login(client, room.secretariat)
    english(client)
    page = client.get(f"/ballots/{ballot['id']}").get_data(as_text=True)
    elected = re.search(r'data-testid="elected">(.*?)</p>', page, re.S).group(1)
    assert re.findall(r"<strong>([^<]+)</strong>", elected) == ["王红", "张强"]
    assert 'data-testid="runoff-form"' not in page


def test_the_secretariat_starts_the_next_round_from_the_page(app, client, room):
    ballot = open_ballot(client, room, new_election(client, room, seats=2))
    subjects, options = _ids(ballot)
    assert vote(client, room, room.delegates[0], ballot,
                {subjects["王红"]: options["赞成"]}).status_code == 201
    close_ballot(client, room, ballot)  # nobody passes: 2 seats left for 另选
    login(client, room.secretariat)
    english(client)
    page = client.get(f"/ballots/{ballot['id']}").get_data(as_text=True)
    assert 'data-testid="runoff-form"' in page and "2 seat(s) are still open" in page
    token = csrf_from(client, f"/ballots/{ballot['id']}")
    r = client.post(f"/ballots/{ballot['id']}/runoff",
                    data={"csrf_token": token, "subjects": "钱多\r\n王红\r\n孙丽"})
    assert r.status_code == 302
    with app.app_context():
        runoff = db.session.scalar(select(Ballot).where(Ballot.round_of_id == ballot["id"]))
        assert (runoff.seats, [s.title for s in runoff.subjects]) == (2, ["王红", "孙丽", "钱多"])
        assert r.location.endswith(f"/ballots/{runoff.id}")
    page = client.get(r.location).get_data(as_text=True)
    assert "Round 2" in page
    # the first round's page links the second and offers no second start
    page = client.get(f"/ballots/{ballot['id']}").get_data(as_text=True)
    assert 'data-testid="runoff-form"' not in page


def test_the_projector_shows_the_elected_in_stroke_order(app, client, room):
    ballot = open_ballot(client, room, new_election(client, room, seats=2))
    subjects, options = _ids(ballot)
    yes = options["赞成"]
    for d in room.delegates[:4]:  # 张强 and 王红 elected (4 each), 李明 not (0)
        assert vote(client, room, d, ballot, {subjects["张强"]: yes,
                                              subjects["王红"]: yes}).status_code == 201
    close_ballot(client, room, ballot)
    login(client, room.chair)
    token = csrf_from(client, f"/meetings/{room.mid}/projectors")
    r = client.post(f"/meetings/{room.mid}/projectors/1", data={
        "csrf_token": token, "view": "results", "ballot_id": str(ballot["id"])})
    assert r.status_code == 302
    panel = client.get(f"/projector/{room.mid}/panel?screen=1").get_data(as_text=True)
    shown = re.search(r'data-testid="projector-elected">(.*?)</div>', panel, re.S).group(1)
    assert "按姓氏笔画为序" in shown
    assert re.findall(r"<strong>([^<]+)</strong>", shown) == ["王红", "张强"]
    assert "李明" not in shown and "应选 2 名" in panel
