"""Every event stream goes to the stream server: each endpoint of the app that answers
text/event-stream matches the nginx location that docs/serving.md sends to the gevent
process, and nothing else does. The regex is read from the document, so the test fails when
the routes and the documented layout drift apart."""
import re
from pathlib import Path

import pytest
from werkzeug.routing.converters import NumberConverter

from tests.ballots.conftest import room  # noqa: F401  (the fixture)
from tests.debriefs.conftest import new_debrief
from tests.helpers import login

SERVING = Path(__file__).resolve().parents[2] / "docs" / "serving.md"
DOCUMENTS = (".pdf", ".xlsx", ".zip")
LOCATION = re.compile(r"location\s+~\s+(\S+)\s*\{(.*?)\n\s*\}", re.S)


def stream_locations():
    """The regexes of the nginx locations that proxy to the stream server."""
    text = SERVING.read_text(encoding="utf-8")
    found = [regex for regex, body in LOCATION.findall(text)
             if re.search(r"proxy_pass\s+http://congress_streams\s*;", body)]
    assert found, "docs/serving.md names no nginx location for congress_streams"
    return [re.compile(regex) for regex in found]


def goes_to_streams(path):
    return any(regex.search(path) for regex in stream_locations())


def sample_path(rule, ids):
    """The rule's path with each variable filled in: a real id (or tracking code) where the
    name says what it is, else the meeting's id or "x" (a 404 then answers HTML or JSON,
    never a stream)."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, NumberConverter):  # int (our bounded IdConverter too), float
            values[name] = ids.get(name, ids["mid"])
        else:
            values[name] = ids.get(name, "x")
    path = rule.rule
    for name, value in values.items():
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), path)
    return path


@pytest.fixture
def everything(app, client, make, room):
    """A secretariat signed in on the pages, a meeting with a debrief (queue) and a ballot."""
    debrief = new_debrief(client, room)
    ballot = client.post(f"/api/v1/meetings/{room.mid}/ballots",
                         headers=room.headers(room.secretariat),
                         json={"title": "测评", "kind": "rating",
                               "subjects": [{"title": "甲"}]}).get_json()
    page = app.test_client()
    login(page, room.secretariat)
    with app.app_context():  # the organisation's own id: on PostgreSQL it is not the meeting's
        from congress.extensions import db
        from congress.meetings.models import Meeting
        from congress.studios.models import Channel
        from congress.studios.services import create_studio, take_concern

        meeting = db.session.get(Meeting, room.mid)
        oid = meeting.organisation_id
        studio = create_studio(None, meeting.organisation, name="工作室")
        code = take_concern(None, studio, channel=Channel.online, text="楼梯湿滑").tracking_code
        db.session.commit()
    ids = {"mid": room.mid, "did": debrief["id"], "qid": debrief["queue_id"],
           "bid": ballot["id"], "oid": oid, "code": code}
    return page, ids


def test_every_event_stream_is_routed_to_the_stream_server(app, everything):
    page, ids = everything
    streams, others = [], []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or \
                rule.rule.endswith(DOCUMENTS):
            continue  # files and printed documents (seconds of rendering each) are no streams
        path = sample_path(rule, ids)
        response = page.get(path, buffered=False)
        try:
            is_stream = response.mimetype == "text/event-stream"
        finally:
            response.close()
        (streams if is_stream else others).append((rule.endpoint, path))

    assert ("api.events", f"/api/v1/meetings/{ids['mid']}/events") in streams
    assert ("api.organisation_events", f"/api/v1/organisations/{ids['oid']}/events") in streams
    assert ("api.public_tracking_events",
            f"/api/v1/public/concerns/{ids['code']}/events") in streams
    for endpoint, path in streams:
        assert goes_to_streams(path), f"{endpoint} ({path}) streams but nginx sends it to the app"
    for endpoint, path in others:
        assert not goes_to_streams(path), f"{endpoint} ({path}) is no stream but goes to streams"


def test_the_projector_link_streams_at_the_routed_path(app, room):
    from congress.core.projector import projector_key
    from congress.extensions import db
    from congress.meetings.models import Meeting

    with app.app_context():
        key = projector_key(db.session.get(Meeting, room.mid))
    page = app.test_client().get(f"/projector/{room.mid}?key={key}").get_data(as_text=True)
    stream = re.search(r'data-live-stream="([^"?]+)', page).group(1)
    assert goes_to_streams(stream)
