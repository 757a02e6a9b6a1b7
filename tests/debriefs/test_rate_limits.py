"""One delegate cannot flood the room: floor requests and withdrawals are rate-limited per user
(page and API together), event-stream connections per user, token or projector link, and one
owner holds only a few streams at once."""
import re

import pytest
from sqlalchemy import func, select

from congress.core.live import Event
from congress.extensions import db
from tests.debriefs.conftest import advance_to, ask
from tests.helpers import csrf_from, login, read_until


def limit_of(app, name):
    """The first number of a limit string such as '6 per minute;20 per hour'."""
    return int(re.match(r"\s*(\d+)", app.config[name]).group(1))


def event_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Event.id)))


def withdraw(client, room, delegate, queue_id, request_id):
    return client.delete(f"/api/v1/queues/{queue_id}/requests/{request_id}",
                         headers=room.headers(delegate))


def test_the_floor_request_past_the_limit_is_refused_in_chinese_and_changes_nothing(
        app, client, room, debrief):
    advance_to(client, room, debrief, "questions")
    delegate, qid = room.delegates[0], debrief["queue_id"]
    limit = limit_of(app, "FLOOR_REQUEST_RATE_LIMIT")
    request_id = None

    def next_action():  # request, withdraw, request, ...: each counts
        if request_id is None:
            return ask(client, room, delegate, qid)
        return withdraw(client, room, delegate, qid, request_id)

    for _ in range(limit):
        r = next_action()
        assert r.status_code in (201, 204), r.get_json()
        request_id = r.get_json()["id"] if r.status_code == 201 else None

    def waiting():
        queue = client.get(f"/api/v1/queues/{qid}", headers=room.headers(room.chair)).get_json()
        return [w["id"] for w in queue["waiting"]]

    before, waiting_before = event_count(app), waiting()
    r = next_action()
    assert r.status_code == 429
    error = r.get_json()["error"]
    assert error["code"] == "rate_limited"
    assert "频繁" in error["message"]
    assert "Retry-After" in r.headers
    assert event_count(app) == before
    assert waiting() == waiting_before  # the refused request or withdrawal did nothing
    # another delegate is not affected
    assert ask(client, room, room.delegates[1], qid).status_code == 201


def test_the_page_and_the_api_share_one_count(app, client, room, debrief):
    advance_to(client, room, debrief, "questions")
    delegate, qid = room.delegates[0], debrief["queue_id"]
    limit = limit_of(app, "FLOOR_REQUEST_RATE_LIMIT")
    r = ask(client, room, delegate, qid)
    for _ in range(limit - 1):  # the rest of the allowance on the API (409s count too)
        ask(client, room, delegate, qid)
    tablet = app.test_client()
    login(tablet, delegate)
    before = event_count(app)
    page = tablet.post(f"/requests/{r.get_json()['id']}/withdraw",
                       data={"csrf_token": csrf_from(tablet, f"/meetings/{room.mid}/tablet")})
    assert page.status_code == 429
    assert "频繁" in page.get_data(as_text=True)
    assert event_count(app) == before


def test_the_chair_rejecting_is_not_limited(app, client, room, debrief):
    advance_to(client, room, debrief, "questions")
    qid = debrief["queue_id"]
    limit = limit_of(app, "FLOOR_REQUEST_RATE_LIMIT")
    requests = [ask(client, room, d, qid).get_json()["id"] for d in room.delegates[:3]]
    for _ in range(limit):  # more than a delegate may: the 409s of rejecting again count too
        assert client.delete(f"/api/v1/queues/{qid}/requests/{requests[0]}",
                             headers=room.headers(room.chair)).status_code in (204, 409)
    assert client.delete(f"/api/v1/queues/{qid}/requests/{requests[1]}",
                         headers=room.headers(room.chair)).status_code == 204


# --- event streams --------------------------------------------------------------------------

def open_stream(client, url, headers=None):
    response = client.get(url, buffered=False, headers=headers or {})
    return response


