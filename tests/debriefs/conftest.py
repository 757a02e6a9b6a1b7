"""Debrief fixtures: the ballots' room (5 delegates, 4 checked in, staff tokens) and helpers."""
import pytest

from tests.ballots.conftest import Room, room  # noqa: F401  (re-exported fixture)


def new_debrief(client, room, name="王书记", title="瑶海区委书记", **extra):
    r = client.post(f"/api/v1/meetings/{room.mid}/debriefs", headers=room.headers(room.secretariat),
                    json={"reporter_name": name, "reporter_title": title} | extra)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def step(client, room, debrief, phase, expect=200):
    r = client.post(f"/api/v1/debriefs/{debrief['id']}/phase", headers=room.headers(room.chair),
                    json={"phase": phase})
    assert r.status_code == expect, r.get_json()
    return r.get_json()


def advance_to(client, room, debrief, phase):
    order = ["pending", "report", "questions", "comment", "scoring", "closed"]
    body = client.get(f"/api/v1/debriefs/{debrief['id']}",
                      headers=room.headers(room.chair)).get_json()
    for wanted in order[order.index(body["phase"]) + 1: order.index(phase) + 1]:
        body = step(client, room, debrief, wanted)
    return body


def ask(client, room, delegate, queue_id, kind="question", text=None):
    return client.post(f"/api/v1/queues/{queue_id}/requests", headers=room.headers(delegate),
                       json={"kind": kind} | ({"text": text} if text else {}))


@pytest.fixture
def debrief(client, room):
    return new_debrief(client, room)
