"""An organisation's own stream (its work between meetings): it carries the organisation's
job events and nothing of a meeting's, a meeting's stream carries none of the organisation's,
a reconnect with Last-Event-ID gets what it missed, and another organisation's stream is not
found; a unit or a delegate receives only what is named for them."""
from congress.core import live
from congress.extensions import db
from tests.helpers import bearer, read_until, token_for


def _root_id(app):
    """The root organisation's id: after the test's accounts are made (the first of them
    makes the root; on PostgreSQL its id is not 1 again in a later test)."""
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
    mid, account = make.meeting(), make.user("secretariat")
    oid, token = _root_id(app), token_for(app.test_client(), account)
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
    mid, account = make.meeting(), make.user("secretariat")
    oid, token = _root_id(app), token_for(app.test_client(), account)
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
    committee = make.user("committee")  # neither staff nor a unit or delegate: nothing to follow
    answer = app.test_client().get(f"/api/v1/organisations/{_root_id(app)}/events",
                                   headers=bearer(token_for(app.test_client(), committee)))
    assert answer.status_code == 403


def test_a_unit_and_a_delegate_receive_only_what_is_named_for_them(app, make):
    """On the organisation's channel the staff receive everything; a unit's user only the
    events named for its unit, a delegate only those named for them: live and in the backlog
    a reconnect reads. Neither receives the organisation's jobs."""
    staff = make.user("secretariat")
    unit_user, other_unit_user = make.user("unit"), make.user("unit")
    delegate = make.delegate(make.meeting())
    oid = _root_id(app)
    with app.app_context():
        from congress.people.models import User

        unit_id = db.session.get(User, unit_user.id).unit_id
        delegate_id = db.session.get(User, delegate.id).delegate.id

    def publish(audience, n):
        with app.app_context():
            event = live.publish_to_organisation(oid, "concern", {"id": n}, audience=audience)
            db.session.commit()
            return event.id

    first = publish((), 0) - 1
    publish({f"unit:{unit_id}"}, 1)
    publish({f"delegate:{delegate_id}"}, 2)
    publish({f"unit:{unit_id}", f"delegate:{delegate_id}"}, 3)
    last = publish((), 4)
    url = f"/api/v1/organisations/{oid}/events"
    expected = [(staff, [0, 1, 2, 3, 4]), (unit_user, [1, 3]), (delegate, [2, 3]),
                (other_unit_user, [])]
    for account, ids in expected:
        token = token_for(app.test_client(), account)
        response, chunks = _open(app.test_client(), url, token, after=first)
        try:
            publish((), 99)  # a marker every stream waits for: only the staff's gets it ...
            end = b'"id":99' if account is staff else b": heartbeat"
            received = read_until(chunks, end).decode()
        finally:
            response.close()
        got = [int(line.split('"id":')[1].rstrip("}")) for line in received.splitlines()
               if line.startswith("data:")]
        assert [n for n in got if n != 99] == ids, account.role
    assert last > first
