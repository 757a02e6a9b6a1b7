"""The secretariat's list of overdue concerns and 督办: a follow-up is recorded (audit), reminds
those who must act, and is refused for a concern that is not overdue or by anyone else."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from congress.core.audit import AuditEntry
from congress.core.notifications import Notification
from congress.followup.models import ConcernFollowUp
from tests.followup import world as w
from tests.followup.test_reminders import _today
from tests.helpers import csrf_from, login


@pytest.fixture
def world(app, make):
    return w.build(app, make, emails=False)


def _count(app, model, *where):
    with app.app_context():
        return db_count(model, *where)


def db_count(model, *where):
    from congress.extensions import db
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_overdue_list_flags_late_concerns_only(app, world, client):
    today = _today(app)
    late = w.concern(app, world, step="referred", due_on=today - timedelta(days=1))
    late_referral = w.concern(app, world, refer_by=today - timedelta(days=2))
    on_time = w.concern(app, world, step="referred", due_on=today + timedelta(days=5))
    answered = w.concern(app, world, step="answered", refer_by=today - timedelta(days=2))
    login(client, world.secretariat)
    page = client.get(f"/organisations/{world.organisation_id}/concerns/overdue")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for cid in (late, late_referral):
        assert f'data-concern="{cid}"' in html
    for cid in (on_time, answered):
        assert f'data-concern="{cid}"' not in html
    assert "答复逾期" in html and "转办逾期" in html
    assert "王大妈" not in html and "13800000000" not in html


def test_a_follow_up_is_recorded_and_reminds_the_unit(app, world, client):
    late = w.concern(app, world, step="referred", due_on=_today(app) - timedelta(days=1))
    login(client, world.secretariat)
    url = f"/organisations/{world.organisation_id}/concerns/overdue"
    response = client.post(f"/concerns/{late}/follow-up",
                           data={"note": "请本周内答复", "csrf_token": csrf_from(client, url)})
    assert response.status_code == 303
    assert _count(app, ConcernFollowUp, ConcernFollowUp.concern_id == late) == 1
    assert _count(app, AuditEntry, AuditEntry.action == "concern.follow_up",
                  AuditEntry.target_id == late) == 1
    with app.app_context():
        from congress.extensions import db
        reminded = {n.user_id: n for n in db.session.scalars(select(Notification).where(
            Notification.kind == "concern.follow_up"))}
    assert set(reminded) == {u.id for u in world.unit_users}
    assert all("请本周内答复" in n.body and "督办" in n.subject for n in reminded.values())
    html = client.get(url).get_data(as_text=True)
    assert "已督办" in html
    assert "督办逾期诉求" in client.get("/audit/").get_data(as_text=True)  # the log in words


def test_a_concern_that_is_not_overdue_cannot_be_followed_up(app, world, client):
    on_time = w.concern(app, world, step="referred", due_on=_today(app) + timedelta(days=3))
    login(client, world.secretariat)
    url = f"/organisations/{world.organisation_id}/concerns/overdue"
    response = client.post(f"/concerns/{on_time}/follow-up",
                           data={"csrf_token": csrf_from(client, url)})
    assert response.status_code == 303
    assert "只有逾期的诉求才能督办" in client.get(url).get_data(as_text=True)
    assert _count(app, ConcernFollowUp) == 0


@pytest.mark.parametrize("who", ["delegate", "unit"])
def test_only_the_secretariat_follows_up(app, world, client, who):
    late = w.concern(app, world, step="referred", due_on=_today(app) - timedelta(days=1))
    account = world.delegate if who == "delegate" else world.unit_users[0]
    login(client, account)
    token = csrf_from(client, "/notifications")
    assert client.post(f"/concerns/{late}/follow-up",
                       data={"csrf_token": token}).status_code == 403
    assert client.get(f"/organisations/{world.organisation_id}/concerns/overdue"
                      ).status_code == 403
    assert client.post("/concerns/999999/follow-up",
                       data={"csrf_token": token}).status_code == 404
    assert _count(app, ConcernFollowUp) == 0


def test_the_concern_page_leads_the_secretariat_to_the_follow_up(app, world, client):
    late = w.concern(app, world, step="referred", due_on=_today(app) - timedelta(days=1))
    on_time = w.concern(app, world, step="referred", due_on=_today(app) + timedelta(days=3))
    login(client, world.secretariat)
    page = client.get(f"/concerns/{late}").get_data(as_text=True)
    assert (f'href="/organisations/{world.organisation_id}/concerns/overdue#concern-{late}"'
            in page)
    assert 'data-testid="follow-up-link"' not in client.get(f"/concerns/{on_time}").get_data(
        as_text=True)
    unit = app.test_client()
    login(unit, world.unit_users[0])
    assert 'data-testid="follow-up-link"' not in unit.get(f"/concerns/{late}").get_data(
        as_text=True)


def test_a_follow_up_is_announced_live_and_the_list_follows(app, world, client):
    """The overdue list follows the organisation's stream; a follow-up is a `concern` event
    with the id only, named for the unit it waits on."""
    from congress.core.live import Event
    from congress.extensions import db

    late = w.concern(app, world, step="referred", due_on=_today(app) - timedelta(days=1))
    login(client, world.secretariat)
    url = f"/organisations/{world.organisation_id}/concerns/overdue"
    html = client.get(url).get_data(as_text=True)
    assert (f'data-live-stream="/api/v1/organisations/{world.organisation_id}/events"' in html
            and 'data-live-on="concern"' in html)
    with app.app_context():
        before = db.session.scalar(select(func.max(Event.id))) or 0
    assert client.post(f"/concerns/{late}/follow-up", data={
        "note": "", "csrf_token": csrf_from(client, url)}).status_code == 303
    with app.app_context():
        events = [(e.organisation_id, e.data, e.audience) for e in db.session.scalars(
            select(Event).where(Event.id > before, Event.type == "concern"))]
    assert [(oid, data) for oid, data, _audience in events] == [
        (world.organisation_id, {"id": late})]
    assert f"unit:{world.unit_id}" in events[0][2].split()
