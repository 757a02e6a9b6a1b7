"""Paper ballots for any ballot kind (issue 16): one channel per delegate, the two tellers'
entries, and the paper counts joining the tablet's at close."""
import pytest
from sqlalchemy import select

from congress.ballots.models import Participation, ParticipationChannel
from congress.core.audit import AuditEntry
from congress.extensions import db
from tests.ballots.conftest import close_ballot, new_ballot, open_ballot, vote


def issue(client, room, ballot, delegate, account=None):
    return client.post(f"/api/v1/ballots/{ballot['id']}/paper-issues",
                       headers=room.headers(account or room.secretariat),
                       json={"delegate_id": delegate.delegate_id})


def tally(client, room, ballot, entry, teller, returned, invalid, counts, **extra):
    return client.put(f"/api/v1/ballots/{ballot['id']}/paper-tally",
                      headers=room.headers(room.secretariat),
                      json={"entry": entry, "teller": teller, "returned": returned,
                            "invalid": invalid, "counts": counts} | extra)


def ids(ballot):
    return ([s["id"] for s in ballot["subjects"]], [o["id"] for o in ballot["options"]])


def test_a_paper_holder_cannot_vote_on_the_tablet(app, client, room):
    ballot = new_ballot(client, room, kind="motion", subjects=("工作报告决议",))
    open_ballot(client, room, ballot)
    holder = room.delegates[0]
    r = issue(client, room, ballot, holder)
    assert r.status_code == 201, r.get_json()
    assert r.get_json() == {"ballot_id": ballot["id"], "delegate_id": holder.delegate_id,
                            "name": holder.name, "papers_issued": 1}
    (subject,), (yes, *_rest) = ids(ballot)
    refused = vote(client, room, holder, ballot, {subject: yes})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "paper_issued"
    again = issue(client, room, ballot, holder)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "paper_issued"
    seen = client.get(f"/api/v1/ballots/{ballot['id']}", headers=room.headers(holder)).get_json()
    assert seen["paper"] is True and seen["papers"] == {"issued": 1}
    turnout = client.get(f"/api/v1/ballots/{ballot['id']}/turnout",
                         headers=room.headers(room.chair)).get_json()
    assert turnout["voted"] == 0 and turnout["papers"] == 1
    assert holder.delegate_id not in [d["id"] for d in turnout["not_voted"]]
    with app.app_context():
        row = db.session.get(Participation, (ballot["id"], holder.delegate_id))
        assert row.channel is ParticipationChannel.paper
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "ballot.paper_issue"))
        assert entry.after == {"delegate_id": holder.delegate_id, "name": holder.name}


def test_a_tablet_voter_gets_no_paper(client, room):
    ballot = new_ballot(client, room, kind="motion", subjects=("工作报告决议",))
    open_ballot(client, room, ballot)
    voter = room.delegates[1]
    (subject,), (yes, *_rest) = ids(ballot)
    assert vote(client, room, voter, ballot, {subject: yes}).status_code == 201
    r = issue(client, room, ballot, voter)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "already_voted"


def test_papers_go_to_present_delegates_of_an_open_ballot_by_the_secretariat(client, room):
    ballot = new_ballot(client, room, kind="motion", subjects=("工作报告决议",))
    early = issue(client, room, ballot, room.delegates[0])
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "ballot_not_open"
    open_ballot(client, room, ballot)
    absent = issue(client, room, ballot, room.delegates[4])  # not checked in
    assert absent.status_code == 409 and absent.get_json()["error"]["code"] == "not_checked_in"
    assert issue(client, room, ballot, room.delegates[0], account=room.chair).status_code == 403
    assert issue(client, room, ballot, room.delegates[0],
                 account=room.delegates[0]).status_code == 403


def _motion_with_papers(client, room, papers=2):
    ballot = new_ballot(client, room, kind="motion", subjects=("工作报告决议", "财务报告决议"))
    open_ballot(client, room, ballot)
    for delegate in room.delegates[:papers]:
        assert issue(client, room, ballot, delegate).status_code == 201
    return ballot


def test_the_close_needs_both_entries_and_they_must_agree(client, room):
    ballot = _motion_with_papers(client, room)
    (s1, s2), (yes, no, abstain) = ids(ballot)
    counts = {str(s1): {str(yes): 2}, str(s2): {str(yes): 1, str(no): 1}}
    assert tally(client, room, ballot, 1, "计票人甲", 2, 0, counts).status_code == 200
    r = client.post(f"/api/v1/ballots/{ballot['id']}/close", headers=room.headers(room.chair))
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "tally_missing"
    wrong = {str(s1): {str(yes): 2}, str(s2): {str(yes): 2}}
    second = tally(client, room, ballot, 2, "计票人乙", 2, 0, wrong)
    assert second.status_code == 200
    answer = second.get_json()
    assert answer["entries_agree"] is False
    assert {d["key"]: (d["entry_1"], d["entry_2"]) for d in answer["differences"]} == {
        f"{s2}:{yes}": (1, 2), f"{s2}:{no}": (1, 0)}
    r = client.post(f"/api/v1/ballots/{ballot['id']}/close", headers=room.headers(room.chair))
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "tally_mismatch"
    assert "财务报告决议 · 赞成 1 / 2" in r.get_json()["error"]["message"]
    fixed = tally(client, room, ballot, 2, "计票人乙", 2, 0, counts)
    assert fixed.get_json()["entries_agree"] is True and fixed.get_json()["differences"] == []
    assert close_ballot(client, room, ballot)["status"] == "closed"


