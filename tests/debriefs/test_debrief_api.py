"""The debrief API as API.md states it: the phase machine, its effects, the queue, the record."""
import pytest

from tests.debriefs.conftest import advance_to, ask, new_debrief, step

ORDER = ["pending", "report", "questions", "comment", "scoring", "closed"]
STEPS = [(a, b, ORDER.index(b) == ORDER.index(a) + 1) for a in ORDER for b in ORDER]


@pytest.mark.parametrize("start,wanted,allowed", STEPS,
                         ids=[f"{a}->{b}" for a, b, _ in STEPS])
def test_phase_machine(client, room, debrief, start, wanted, allowed):
    advance_to(client, room, debrief, start)
    r = client.post(f"/api/v1/debriefs/{debrief['id']}/phase", headers=room.headers(room.chair),
                    json={"phase": wanted})
    if allowed:
        assert r.status_code == 200 and r.get_json()["phase"] == wanted
    else:
        assert r.status_code == 409 and r.get_json()["error"]["code"] == "wrong_phase"
        now = client.get(f"/api/v1/debriefs/{debrief['id']}", headers=room.headers(room.chair))
        assert now.get_json()["phase"] == start


def test_unknown_phase_is_422_and_delegates_cannot_step(client, room, debrief):
    r = client.post(f"/api/v1/debriefs/{debrief['id']}/phase", headers=room.headers(room.chair),
                    json={"phase": "lunch"})
    assert r.status_code == 422 and "phase" in r.get_json()["error"]["message"]
    r = client.post(f"/api/v1/debriefs/{debrief['id']}/phase",
                    headers=room.headers(room.delegates[0]), json={"phase": "report"})
    assert r.status_code == 403


def test_create_contract_and_validation(client, room):
    body = new_debrief(client, room, questioner_ids=[room.delegates[0].delegate_id])
    assert body["phase"] == "pending" and body["ballot_id"] is None
    assert isinstance(body["queue_id"], int)
    assert body["questioners"] == [{"id": room.delegates[0].delegate_id,
                                    "name": room.delegates[0].name}]
    r = client.post(f"/api/v1/meetings/{room.mid}/debriefs", headers=room.headers(room.secretariat),
                    json={"reporter_name": " ", "reporter_title": "x"})
    assert r.status_code == 422 and "reporter_name" in r.get_json()["error"]["message"]
    r = client.post(f"/api/v1/meetings/{room.mid}/debriefs", headers=room.headers(room.chair),
                    json={"reporter_name": "a", "reporter_title": "b"})
    assert r.status_code == 403
    listed = client.get(f"/api/v1/meetings/{room.mid}/debriefs",
                        headers=room.headers(room.chair)).get_json()["debriefs"]
    assert [d["id"] for d in listed] == [body["id"]]


def test_questions_step_opens_and_closes_the_queue(client, room, debrief):
    qid = debrief["queue_id"]
    d1 = room.delegates[0]
    assert ask(client, room, d1, qid).get_json()["error"]["code"] == "queue_closed"
    advance_to(client, room, debrief, "questions")
    r = ask(client, room, d1, qid, "challenge", "关于老旧小区改造进度")
    assert r.status_code == 201
    body = r.get_json()
    assert body["status"] == "waiting" and body["position"] == 1 and body["kind"] == "challenge"
    assert client.get(f"/api/v1/queues/{qid}", headers=room.headers(d1)).get_json()["open"]
    step(client, room, debrief, "comment")
    queue = client.get(f"/api/v1/queues/{qid}", headers=room.headers(d1)).get_json()
    assert queue["open"] is False and queue["waiting"] == [] and queue["current"] is None


