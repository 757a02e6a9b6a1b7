"""The paper desk's pages: a paper issued by the card's code, by the username and from the
list; the two tellers' entries typed in; the comparison marks where they differ; the close
is refused until they agree; the delegate's tablet says they vote on paper; the minutes print
every election round with its paper figures."""
from congress.extensions import db
from tests.ballots.conftest import close_ballot, new_ballot, open_ballot
from tests.helpers import english, login, post_form


def _desk(client, bid):
    return client.get(f"/ballots/{bid}/paper").get_data(as_text=True)


def test_issue_papers_and_enter_the_tallies_on_the_pages(app, client, room):
    ballot = open_ballot(client, room, new_ballot(client, room, kind="motion",
                                                  subjects=("工作报告决议",)))
    bid = ballot["id"]
    (subject,), (yes, no, _abstain) = ([s["id"] for s in ballot["subjects"]],
                                       [o["id"] for o in ballot["options"]])
    login(client, room.secretariat)
    english(client)
    card = f"https://congress.example/login?u={room.delegates[0].username}"
    r = post_form(client, f"/ballots/{bid}/paper/issue", {"code": card}, page=f"/ballots/{bid}")
    assert r.status_code == 302
    r = post_form(client, f"/ballots/{bid}/paper/issue",
                  {"code": room.delegates[1].username}, page=f"/ballots/{bid}/paper")
    assert r.status_code == 302
    listed = client.get(f"/ballots/{bid}/paper?q={room.delegates[2].name}").get_data(
        as_text=True)
    assert f'data-delegate="{room.delegates[2].delegate_id}"' in listed
    post_form(client, f"/ballots/{bid}/paper/issue",
              {"delegate_id": str(room.delegates[2].delegate_id)}, page=f"/ballots/{bid}/paper")
    page = _desk(client, bid)
    assert 'data-field="papers-issued">3<' in page
    console = client.get(f"/ballots/{bid}").get_data(as_text=True)
    assert 'data-field="papers">3<' in console

    def enter(entry, teller, yes_votes):
        return post_form(client, f"/ballots/{bid}/paper/tally/{entry}", {
            f"e{entry}-teller": teller, f"e{entry}-returned": "3", f"e{entry}-invalid": "0",
            f"c{subject}-{yes}": str(yes_votes), f"c{subject}-{no}": "1"},
            page=f"/ballots/{bid}/paper")

    assert enter(1, "Teller A", 2).status_code == 302
    assert enter(2, "Teller B", 1).status_code == 302
    page = _desk(client, bid)
    assert f'data-mismatch="{subject}:{yes}"' in page and page.count("data-mismatch=") == 1
    refused = post_form(client, f"/ballots/{bid}/close", page=f"/ballots/{bid}")
    assert refused.status_code == 302
    assert "differ" in client.get(f"/ballots/{bid}").get_data(as_text=True)
    over = enter(2, "Teller B", 3)  # 3 + 1 marks on 3 valid papers
    assert over.status_code == 422 and "3 valid papers" in over.get_data(as_text=True)
    assert enter(2, "Teller B", 2).status_code == 302
    assert "data-mismatch=" not in _desk(client, bid)
    post_form(client, f"/ballots/{bid}/close", page=f"/ballots/{bid}")
    closed = client.get(f"/ballots/{bid}").get_data(as_text=True)
    assert 'data-field="paper-figures"' in closed and "3 issued, 3 returned, 0 invalid" in closed


def test_the_tablet_of_a_paper_voter(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room, kind="motion",
                                                  subjects=("工作报告决议",)))
    r = client.post(f"/api/v1/ballots/{ballot['id']}/paper-issues",
                    headers=room.headers(room.secretariat),
                    json={"delegate_id": room.delegates[0].delegate_id})
    assert r.status_code == 201
    login(client, room.delegates[0])
    page = client.get(f"/ballots/{ballot['id']}").get_data(as_text=True)
    assert 'data-testid="on-paper"' in page and 'data-testid="voted"' not in page


def test_the_minutes_print_every_election_round_with_its_papers(app, client, room):
    """A first round on the tablet that fills one seat of two, then the next round with a
    paper: both are printed, the second as round 2 with its paper figures."""
    from congress.meetings.models import Meeting
    from congress.records.minutes import minutes_content

    headers = room.headers(room.secretariat)
    first = client.post(f"/api/v1/meetings/{room.mid}/ballots", headers=headers, json={
        "title": "补选委员", "kind": "election", "seats": 2,
        "subjects": [{"title": "王红"}, {"title": "李明"}]}).get_json()
    open_ballot(client, room, first)
    yes = str(first["options"][0]["id"])
    wang = str(first["subjects"][0]["id"])
    for delegate in room.delegates[:3]:
        assert client.post(f"/api/v1/ballots/{first['id']}/votes", headers=room.headers(
            delegate), json={"choices": {wang: int(yes)}}).status_code == 201
    close_ballot(client, room, first)
    second = client.post(f"/api/v1/ballots/{first['id']}/runoff", headers=headers,
                         json={"subjects": [{"title": "赵刚"}]}).get_json()
    open_ballot(client, room, second)
    assert client.post(f"/api/v1/ballots/{second['id']}/paper-issues", headers=headers,
                       json={"delegate_id": room.delegates[0].delegate_id}).status_code == 201
    counts = {str(second["subjects"][0]["id"]): {str(second["options"][0]["id"]): 1}}
    for entry, teller in ((1, "甲"), (2, "乙")):
        assert client.put(f"/api/v1/ballots/{second['id']}/paper-tally", headers=headers, json={
            "entry": entry, "teller": teller, "returned": 1, "invalid": 0,
            "counts": counts}).status_code == 200
    close_ballot(client, room, second)
    with app.app_context():
        content = minutes_content(db.session.get(Meeting, room.mid))
    rounds = content["elections"]
    assert [(e["title"], e["round"]) for e in rounds] == [
        ("补选委员", 1), (second["title"], 2)]
    assert rounds[0]["elected"] == ["王红"] and rounds[0]["papers"] is None
    assert rounds[0]["runoff"] == {"seats": 1, "candidates": []}
    assert rounds[1]["papers"] == {"issued": 1, "returned": 1, "invalid": 0, "valid": 1}
    assert rounds[1]["candidates"][0]["counts"][0] == 1
    assert content["other_ballots"] == []
    login(client, room.secretariat)
    from tests import pdftools

    pdf = client.get(f"/meetings/{room.mid}/records/minutes/draft.pdf")
    assert pdf.status_code == 200
    text = pdftools.text(pdf.data)
    for expected in ("选举", "补选委员", second["title"], "纸质选票：发出1张，收回1张，无效0张"):
        assert expected in text, expected
