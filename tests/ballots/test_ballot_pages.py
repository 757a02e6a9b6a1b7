"""The pages: the secretariat prepares, the chair opens/closes, a delegate votes on the tablet
(choose → review → confirm → receipt)."""
import re

from sqlalchemy import func, select

from congress.ballots.models import Ballot, BallotMark, BallotPaper, BallotReceipt
from congress.extensions import db
from tests.ballots.conftest import new_ballot, open_ballot
from tests.helpers import csrf_from, english, login, post_form


def test_secretariat_prepares_a_ballot_with_a_custom_scale(app, client, room):
    login(client, room.secretariat)
    r = post_form(client, f"/meetings/{room.mid}/ballots", {
        "title": "述职测评", "kind": "rating", "subjects": "张三\r\n李四\r\n",
        "options": "优秀 | 1 | 是\r\n合格 | 0.7 | 是\r\n不合格 | 0 | 否"})
    assert r.status_code == 302
    with app.app_context():
        ballot = db.session.scalar(select(Ballot))
        assert [s.title for s in ballot.subjects] == ["张三", "李四"]
        assert [(o.label, float(o.weight), o.is_favourable) for o in ballot.options] == [
            ("优秀", 1.0, True), ("合格", 0.7, True), ("不合格", 0.0, False)]


def test_invalid_scale_shows_the_message(client, room):
    login(client, room.secretariat)
    english(client)
    r = post_form(client, f"/meetings/{room.mid}/ballots", {
        "title": "t", "kind": "rating", "subjects": "张三", "options": "好 | 3 | 是\n差 | 0"})
    assert r.status_code == 200
    assert "must be between 0 and 1" in r.get_data(as_text=True)


def test_chair_opens_and_closes_from_the_console(app, client, room):
    ballot = new_ballot(client, room)
    login(client, room.chair)
    english(client)
    r = post_form(client, f"/ballots/{ballot['id']}/open", page=f"/ballots/{ballot['id']}")
    page = client.get(r.location).get_data(as_text=True)
    assert "The ballot is open" in page and "Present, not yet voted" in page
    for delegate in room.delegates[:4]:
        assert delegate.name in page
    r = post_form(client, f"/ballots/{ballot['id']}/close", page=f"/ballots/{ballot['id']}")
    page = client.get(r.location).get_data(as_text=True)
    assert "closed and counted" in page and "Result sheet (PDF)" in page


def test_chair_without_quorum_gets_a_clear_message(client, make):
    mid = make.meeting()
    make.delegates(mid, 3)
    secretariat = make.user("secretariat")
    login(client, secretariat)
    english(client)
    post_form(client, f"/meetings/{mid}/ballots", {"title": "t", "kind": "motion",
                                                    "subjects": "决议"})
    with client.application.app_context():
        bid = db.session.scalar(select(Ballot.id))
    r = post_form(client, f"/ballots/{bid}/open", page=f"/ballots/{bid}")
    page = client.get(r.location).get_data(as_text=True)
    assert "No quorum: 0 present of 3 due, 2 needed." in page


def _tablet_vote(client, bid, form_fields):
    token = csrf_from(client, f"/ballots/{bid}")
    review = client.post(f"/ballots/{bid}/review", data={"csrf_token": token} | form_fields)
    assert review.status_code == 200
    text = review.get_data(as_text=True)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', text).group(1)
    hidden = dict(re.findall(r'name="(s\d+)" value="(\d+)"', text))
    return text, {"csrf_token": token, "idempotency_key": key, "confirm": "1"} | hidden


def test_delegate_votes_reviews_confirms_and_gets_a_receipt(app, client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    (s1, s2), good = [s["id"] for s in ballot["subjects"]], ballot["options"][0]["id"]
    login(client, room.delegates[0])
    english(client)
    page = client.get(f"/meetings/{room.mid}/tablet").get_data(as_text=True)
    assert "vote now" in page
    review, confirm = _tablet_vote(client, ballot["id"], {f"s{s1}": str(good), f"s{s2}": ""})
    assert "Abstain (not marked)" in review and "好" in review
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BallotPaper)) == 0
    r = client.post(f"/ballots/{ballot['id']}/vote", data=confirm)
    # Post/Redirect/Get: the receipt is not in the redirect, only on the GET page it leads to
    assert r.status_code == 303 and r.location == f"/ballots/{ballot['id']}/receipt"
    assert r.headers["Cache-Control"] == "no-store"
    r = client.get(r.location)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    receipt = re.search(r'data-testid="receipt">([A-Z0-9-]+)<', r.get_data(as_text=True)).group(1)
    assert receipt in client.get(f"/ballots/{ballot['id']}/receipt").get_data(as_text=True)
    resent = client.post(f"/ballots/{ballot['id']}/vote", data=confirm,  # dropped-line resend
                         follow_redirects=True)
    assert receipt in resent.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(BallotReceipt.receipt)) == receipt
        assert db.session.scalar(select(func.count()).select_from(BallotMark)) == 1
    page = client.get(f"/ballots/{ballot['id']}").get_data(as_text=True)
    # shown once, in the vote's answer: the page does not know it (no cookie holds it)
    assert "You have voted" in page and receipt not in page


