"""Exact counting under concurrency: every vote counted once, double votes refused by the
database, nothing lost when many delegates press at the same moment."""
import threading

import pytest
from sqlalchemy import func, select

from congress.ballots.models import BallotPaper, Participation
from congress.extensions import db
from tests.helpers import bearer, token_for


def _burst(app, mid, ballot, tokens, repeats):
    """Every token submits `repeats` times; all threads start together."""
    subject, option = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    jobs = [t for t in tokens for _ in range(repeats)]
    barrier = threading.Barrier(len(jobs))
    answers = []
    lock = threading.Lock()

    def press(token):
        client = app.test_client()
        barrier.wait()
        r = client.post(f"/api/v1/ballots/{ballot['id']}/votes", headers=bearer(token),
                        json={"choices": {str(subject): option}})
        with lock:
            answers.append((r.status_code, (r.get_json() or {}).get("receipt")))

    threads = [threading.Thread(target=press, args=(t,)) for t in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def _setup(app, client, make, count):
    mid = make.meeting()
    delegates = make.delegates(mid, count)
    for d in delegates:
        make.check_in(d)
    secretariat, chair = make.user("secretariat"), make.user("chair")
    ballot = client.post(f"/api/v1/meetings/{mid}/ballots",
                         headers=bearer(token_for(client, secretariat)),
                         json={"title": "并发测评", "kind": "rating",
                               "subjects": [{"title": "测评对象"}]}).get_json()
    assert client.post(f"/api/v1/ballots/{ballot['id']}/open",
                       headers=bearer(token_for(client, chair))).status_code == 200
    return mid, ballot, [token_for(client, d) for d in delegates], chair


def _check(app, client, ballot, chair, answers, voters):
    accepted = [receipt for code, receipt in answers if code == 201]
    assert len(accepted) == voters and len(set(accepted)) == voters
    assert sorted(code for code, _ in answers if code != 201) == [409] * (len(answers) - voters)
    closed = client.post(f"/api/v1/ballots/{ballot['id']}/close",
                         headers=bearer(token_for(client, chair))).get_json()
    assert closed["cast"] == voters
    assert closed["results"]["subjects"][0]["counts"][str(ballot["options"][0]["id"])] == voters
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participation)) == voters
        assert db.session.scalar(select(func.count()).select_from(BallotPaper)) == voters


def test_double_submissions_at_once_count_once(app, client, make):
    """On either database: 20 delegates each press twice at the same moment."""
    mid, ballot, tokens, chair = _setup(app, client, make, 20)
    answers = _burst(app, mid, ballot, tokens, repeats=2)
    _check(app, client, ballot, chair, answers, 20)


@pytest.mark.postgres
def test_200_delegates_submit_twice_at_once_on_postgresql(app, client, make):
    mid, ballot, tokens, chair = _setup(app, client, make, 200)
    answers = _burst(app, mid, ballot, tokens, repeats=2)
    _check(app, client, ballot, chair, answers, 200)


def test_close_while_votes_arrive_loses_nothing(app, client, make):
    """Votes racing the close are either counted or refused (409), never stored uncounted."""
    mid, ballot, tokens, chair = _setup(app, client, make, 30)
    barrier = threading.Barrier(31)
    answers = []

    def press(token):
        c = app.test_client()
        barrier.wait()
        r = c.post(f"/api/v1/ballots/{ballot['id']}/votes", headers=bearer(token),
                   json={"choices": {str(ballot["subjects"][0]["id"]): ballot["options"][0]["id"]}})
        answers.append(r.status_code)

    chair_token = token_for(client, chair)
    closed = {}

    def close():
        c = app.test_client()
        barrier.wait()
        closed.update(c.post(f"/api/v1/ballots/{ballot['id']}/close",
                             headers=bearer(chair_token)).get_json())

    threads = [threading.Thread(target=press, args=(t,)) for t in tokens]
    threads.append(threading.Thread(target=close))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(answers) <= {201, 409}
    assert closed["cast"] == answers.count(201)
    with app.app_context():
        papers = db.session.scalar(select(func.count()).select_from(BallotPaper))
        assert papers == answers.count(201)