def test_the_same_teller_cannot_make_both_entries(client, room):
    ballot = _motion_with_papers(client, room)
    assert tally(client, room, ballot, 1, "计票人甲", 2, 0, {}).status_code == 200
    r = tally(client, room, ballot, 2, "计票人甲", 2, 0, {})
    assert r.status_code == 422 and r.get_json()["error"]["message"].startswith("teller")


def test_more_papers_returned_than_issued_voids_the_vote(client, room):
    ballot = _motion_with_papers(client, room, papers=2)
    r = tally(client, room, ballot, 1, "计票人甲", 3, 0, {})
    assert r.status_code == 409
    error = r.get_json()["error"]
    assert error["code"] == "papers_exceed_issued" and "3" in error["message"]
    assert tally(client, room, ballot, 1, "计票人甲", 2, 0, {}).status_code == 200


@pytest.mark.parametrize("counts, extra, field", [
    (lambda s, o: {"999999": {str(o[0]): 1}}, {}, "counts"),          # not a subject
    (lambda s, o: {str(s[0]): {"999999": 1}}, {}, "counts"),          # not an option
    (lambda s, o: {str(s[0]): {str(o[0]): 2, str(o[1]): 1}}, {}, "counts"),  # 3 marks, 2 valid
    (lambda s, o: {}, {"write_ins": {"张三": 1}}, "write_ins"),        # a motion takes none
    (lambda s, o: {}, {"invalid": 3}, "invalid"),                    # more invalid than returned
])
def test_entries_are_checked(client, room, counts, extra, field):
    ballot = _motion_with_papers(client, room)
    subjects, options = ids(ballot)
    body = {"invalid": 0} | extra
    r = tally(client, room, ballot, 1, "计票人甲", 2, body.pop("invalid"),
              counts(subjects, options), **body)
    assert r.status_code == 422 and r.get_json()["error"]["message"].startswith(field), r.get_json()


def test_no_entry_without_papers(client, room):
    ballot = new_ballot(client, room, kind="motion", subjects=("工作报告决议",))
    open_ballot(client, room, ballot)
    r = tally(client, room, ballot, 1, "计票人甲", 0, 0, {})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "no_papers_issued"


def test_paper_counts_join_a_motion(client, room):
    """2 tablet votes and 2 papers (one of them invalid): valid = 2 + 2 − 1 = 3."""
    ballot = _motion_with_papers(client, room, papers=2)
    (s1, s2), (yes, no, abstain) = ids(ballot)
    for delegate in room.delegates[2:4]:
        assert vote(client, room, delegate, ballot, {s1: yes, s2: no}).status_code == 201
    counts = {str(s1): {str(yes): 1}, str(s2): {str(abstain): 1}}
    for entry, teller in ((1, "计票人甲"), (2, "计票人乙")):
        assert tally(client, room, ballot, entry, teller, 2, 1, counts).status_code == 200
    closed = close_ballot(client, room, ballot)
    assert closed["cast"] == 2 and closed["valid"] == 3
    assert closed["papers"] == {"issued": 2, "returned": 2, "invalid": 1}
    first, second = closed["results"]["subjects"]
    assert first["counts"][str(yes)] == 3 and first["passed"] is True  # 3 of 4 present
    assert second["counts"][str(no)] == 2 and second["counts"][str(abstain)] == 1
    assert second["passed"] is False
    assert closed["turnout"] == {"eligible": 4, "voted": 2, "papers": 2}


def test_paper_counts_join_a_rating(client, room):
    ballot = new_ballot(client, room, kind="rating", subjects=("瑶海区委书记",))
    open_ballot(client, room, ballot)
    (subject,), (good, fair, average, poor) = ids(ballot)
    assert issue(client, room, ballot, room.delegates[0]).status_code == 201
    assert vote(client, room, room.delegates[1], ballot, {subject: good}).status_code == 201
    counts = {str(subject): {str(poor): 1}}
    for entry, teller in ((1, "计票人甲"), (2, "计票人乙")):
        assert tally(client, room, ballot, entry, teller, 1, 0, counts).status_code == 200
    closed = close_ballot(client, room, ballot)
    result = closed["results"]["subjects"][0]
    assert result["counts"] == {str(good): 1, str(fair): 0, str(average): 0, str(poor): 1}
    assert result["score"] == pytest.approx(70.0)  # (1.0 + 0.4) / 2 × 100
    assert closed["valid"] == 2


def test_the_close_keeps_each_channel(app, client, room):
    ballot = _motion_with_papers(client, room, papers=1)
    (s1, _s2), (yes, *_rest) = ids(ballot)
    assert vote(client, room, room.delegates[3], ballot, {s1: yes}).status_code == 201
    for entry, teller in ((1, "计票人甲"), (2, "计票人乙")):
        assert tally(client, room, ballot, entry, teller, 1, 0, {}).status_code == 200
    close_ballot(client, room, ballot)
    with app.app_context():
        channels = dict(db.session.execute(
            select(Participation.delegate_id, Participation.channel)
            .where(Participation.ballot_id == ballot["id"])).all())
        assert channels == {room.delegates[0].delegate_id: ParticipationChannel.paper,
                            room.delegates[3].delegate_id: ParticipationChannel.tablet}
        voters = db.session.scalars(select(AuditEntry.actor_id).where(
            AuditEntry.action == "ballot.vote", AuditEntry.target_id == ballot["id"])).all()
        assert voters == [room.delegates[3].id]  # the paper's delegate has its issue entry