def test_change_goes_back_with_the_choices_kept(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    s1, good = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    login(client, room.delegates[0])
    _review, confirm = _tablet_vote(client, ballot["id"], {f"s{s1}": str(good)})
    confirm.pop("confirm")
    r = client.post(f"/ballots/{ballot['id']}/vote", data=confirm | {"change": "1"})
    assert f'value="{good}" checked' in r.get_data(as_text=True)


def test_second_vote_through_the_page_is_refused(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    s1, good = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    login(client, room.delegates[0])
    english(client)
    _r, confirm = _tablet_vote(client, ballot["id"], {f"s{s1}": str(good)})
    assert client.post(f"/ballots/{ballot['id']}/vote", data=confirm).status_code == 303
    _r, again = _tablet_vote(client, ballot["id"], {f"s{s1}": str(good)})
    r = client.post(f"/ballots/{ballot['id']}/vote", data=again)
    assert r.status_code == 409 and "already voted" in r.get_data(as_text=True)


def test_delegate_who_has_not_checked_in_is_told_to(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    login(client, room.delegates[4])
    english(client)
    page = client.get(f"/ballots/{ballot['id']}").get_data(as_text=True)
    assert "Check in first" in page and "Review my choices" not in page


def test_receipts_page_confirms_a_delegates_receipt(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    s1, good = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    login(client, room.delegates[0])
    english(client)
    _r, confirm = _tablet_vote(client, ballot["id"], {f"s{s1}": str(good)})
    voted = client.post(f"/ballots/{ballot['id']}/vote", data=confirm,
                        follow_redirects=True).get_data(as_text=True)
    receipt = re.search(r'data-testid="receipt">([A-Z0-9-]+)<', voted).group(1)
    client.post(f"/api/v1/ballots/{ballot['id']}/close", headers=room.headers(room.chair))
    page = client.get(f"/ballots/{ballot['id']}/receipts").get_data(as_text=True)
    assert receipt in page and "is in the list" not in page  # nothing remembered the receipt
    page = client.get(f"/ballots/{ballot['id']}/receipts",
                      query_string={"receipt": receipt.lower()}).get_data(as_text=True)
    assert f"Your receipt {receipt} is in the list" in page
    page = client.get(f"/ballots/{ballot['id']}/receipts",
                      query_string={"receipt": "22222-22222"}).get_data(as_text=True)
    assert "is NOT in the list" in page


def test_the_receipt_page_shows_the_receipt_to_the_voter_only_while_the_ballot_is_open(
        app, client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    s1, good = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    login(client, room.delegates[0])
    _r, confirm = _tablet_vote(client, ballot["id"], {f"s{s1}": str(good)})
    page = client.post(f"/ballots/{ballot['id']}/vote", data=confirm,
                       follow_redirects=True).get_data(as_text=True)
    receipt = re.search(r'data-testid="receipt">([A-Z0-9-]+)<', page).group(1)
    other = app.test_client()  # the same delegate in another browser: no pad, no receipt
    login(other, room.delegates[0])
    r = other.get(f"/ballots/{ballot['id']}/receipt")
    assert r.status_code == 302 and r.location == f"/ballots/{ballot['id']}"
    login(other, room.delegates[1])  # another delegate: nothing either
    assert other.get(f"/ballots/{ballot['id']}/receipt").status_code == 302
    client.post(f"/api/v1/ballots/{ballot['id']}/close", headers=room.headers(room.chair))
    r = client.get(f"/ballots/{ballot['id']}/receipt")  # the close wiped the box
    assert r.status_code == 302 and receipt not in r.get_data(as_text=True)
