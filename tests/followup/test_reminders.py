"""Reminders of concern deadlines: who gets which, once (also with two workers at once, on
both databases), by email through a real SMTP server and in the app; a new deadline reminds
again; the inbox lists them and marks them read."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from congress.core.audit import AuditEntry
from congress.core.notifications import Notification
from congress.core.time import local_today
from congress.core.workdays import add_working_days
from congress.extensions import db
from congress.followup.reminders import find_due_reminders, remind
from tests.followup import world as w
from tests.helpers import at_once, login, post_form
from tests.smtp import smtp_server  # noqa: F401 (a fixture)


def _today(app):
    with app.app_context():
        return local_today()


def _run(app):
    with app.app_context():
        return remind()


def _reminders(app):
    """{(kind, concern id, user id)} of every notification made."""
    with app.app_context():
        return {(n.kind, n.object_id, n.user_id)
                for n in db.session.scalars(select(Notification))}


@pytest.fixture
def world(app, make):
    return w.build(app, make)


def _scene(app, world):
    """One concern in each situation; returns their ids by name."""
    today = _today(app)
    return {
        "late_referral": w.concern(app, world, refer_by=today - timedelta(days=1)),
        "fresh": w.concern(app, world, days_ago=0),
        "answered": w.concern(app, world, step="answered", refer_by=today - timedelta(days=3)),
        "reply_soon": w.concern(app, world, step="referred",
                                due_on=add_working_days(today, 1)),
        "reply_late": w.concern(app, world, step="referred", due_on=today - timedelta(days=1)),
        "reply_far": w.concern(app, world, step="referred", due_on=today + timedelta(days=40)),
    }


def test_each_deadline_reminds_the_people_who_must_act(app, world, smtp_server):
    ids = _scene(app, world)
    result = _run(app)
    secretariat, delegate = world.secretariat.id, world.delegate.id
    units = [u.id for u in world.unit_users]
    expected = {("concern.refer_overdue", ids["late_referral"], delegate),
                ("concern.refer_overdue", ids["late_referral"], secretariat),
                *{("concern.reply_due", ids["reply_soon"], u) for u in units},
                *{("concern.reply_overdue", ids["reply_late"], u) for u in units},
                ("concern.reply_overdue", ids["reply_late"], secretariat)}
    assert _reminders(app) == expected
    assert result == {"made": len(expected), "sent": len(expected), "failed": 0}
    mailed = sorted((m["To"], m["Subject"]) for m in smtp_server.messages)
    assert len(mailed) == len(expected)
    assert ("zhang@example.org",
            f"民情诉求第 {ids['late_referral']} 号未在期限内转办（应于 "
            f"{_today(app) - timedelta(days=1)} 前）。") in mailed
    assert all("王大妈" not in m.get_content() and "13800000000" not in m.get_content()
               for m in smtp_server.messages)  # the resident's name and phone stay out


def test_two_workers_at_once_remind_and_mail_once(app, world, smtp_server):
    _scene(app, world)
    results = at_once([lambda: _run(app), lambda: _run(app)])
    made = sum(r["made"] for r in results)
    assert made == len(_reminders(app)) == 7  # 2 + 2 + 3, as in the test above
    assert sum(r["sent"] for r in results) == 7
    assert len(smtp_server.messages) == 7
    assert len({(m["To"], m["Subject"]) for m in smtp_server.messages}) == 7
    assert _run(app) == {"made": 0, "sent": 0, "failed": 0}  # and never again
    assert len(smtp_server.messages) == 7
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "reminders.made")) == sum(1 for r in results if r["made"])


def test_a_new_deadline_reminds_again(app, world):
    today = _today(app)
    cid = w.concern(app, world, step="referred", due_on=today - timedelta(days=1))
    with app.app_context():
        assert find_due_reminders() == 3
        assert find_due_reminders() == 0
        from congress.studios.models import Concern
        db.session.get(Concern, cid).due_on = today - timedelta(days=2)  # re-referred, late
        db.session.commit()
        assert find_due_reminders() == 3


def test_the_inbox_lists_reminders_and_marks_them_read(app, world, client, make):
    w.concern(app, world, refer_by=_today(app) - timedelta(days=1))
    with app.app_context():
        find_due_reminders()
        mine = db.session.scalar(select(Notification).where(
            Notification.user_id == world.secretariat.id))
        theirs = db.session.scalar(select(Notification).where(
            Notification.user_id == world.delegate.id))
        mine_id, theirs_id = mine.id, theirs.id
    login(client, world.secretariat)
    page = client.get("/notifications").get_data(as_text=True)
    assert f'data-id="{mine_id}" data-read="no"' in page and f'data-id="{theirs_id}"' not in page
    assert 'data-testid="unread-count">1<' in page
    response = post_form(client, f"/notifications/{theirs_id}/read", page="/notifications")
    assert response.status_code == 404  # another user's reminder does not exist
    response = post_form(client, f"/notifications/{mine_id}/read", page="/notifications")
    assert response.status_code == 303
    page = client.get("/notifications").get_data(as_text=True)
    assert f'data-id="{mine_id}" data-read="yes"' in page
    assert 'data-testid="unread-count"' not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "notification.read",
            AuditEntry.target_id == mine_id)) == 1
        assert db.session.get(Notification, theirs_id).read_at is None


def test_read_all_marks_only_ones_own(app, world, client):
    w.concern(app, world, step="referred", due_on=_today(app) - timedelta(days=1))
    with app.app_context():
        find_due_reminders()
    login(client, world.unit_users[0])
    assert post_form(client, "/notifications/read", page="/notifications").status_code == 303
    with app.app_context():
        unread = {n.user_id for n in db.session.scalars(select(Notification).where(
            Notification.read_at.is_(None)))}
    assert unread == {world.unit_users[1].id, world.secretariat.id}


def test_the_remind_command(app, world, smtp_server):
    w.concern(app, world, refer_by=_today(app) - timedelta(days=1))
    result = app.test_cli_runner().invoke(args=["remind"])
    assert result.exit_code == 0, result.output
    assert "reminders made: 2, emails sent: 2" in result.output
    assert len(smtp_server.messages) == 2


def test_a_user_sets_their_own_address_for_reminders(app, world, client, smtp_server):
    login(client, world.unit_users[0])
    page = client.get("/notifications").get_data(as_text=True)
    assert 'id="reminder-email"' in page and "本系统未配置邮件发送" not in page
    bad = post_form(client, "/notifications/email", {"email": "不是地址"}, page="/notifications")
    assert bad.status_code == 303
    assert "不是有效的电子邮箱地址" in client.get("/notifications").get_data(as_text=True)
    ok = post_form(client, "/notifications/email", {"email": "new@example.org"},
                   page="/notifications")
    assert ok.status_code == 303
    w.concern(app, world, step="referred", due_on=_today(app) - timedelta(days=1))
    _run(app)
    assert "new@example.org" in {m["To"] for m in smtp_server.messages}
    assert "zhujian1@example.org" not in {m["To"] for m in smtp_server.messages}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "user.set_email")) == 1