def test_stream_connections_past_the_limit_are_refused(app, client, room):
    url = f"/api/v1/meetings/{room.mid}/events"
    headers = room.headers(room.delegates[0])
    limit = limit_of(app, "LIVE_STREAM_RATE_LIMIT")
    for _ in range(limit):
        r = open_stream(client, url, headers)
        assert r.status_code == 200
        r.close()
    r = open_stream(client, url, headers)
    assert r.status_code == 429
    assert r.get_json()["error"]["code"] == "rate_limited"
    assert "频繁" in r.get_json()["error"]["message"] or "过多" in r.get_json()["error"]["message"]
    # someone else still connects
    other = open_stream(client, url, room.headers(room.delegates[1]))
    assert other.status_code == 200
    other.close()



def test_one_token_holds_no_more_than_the_cap_of_streams(app, client, room):
    """The (cap+1)-th stream of one token is not added to the others: the oldest ends (a
    `closed` event, reason `replaced`), so the token never holds more than the cap."""
    broker = app.extensions["live_broker"]
    cap = app.config["LIVE_STREAMS_PER_OWNER"]
    delegate = room.delegates[0]
    url = f"/api/v1/meetings/{room.mid}/events"
    streams = []
    try:
        for _ in range(cap):
            r = open_stream(client, url, room.headers(delegate))
            assert r.status_code == 200
            chunks = iter(r.response)
            next(chunks)
            streams.append((r, chunks))
        key = f"user:{delegate.id}"
        assert broker.streams_of(key) == cap
        extra = open_stream(client, url, room.headers(delegate))
        streams.append((extra, iter(extra.response)))
        next(streams[-1][1])
        assert broker.streams_of(key) == cap
        oldest = streams[0][1]
        assert b'"reason":"replaced"' in read_until(oldest, b"event: closed")
        with pytest.raises(StopIteration):
            next(oldest)
    finally:
        for response, _ in streams:
            response.close()
    assert broker.streams_of(f"user:{delegate.id}") == 0


# --- the projector's stream lives at the API's path -------------------------------------------

def projector_key(app, mid):
    from congress.core.projector import projector_key as key_of
    from congress.meetings.models import Meeting

    with app.app_context():
        return key_of(db.session.get(Meeting, mid))


def test_the_projector_link_streams_from_the_api_path_without_an_account(app, room):
    key = projector_key(app, room.mid)
    anonymous = app.test_client()
    r = open_stream(anonymous, f"/api/v1/meetings/{room.mid}/events?key={key}")
    try:
        assert r.status_code == 200 and r.mimetype == "text/event-stream"
        assert b": connected" in next(iter(r.response))
    finally:
        r.close()
    assert anonymous.get(f"/api/v1/meetings/{room.mid}/events?key=wrong").status_code == 403
    assert anonymous.get(f"/api/v1/meetings/{room.mid}/events").status_code == 401


def test_the_old_projector_stream_url_sends_to_the_api_path(app, room):
    key = projector_key(app, room.mid)
    r = app.test_client().get(f"/projector/{room.mid}/events?key={key}")
    assert r.status_code == 307
    assert r.location == f"/api/v1/meetings/{room.mid}/events?key={key}"


def test_the_projector_page_points_its_stream_at_the_api_path(app, room):
    key = projector_key(app, room.mid)
    page = app.test_client().get(f"/projector/{room.mid}?key={key}").get_data(as_text=True)
    assert f'data-live-stream="/api/v1/meetings/{room.mid}/events?key={key}"' in page


def test_projector_links_are_limited_per_address(app, room):
    key = projector_key(app, room.mid)
    url = f"/api/v1/meetings/{room.mid}/events?key={key}"
    limit = limit_of(app, "LIVE_STREAM_RATE_LIMIT")
    hall = app.test_client()
    hall.environ_base["REMOTE_ADDR"] = "10.5.5.5"
    for _ in range(limit):
        hall.get(url, buffered=False).close()
    assert hall.get(url, buffered=False).status_code == 429
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.5.5.6"
    r = other.get(url, buffered=False)
    assert r.status_code == 200
    r.close()
