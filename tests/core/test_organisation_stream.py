"""An organisation's own stream (its work between meetings): it carries the organisation's
job events and nothing of a meeting's, a meeting's stream carries none of the organisation's,
a reconnect with Last-Event-ID gets what it missed, and another organisation's stream is not
found."""
from congress.core import live
from congress.extensions import db
from tests.helpers import bearer, read_until, token_for


def _root_id(app):
    from congress.organisations.services import root_organisation

    with app.app_context():
        return root_organisation().id


def _publish(app, **where):
    """One event on the organisation's channel or the meeting's; its id."""
    with app.app_context():
        if "organisation" in where:
            event = live.publish_to_organisation(where["organisation"], "job",
                                                 {"id": "o", "status": "running"})
        else:
            event = live.publish(where["meeting"], "note", {"to": "meeting"})
        db.session.commit()
        return event.id


def _open(client, url, token, after=None):
    headers = bearer(token) | ({"Last-Event-ID": str(after)} if after is not None else {})
    response = client.get(url, buffered=False, headers=headers)
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    chunks = iter(response.response)
    assert b": connected" in next(chunks)
    return response, chunks


def test_each_channel_gets_its_own_events(app, make):
    oid, mid = _root_id(app), make.meeting()
    token = token_for(app.test_client(), make.user("secretariat"))
    org_stream, org_chunks = _open(app.test_client(), f"/api/v1/organisations/{oid}/events",
                                   token)
    meeting_stream, meeting_chunks = _open(app.test_client(), f"/api/v1/meetings/{mid}/events",
                                           token)
    try:
        _publish(app, meeting=mid)
        _publish(app, organisation=oid)
        _publish(app, meeting=mid)
        org_seen = read_until(org_chunks, b"event: job")
        meeting_seen = read_until(meeting_chunks, b"event: note")
        meeting_seen += read_until(meeting_chunks, b"event: note")
        assert b"event: note" not in org_seen
        assert b"event: job" not in meeting_seen
    finally:
        org_stream.close()
        meeting_stream.close()


def test_a_reconnect_gets_the_organisations_events_it_missed(app, make):
    oid, mid = _root_id(app), make.meeting()
    token = token_for(app.test_client(), make.user("secretariat"))
    seen = _publish(app, organisation=oid)
    _publish(app, meeting=mid)
    missed = _publish(app, organisation=oid)
    response, chunks = _open(app.test_client(), f"/api/v1/organisations/{oid}/events", token,
                             after=seen)
    try:
        received = read_until(chunks, f"id: {missed}".encode())
        assert received.count(b"event: job") == 1 and b"event: note" not in received
    finally:
        response.close()


def test_another_organisations_stream_is_not_found(app, make):
    from congress.organisations.services import create_organisation, root_organisation

    with app.app_context():
        other = create_organisation(None, name="另一县委", parent=root_organisation(),
                                    level="county")
        db.session.commit()
        other_id = other.id
    token = token_for(app.test_client(), make.user("secretariat"))
    answer = app.test_client().get(f"/api/v1/organisations/{other_id}/events",
                                   headers=bearer(token))
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"
    delegate = make.delegate(make.meeting())
    answer = app.test_client().get(f"/api/v1/organisations/{_root_id(app)}/events",
                                   headers=bearer(token_for(app.test_client(), delegate)))
    assert answer.status_code == 403
