"""A concern's every step is a live `concern` event on its organisation's stream, carrying
its id and nothing else (no text, no resident), named for the unit it is referred to and the
delegate who took it; the pages that show concerns follow it."""
from congress.core import live
from congress.extensions import db
from tests.helpers import login, read_until
from tests.studios.test_concerns_api import call, take


def _concern_events(app):
    from congress.core.live import Event

    with app.app_context():
        return [(e.organisation_id, e.meeting_id, e.data, e.audience)
                for e in db.session.scalars(
                    db.select(Event).where(Event.type == "concern").order_by(Event.id))]


def _delegate_token(app, world):
    from congress.people.models import User

    with app.app_context():
        return f"delegate:{db.session.get(User, world.on_duty.id).delegate.id}"


def _root_id(app):
    from congress.organisations.services import root_organisation

    with app.app_context():
        return root_organisation().id


def test_every_step_is_announced_with_the_id_only(app, client, world):
    cid = take(client, world)["id"]
    assert call(client, world.on_duty, "post", f"/api/v1/concerns/{cid}/referral",
                {"unit_id": world.unit_id}).status_code == 200
    assert call(client, world.unit_user, "post", f"/api/v1/concerns/{cid}/replies",
                {"text": "已安排维修"}).status_code == 200
    assert call(client, world.secretariat, "post", f"/api/v1/concerns/{cid}/feedback",
                {"rating": "satisfied"}).status_code == 200
    oid, unit, delegate = _root_id(app), f"unit:{world.unit_id}", _delegate_token(app, world)
    resident = f"concern:{cid}"  # the tracking code's stream
    assert _concern_events(app) == [  # taken, referred, replied, rated
        (oid, None, {"id": cid}, " ".join(sorted({resident, delegate})))] + [
        (oid, None, {"id": cid}, " ".join(sorted({resident, delegate, unit})))] * 3


def test_the_staff_pages_follow_the_organisations_stream(app, client, world):
    cid = take(client, world)["id"]
    oid = _root_id(app)
    stream = f'data-live-stream="/api/v1/organisations/{oid}/events"'
    login(client, world.secretariat)
    for url in (f"/concerns/{cid}", f"/organisations/{oid}/studios",
                f"/studios/{world.studio_id}"):
        html = client.get(url).get_data(as_text=True)
        assert stream in html and 'data-live-on="concern"' in html, url
    page = client.get(f"/concerns/{cid}").get_data(as_text=True)
    assert f'data-live-match="id={cid}"' in page
    # the delegate who took it and the unit it is referred to follow it too (their part of
    # the stream: tests/core/test_organisation_stream.py)
    assert call(client, world.on_duty, "post", f"/api/v1/concerns/{cid}/referral",
                {"unit_id": world.unit_id}).status_code == 200
    for account, url in ((world.on_duty, f"/concerns/{cid}"), (world.on_duty, "/my/duties"),
                         (world.unit_user, f"/concerns/{cid}"), (world.unit_user, "/handling")):
        login(client, account)
        html = client.get(url).get_data(as_text=True)
        assert stream in html and 'data-live-on="concern"' in html, (account.role, url)


def test_the_tracking_code_follows_its_own_concern_and_nothing_else(app, client, world):
    """The resident's stream (no account) carries the steps of the concern whose code it
    names: not another concern's, not the staff's jobs; an unknown code finds nothing."""
    mine, other = take(client, world), take(client, world)
    oid = _root_id(app)
    with app.app_context():
        before = live.latest_id()
        live.publish_to_organisation(oid, "job", {"id": "x", "status": "running"})
        db.session.commit()
    assert call(client, world.on_duty, "post", f"/api/v1/concerns/{other['id']}/referral",
                {"unit_id": world.unit_id}).status_code == 200
    assert call(client, world.on_duty, "post", f"/api/v1/concerns/{mine['id']}/referral",
                {"unit_id": world.unit_id}).status_code == 200
    anonymous = app.test_client()
    url = f"/api/v1/public/concerns/{mine['tracking_code'].lower()}/events"
    response = anonymous.get(url, buffered=False, headers={"Last-Event-ID": str(before)})
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    try:
        chunks = iter(response.response)
        backlog = read_until(chunks, b"event: concern")
        assert call(client, world.unit_user, "post", f"/api/v1/concerns/{mine['id']}/replies",
                    {"text": "已安排维修"}).status_code == 200
        received = backlog + read_until(chunks, b"event: concern", seconds=10)
    finally:
        response.close()
    ours = f'data: {{"id":{mine["id"]}}}\n'.encode()
    assert received.count(b"event: concern") == received.count(ours) >= 2
    assert f'{{"id":{other["id"]}}}'.encode() not in received and b"event: job" not in received
    missing = anonymous.get("/api/v1/public/concerns/ZZZZZZZZZZZZ/events")
    assert missing.status_code == 404 and "error" in missing.get_json()