def test_scoring_opens_a_rating_ballot_on_the_reporter_and_closing_closes_it(client, room,
                                                                              debrief):
    body = advance_to(client, room, debrief, "scoring")
    bid = body["ballot_id"]
    ballot = client.get(f"/api/v1/ballots/{bid}", headers=room.headers(room.chair)).get_json()
    assert ballot["status"] == "open" and ballot["kind"] == "rating"
    assert ballot["subjects"][0]["title"] == "王书记（瑶海区委书记）"
    good = ballot["options"][0]["id"]
    r = client.post(f"/api/v1/ballots/{bid}/votes", headers=room.headers(room.delegates[0]),
                    json={"choices": {str(ballot["subjects"][0]["id"]): good}})
    assert r.status_code == 201
    step(client, room, debrief, "closed")
    ballot = client.get(f"/api/v1/ballots/{bid}", headers=room.headers(room.chair)).get_json()
    assert ballot["status"] == "closed"
    assert ballot["results"]["subjects"][0]["counts"][str(good)] == 1


def test_scoring_without_quorum_is_refused_and_nothing_changes(client, room, make, debrief):
    advance_to(client, room, debrief, "comment")
    from congress.extensions import db
    from congress.meetings.models import Attendance
    with client.application.app_context():
        for row in db.session.query(Attendance).all()[:3]:
            db.session.delete(row)
        db.session.commit()
    r = client.post(f"/api/v1/debriefs/{debrief['id']}/phase", headers=room.headers(room.chair),
                    json={"phase": "scoring"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "no_quorum"
    body = client.get(f"/api/v1/debriefs/{debrief['id']}", headers=room.headers(room.chair))
    assert body.get_json()["phase"] == "comment" and body.get_json()["ballot_id"] is None
    listed = client.get(f"/api/v1/meetings/{room.mid}/ballots", headers=room.headers(room.chair))
    assert listed.get_json()["ballots"] == []


def test_one_debrief_at_a_time(client, room, debrief):
    other = new_debrief(client, room, name="李书记", title="庐阳区委书记")
    step(client, room, debrief, "report")
    r = client.post(f"/api/v1/debriefs/{other['id']}/phase", headers=room.headers(room.chair),
                    json={"phase": "report"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "debrief_in_progress"


def test_queue_flow_next_withdraw_reject_answer(client, room, debrief):
    qid = debrief["queue_id"]
    advance_to(client, room, debrief, "questions")
    d1, d2, d3 = room.delegates[:3]
    r1 = ask(client, room, d1, qid).get_json()
    r2 = ask(client, room, d2, qid).get_json()
    r3 = ask(client, room, d3, qid).get_json()
    assert [r1["position"], r2["position"], r3["position"]] == [1, 2, 3]
    again = ask(client, room, d1, qid)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_waiting"
    # someone else's request: a delegate may not delete it
    assert client.delete(f"/api/v1/queues/{qid}/requests/{r1['id']}",
                         headers=room.headers(d2)).status_code == 403
    assert client.delete(f"/api/v1/queues/{qid}/requests/{r2['id']}",
                         headers=room.headers(d2)).status_code == 204
    nxt = client.post(f"/api/v1/queues/{qid}/next", headers=room.headers(room.chair)).get_json()
    assert nxt["current"]["id"] == r1["id"] and nxt["current"]["status"] == "speaking"
    queue = client.get(f"/api/v1/queues/{qid}", headers=room.headers(d3)).get_json()
    assert queue["current"]["id"] == r1["id"] and [w["id"] for w in queue["waiting"]] == [r3["id"]]
    # the chair rejects the last one; next makes the speaker done and leaves nobody speaking
    assert client.delete(f"/api/v1/queues/{qid}/requests/{r3['id']}",
                         headers=room.headers(room.chair)).status_code == 204
    nxt = client.post(f"/api/v1/queues/{qid}/next", headers=room.headers(room.chair)).get_json()
    assert nxt["current"] is None
    r = client.put(f"/api/v1/queues/{qid}/requests/{r1['id']}/answer",
                   headers=room.headers(room.secretariat), json={"text": "年底前完成改造。"})
    assert r.status_code == 200 and r.get_json()["answer"] == "年底前完成改造。"
    r = client.put(f"/api/v1/queues/{qid}/requests/{r3['id']}/answer",
                   headers=room.headers(room.secretariat), json={"text": "x"})
    assert r.status_code == 409
    body = client.get(f"/api/v1/debriefs/{debrief['id']}", headers=room.headers(d1)).get_json()
    assert [(q["id"], q["status"], q["answer"]) for q in body["questions"]] == [
        (r1["id"], "done", "年底前完成改造。")]
    assert body["questions"][0]["delegate"] == {"id": d1.delegate_id, "name": d1.name}


def test_questioner_limit_and_designated_places(client, room, make, debrief):
    qid = debrief["queue_id"]
    d = room.delegates
    from congress.extensions import db
    from congress.meetings.models import Meeting
    from congress.meetings.services import update_settings
    with client.application.app_context():
        update_settings(None, db.session.get(Meeting, room.mid), {"question_limit": 2})
        db.session.commit()
    designated = new_debrief(client, room, name="张书记", title="蜀山区委书记",
                             questioner_ids=[d[3].delegate_id])
    advance_to(client, room, designated, "questions")
    qid = designated["queue_id"]
    assert ask(client, room, d[0], qid).status_code == 201
    # one place left, kept for the designated questioner
    refused = ask(client, room, d[1], qid)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "limit_reached"
    r = ask(client, room, d[3], qid)
    assert r.status_code == 201 and r.get_json()["position"] == 1  # designated go first
    assert ask(client, room, d[2], qid).get_json()["error"]["code"] == "limit_reached"


def test_not_checked_in_and_non_delegates_cannot_request(client, room, debrief):
    advance_to(client, room, debrief, "questions")
    absent = room.delegates[4]
    r = ask(client, room, absent, debrief["queue_id"])
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "not_checked_in"
    r = ask(client, room, room.chair, debrief["queue_id"])
    assert r.status_code == 403
    r = client.post(f"/api/v1/queues/{debrief['queue_id']}/requests",
                    headers=room.headers(room.delegates[0]), json={"kind": "speech"})
    assert r.status_code == 422 and "kind" in r.get_json()["error"]["message"]


def test_reorder_by_the_chair(client, room, debrief):
    advance_to(client, room, debrief, "questions")
    qid = debrief["queue_id"]
    ids = [ask(client, room, d, qid).get_json()["id"] for d in room.delegates[:3]]
    r = client.post(f"/api/v1/queues/{qid}/requests/{ids[2]}/move",
                    headers=room.headers(room.chair), json={"to": "first"})
    assert r.status_code == 200
    assert [w["id"] for w in r.get_json()["waiting"]] == [ids[2], ids[0], ids[1]]
    r = client.post(f"/api/v1/queues/{qid}/requests/{ids[1]}/move",
                    headers=room.headers(room.chair), json={"to": "up"})
    assert [w["id"] for w in r.get_json()["waiting"]] == [ids[2], ids[1], ids[0]]
    assert [w["position"] for w in r.get_json()["waiting"]] == [1, 2, 3]


def test_comment_and_timer(client, room, debrief):
    advance_to(client, room, debrief, "report")
    timer = client.get(f"/api/v1/debriefs/{debrief['id']}",
                       headers=room.headers(room.chair)).get_json()["timer"]
    assert timer["kind"] == "report" and timer["seconds"] == 480 and timer["running"]
    paused = client.post(f"/api/v1/debriefs/{debrief['id']}/timer",
                         headers=room.headers(room.chair), json={"action": "pause"}).get_json()
    assert paused["timer"]["running"] is False
    frozen = paused["timer"]["remaining"]
    again = client.get(f"/api/v1/debriefs/{debrief['id']}", headers=room.headers(room.chair))
    assert again.get_json()["timer"]["remaining"] == frozen
    resumed = client.post(f"/api/v1/debriefs/{debrief['id']}/timer",
                          headers=room.headers(room.chair), json={"action": "resume"}).get_json()
    assert resumed["timer"]["running"] is True
    r = client.post(f"/api/v1/debriefs/{debrief['id']}/timer",
                    headers=room.headers(room.chair), json={"action": "answer"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "no_speaker"
    r = client.put(f"/api/v1/debriefs/{debrief['id']}/comment",
                   headers=room.headers(room.secretariat),
                   json={"speaker": "市委书记", "text": "好"})
    assert r.status_code == 409  # not before the comment step
    advance_to(client, room, debrief, "comment")
    r = client.put(f"/api/v1/debriefs/{debrief['id']}/comment",
                   headers=room.headers(room.secretariat),
                   json={"speaker": "市委书记", "text": "抓落实有力，民生短板仍需补齐。"})
    assert r.status_code == 200
    assert r.get_json()["comment"] == {"speaker": "市委书记",
                                       "text": "抓落实有力，民生短板仍需补齐。"}
    r = client.put(f"/api/v1/debriefs/{debrief['id']}/comment",
                   headers=room.headers(room.chair), json={"speaker": "x", "text": "y"})
    assert r.status_code == 403


def test_undo_through_the_api_restores_the_queue_and_refuses_a_stale_step(client, room):
    from tests.debriefs.conftest import new_debrief
    d = room.delegates
    debrief = new_debrief(client, room, questioner_ids=[d[2].delegate_id])
    advance_to(client, room, debrief, "questions")
    for delegate in (d[0], d[2]):
        assert ask(client, room, delegate, debrief["queue_id"]).status_code == 201
    moved = step(client, room, debrief, "comment")
    assert [r["delegate"]["id"] for r in moved["not_called"]] == [d[2].delegate_id]
    undo = f"/api/v1/debriefs/{debrief['id']}/phase/undo"
    stale = client.post(undo, headers=room.headers(room.chair), json={"phase": "scoring"})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "wrong_phase"
    r = client.post(undo, headers=room.headers(room.chair), json={"phase": "comment"})
    assert r.status_code == 200 and r.get_json()["phase"] == "questions"
    assert r.get_json()["not_called"] == []
    queue = client.get(f"/api/v1/queues/{debrief['queue_id']}",
                       headers=room.headers(room.chair)).get_json()
    assert queue["open"] and [w["delegate"]["id"] for w in queue["waiting"]] == [
        d[2].delegate_id, d[0].delegate_id]                        # designated first, as before
    again = client.post(undo, headers=room.headers(room.chair), json={"phase": "questions"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "cannot_undo"
    assert client.post(undo, headers=room.headers(d[0]),
                       json={"phase": "questions"}).status_code == 403


def test_undoing_scoring_takes_back_the_unvoted_ballot_and_is_refused_after_a_vote(
        app, client, room):
    from congress.ballots.models import Ballot
    from congress.extensions import db
    from tests.ballots.conftest import vote
    debrief = new_debrief(client, room)
    scoring = advance_to(client, room, debrief, "scoring")
    first = scoring["ballot_id"]
    undo = f"/api/v1/debriefs/{debrief['id']}/phase/undo"
    r = client.post(undo, headers=room.headers(room.chair), json={"phase": "scoring"})
    assert r.status_code == 200 and r.get_json()["phase"] == "comment"
    assert r.get_json()["ballot_id"] is None
    with app.app_context():
        assert db.session.get(Ballot, first) is None
    again = step(client, room, debrief, "scoring")
    ballot = client.get(f"/api/v1/ballots/{again['ballot_id']}",
                        headers=room.headers(room.chair)).get_json()
    assert vote(client, room, room.delegates[0], ballot,
                {ballot["subjects"][0]["id"]: ballot["options"][0]["id"]}).status_code == 201
    refused = client.post(undo, headers=room.headers(room.chair), json={"phase": "scoring"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "cannot_undo"
    assert client.get(f"/api/v1/debriefs/{debrief['id']}", headers=room.headers(room.chair)
                      ).get_json()["phase"] == "scoring"


def _ran(app, debrief, seconds, running):
    """The current countdown has run `seconds` (still running from now, or paused)."""
    from datetime import timedelta

    from congress.core.time import utcnow
    from congress.debriefs.models import Debrief
    from congress.extensions import db
    with app.app_context():
        row = db.session.get(Debrief, debrief["id"])
        row.timer_elapsed = 0.0 if running else float(seconds)
        row.timer_started_at = utcnow() - timedelta(seconds=seconds) if running else None
        db.session.commit()


def test_undo_gives_back_the_time_left_not_a_fresh_countdown(app, client, room):
    d = room.delegates
    debrief = new_debrief(client, room)
    did = debrief["id"]
    undo = f"/api/v1/debriefs/{did}/phase/undo"
    report = advance_to(client, room, debrief, "report")["timer"]
    _ran(app, debrief, 300, running=False)                     # 5 of the 8 minutes, paused
    assert step(client, room, debrief, "questions")["timer"] is None
    back = client.post(undo, headers=room.headers(room.chair), json={"phase": "questions"})
    timer = back.get_json()["timer"]
    assert back.status_code == 200 and timer["kind"] == "report"
    assert timer["remaining"] == report["seconds"] - 300 and timer["running"] is False
    # running when the chair moved on: it runs on from what was left
    _ran(app, debrief, 420, running=True)
    step(client, room, debrief, "questions")
    timer = client.post(undo, headers=room.headers(room.chair),
                        json={"phase": "questions"}).get_json()["timer"]
    assert timer["running"] and report["seconds"] - 420 - 5 < timer["remaining"] <= (
        report["seconds"] - 420)
    # a questioner on the floor when the chair moved on: their question's time left comes back
    step(client, room, debrief, "questions")
    assert ask(client, room, d[0], debrief["queue_id"]).status_code == 201
    called = client.post(f"/api/v1/queues/{debrief['queue_id']}/next",
                         headers=room.headers(room.chair))
    assert called.status_code == 200
    question = client.get(f"/api/v1/debriefs/{did}", headers=room.headers(room.chair)
                          ).get_json()["timer"]
    assert question["kind"] == "question"
    _ran(app, debrief, 100, running=False)
    step(client, room, debrief, "comment")
    timer = client.post(undo, headers=room.headers(room.chair),
                        json={"phase": "comment"}).get_json()["timer"]
    assert timer["kind"] == "question" and timer["remaining"] == question["seconds"] - 100
    # two steps undone one after the other: each gets its own time back
    step(client, room, debrief, "comment")
    _ran(app, debrief, 30, running=False)
    step(client, room, debrief, "scoring")
    back = client.post(undo, headers=room.headers(room.chair), json={"phase": "scoring"})
    timer = back.get_json()["timer"]
    assert timer["kind"] == "comment" and timer["remaining"] == timer["seconds"] - 30
    from congress.debriefs.models import Debrief
    from congress.extensions import db
    with app.app_context():  # what is left to give back is the questions step's countdown
        left = db.session.get(Debrief, did).timers_left
        assert [t["kind"] for t in left] == [None, "report", "question"]


def test_undoing_the_report_step_is_for_a_mis_click_only(app, client, room):
    """开始述职 can be undone while the report has run a minute at most
    (DEBRIEF_REPORT_UNDO_SECONDS); later the reporter has begun: 409 cannot_undo, nothing
    changes. A pause does not count."""
    debrief = new_debrief(client, room)
    undo = f"/api/v1/debriefs/{debrief['id']}/phase/undo"
    advance_to(client, room, debrief, "report")
    _ran(app, debrief, 50, running=True)
    back = client.post(undo, headers=room.headers(room.chair), json={"phase": "report"})
    assert back.status_code == 200 and back.get_json()["phase"] == "pending"
    advance_to(client, room, debrief, "report")
    _ran(app, debrief, 61, running=True)
    refused = client.post(undo, headers=room.headers(room.chair), json={"phase": "report"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "cannot_undo"
    assert "述职" in refused.get_json()["error"]["message"]
    assert client.get(f"/api/v1/debriefs/{debrief['id']}", headers=room.headers(room.chair)
                      ).get_json()["phase"] == "report"
    _ran(app, debrief, 30, running=False)                    # paused after half a minute
    assert client.post(undo, headers=room.headers(room.chair),
                       json={"phase": "report"}).status_code == 200
