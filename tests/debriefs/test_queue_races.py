"""The question queue under simultaneous presses: the questioner limit holds, each delegate
holds at most one place, and a withdrawal racing an admission ends in one consistent state."""

from functools import partial

import pytest

from tests.helpers import at_once, bearer, token_for


def _room(app, make, count):
    client = app.test_client()
    mid = make.meeting()
    delegates = make.delegates(mid, count)
    for d in delegates:
        make.check_in(d)
    secretariat, chair = make.user("secretariat"), make.user("chair")
    debrief = client.post(f"/api/v1/meetings/{mid}/debriefs",
                          headers=bearer(token_for(client, secretariat)),
                          json={"reporter_name": "王书记", "reporter_title": "瑶海区委书记"}
                          ).get_json()
    chair_headers = bearer(token_for(client, chair))
    for phase in ("report", "questions"):
        assert client.post(f"/api/v1/debriefs/{debrief['id']}/phase", headers=chair_headers,
                           json={"phase": phase}).status_code == 200
    tokens = [token_for(client, d) for d in delegates]
    return client, debrief["queue_id"], tokens, chair_headers


def _press(app, qid, token):
    def call():
        r = app.test_client().post(f"/api/v1/queues/{qid}/requests", headers=bearer(token),
                                   json={"kind": "question"})
        return r.status_code, r.get_json()
    return call


@pytest.mark.parametrize("presses_each", [1, 2])
def test_many_press_at_once_and_the_limit_holds(app, make, presses_each):
    """30 delegates (each pressing once or twice) against the default limit of 3."""
    client, qid, tokens, chair = _room(app, make, 30)
    answers = at_once([_press(app, qid, t) for t in tokens for _ in range(presses_each)])
    accepted = [body for code, body in answers if code == 201]
    assert len(accepted) == 3
    assert len({body["delegate"]["id"] for body in accepted}) == 3
    assert sorted(body["position"] for body in accepted) == [1, 2, 3]
    refused = [body["error"]["code"] for code, body in answers if code != 201]
    assert all(code == 409 for code, _ in answers if code != 201)
    assert set(refused) <= {"limit_reached", "already_waiting"}
    queue = client.get(f"/api/v1/queues/{qid}", headers=chair).get_json()
    assert [w["position"] for w in queue["waiting"]] == [1, 2, 3]
    assert {w["id"] for w in queue["waiting"]} == {body["id"] for body in accepted}


def _withdraw(app, qid, request_id, headers):
    """The status code of withdrawing the request, from a client of its own."""
    return app.test_client().delete(f"/api/v1/queues/{qid}/requests/{request_id}",
                                    headers=headers).status_code


def _admit(app, qid, headers):
    """The request given the floor by the chair's "next", from a client of its own."""
    return app.test_client().post(f"/api/v1/queues/{qid}/next",
                                  headers=headers).get_json()["current"]


def test_withdraw_while_being_admitted_ends_consistent(app, make):
    for _ in range(5):  # repeat: the race can go either way
        client, qid, tokens, chair = _room(app, make, 2)
        first = client.post(f"/api/v1/queues/{qid}/requests", headers=bearer(tokens[0]),
                            json={"kind": "question"}).get_json()
        second = client.post(f"/api/v1/queues/{qid}/requests", headers=bearer(tokens[1]),
                             json={"kind": "question"}).get_json()
        withdraw = partial(_withdraw, app, qid, first["id"], bearer(tokens[0]))
        admit = partial(_admit, app, qid, chair)
        withdrawn, current = at_once([withdraw, admit])
        queue = client.get(f"/api/v1/queues/{qid}", headers=chair).get_json()
        if withdrawn == 204:
            # the withdrawal came first: the second delegate got the floor
            assert current["id"] == second["id"]
            assert queue["current"]["id"] == second["id"] and queue["waiting"] == []
        else:
            # the admission came first: the first has the floor and can no longer withdraw
            assert withdrawn == 409 and current["id"] == first["id"]
            assert queue["current"]["id"] == first["id"]
            assert [w["id"] for w in queue["waiting"]] == [second["id"]]
