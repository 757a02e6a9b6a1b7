"""The live engine: events are written with the change or not at all, a stream resumes after
Last-Event-ID with exactly the later events, pages hear about changes, and on PostgreSQL an
event committed by another process reaches this process's stream."""
import json
import os
import subprocess
import sys

import pytest

from congress.core import live
from congress.extensions import db
from tests.debriefs.conftest import advance_to, ask


def read_events(response, count, limit=200):
    """The first `count` events (id, type, data) of an SSE response; heartbeats are skipped.
    Fails after `limit` chunks (each heartbeat is one chunk) rather than hanging."""
    events, buffer = [], ""
    chunks = iter(response.response)
    for _ in range(limit):
        chunk = next(chunks)
        buffer += chunk.decode() if isinstance(chunk, bytes) else chunk
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            fields = dict(line.split(": ", 1) for line in block.splitlines()
                          if ": " in line and not line.startswith(":"))
            if "event" in fields:
                events.append((int(fields["id"]) if "id" in fields else None, fields["event"],
                               json.loads(fields["data"])))
                if len(events) == count:
                    response.close()
                    return events
    response.close()
    raise AssertionError(f"only {len(events)} of {count} events arrived: {events}")


def stream(client, room, account, after=None, **headers):
    url = f"/api/v1/meetings/{room.mid}/events"
    if after is not None:
        headers["Last-Event-ID"] = str(after)
    response = client.get(url, headers=room.headers(account) | headers, buffered=False)
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    return response


def event_rows(app):
    with app.app_context():
        return [(e.id, e.type, e.data)
                for e in db.session.query(live.Event).order_by(live.Event.id)]


def test_an_event_is_written_with_its_change_and_not_without_it(app, client, room, debrief):
    before = event_rows(app)
    r = client.post(f"/api/v1/debriefs/{debrief['id']}/phase", headers=room.headers(room.chair),
                    json={"phase": "questions"})  # refused: wrong phase
    assert r.status_code == 409
    assert event_rows(app) == before
    advance_to(client, room, debrief, "report")
    after = event_rows(app)
    assert [t for _, t, _ in after[len(before):]] == ["phase"]
    assert after[-1][2]["phase"] == "report" and after[-1][2]["debrief_id"] == debrief["id"]


def test_a_rolled_back_service_call_announces_nothing(app, room, debrief):
    from congress.debriefs import services
    from congress.debriefs.models import Debrief
    before = event_rows(app)
    with app.app_context():
        services.set_phase(None, db.session.get(Debrief, debrief["id"]), "report")
        assert any(isinstance(o, live.Event) for o in db.session.new)
        db.session.rollback()
    assert event_rows(app) == before


def test_resume_with_last_event_id_returns_exactly_the_later_events(app, client, room, debrief):
    advance_to(client, room, debrief, "questions")
    ask(client, room, room.delegates[0], debrief["queue_id"])
    ask(client, room, room.delegates[1], debrief["queue_id"])
    rows = [r for r in event_rows(app)]
    mark = rows[-3][0]
    expected = [(i, t) for i, t, _ in rows if i > mark]
    got = read_events(stream(client, room, room.delegates[2], after=mark), len(expected))
    assert [(i, t) for i, t, _ in got] == expected
    # and a reconnect after the last one gets nothing old: the next event is a new one
    response = stream(client, room, room.delegates[2], after=rows[-1][0])
    # the subscription exists once the response does: a change made now must arrive
    client.post(f"/api/v1/queues/{debrief['queue_id']}/next", headers=room.headers(room.chair))
    got = read_events(response, 1)
    assert got[0][0] > rows[-1][0] and got[0][1] in ("queue", "timer")


def test_a_stream_gets_live_events_after_connecting(app, client, room, debrief):
    response = stream(client, room, room.chair)
    r = app.test_client().post(f"/api/v1/debriefs/{debrief['id']}/phase",
                               headers=room.headers(room.chair), json={"phase": "report"})
    assert r.status_code == 200, r.get_json()
    (event_id, kind, data), = read_events(response, 1)
    assert kind == "phase" and data["phase"] == "report" and event_id is not None


def test_events_of_other_meetings_do_not_arrive_and_outsiders_are_refused(app, client, room,
                                                                           make, debrief):
    stranger_meeting = make.meeting()
    stranger = make.delegate(stranger_meeting)
    from tests.helpers import bearer, token_for
    r = client.get(f"/api/v1/meetings/{room.mid}/events",
                   headers=bearer(token_for(client, stranger)))
    assert r.status_code == 403
    assert client.get(f"/api/v1/meetings/{room.mid}/events").status_code == 401
    assert client.get(f"/api/v1/meetings/{room.mid}/events", headers=room.headers(room.chair)
                      | {"Last-Event-ID": "abc"}).status_code == 422


def test_turnout_ticks_carry_counts_but_never_choices(app, client, room, debrief):
    body = advance_to(client, room, debrief, "scoring")
    ballot = client.get(f"/api/v1/ballots/{body['ballot_id']}",
                        headers=room.headers(room.chair)).get_json()
    response = stream(client, room, room.chair)
    app.test_client().post(
        f"/api/v1/ballots/{ballot['id']}/votes", headers=room.headers(room.delegates[0]),
        json={"choices": {str(ballot["subjects"][0]["id"]): ballot["options"][0]["id"]}})
    (event_id, kind, data), = read_events(response, 1)
    assert kind == "turnout" and event_id is None
    assert data == {"ballot_id": ballot["id"], "status": "open", "eligible": 4, "voted": 1}


PUBLISHER = """
import sys
sys.path.insert(0, {root!r})
from congress import create_app
from config import TestConfig
from congress.core import live
from congress.extensions import db

class C(TestConfig):
    SQLALCHEMY_DATABASE_URI = {url!r}

app = create_app(C)
with app.app_context():
    live.publish({mid}, "debrief", {{"from": "another process"}})
    db.session.commit()
"""


@pytest.mark.postgres
def test_an_event_committed_by_another_process_reaches_this_stream(app, client, room):
    response = stream(client, room, room.chair)
    code = PUBLISHER.format(root=os.getcwd(), url=app.config["SQLALCHEMY_DATABASE_URI"],
                            mid=room.mid)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    (_, kind, data), = read_events(response, 1, limit=400)
    assert kind == "debrief" and data == {"from": "another process"}
