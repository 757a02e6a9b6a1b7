"""Mail through a real SMTP server on 127.0.0.1 (aiosmtpd): Chinese subjects and bodies arrive
intact, a notification's email goes out once (also with two workers at once), and a server
that is down leaves it unsent, to be tried again later."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from congress.core import mail
from congress.core.notifications import Notification, deliver_mail, notify_once
from congress.core.time import utcnow
from congress.extensions import db
from congress.people.models import User
from tests.helpers import at_once
from tests.smtp import free_port, smtp_server  # noqa: F401 (a fixture)

SUBJECT = "民情诉求第 7 号：答复已逾期"
BODY = "胜利路小区楼梯湿滑，请尽快处理。\n打开：/concerns/7"


def _user_with_email(app, make, address="mishu@example.org"):
    account = make.user("secretariat")
    with app.app_context():
        db.session.get(User, account.id).email = address
        db.session.commit()
    return account


def _notify(app, account, object_id=7, key="2026-12-01"):
    with app.app_context():
        user = db.session.get(User, account.id)
        made = notify_once(user, "test.reminder", object_id, key, SUBJECT, BODY, "/x")
        db.session.commit()
        return made


def _row(app, object_id=7):
    with app.app_context():
        row = db.session.scalar(select(Notification).where(Notification.object_id == object_id))
        db.session.expunge(row)
        return row


def _deliver(app):
    with app.app_context():
        return deliver_mail()


def test_a_chinese_subject_and_body_arrive_decoded(app, make, smtp_server):
    account = _user_with_email(app, make)
    assert _notify(app, account) is True
    assert _deliver(app) == (1, 0)
    [message] = smtp_server.messages
    assert message["Subject"] == SUBJECT
    assert "=?utf-8?" in message.as_string().lower()  # encoded on the wire (RFC 2047)
    assert message["To"] == "mishu@example.org"
    assert message["From"].addresses[0].display_name == "党代表履职平台"
    assert message.get_content().replace("\r\n", "\n").strip() == BODY
    assert message["Auto-Submitted"] == "auto-generated"
    row = _row(app)
    assert row.is_mail_sent and row.mail_attempts == 1 and row.mail_claim is None


def test_a_sent_email_is_never_sent_again(app, make, smtp_server):
    account = _user_with_email(app, make)
    _notify(app, account)
    assert _deliver(app) == (1, 0)
    assert _notify(app, account) is False  # the same reminder again: nothing new
    assert _deliver(app) == (0, 0)
    with app.app_context():
        # even a row made due again by hand is not claimed once it was sent
        db.session.execute(db.update(Notification).values(mail_next_at=utcnow()))
        db.session.commit()
    assert _deliver(app) == (0, 0)
    assert len(smtp_server.messages) == 1


def test_two_workers_at_once_send_each_email_once(app, make, smtp_server):
    accounts = [_user_with_email(app, make, f"u{i}@example.org") for i in range(3)]
    for number in range(4):
        for account in accounts:
            _notify(app, account, object_id=100 + number)
    results = at_once([lambda: _deliver(app), lambda: _deliver(app)])
    assert sum(sent for sent, _failed in results) == 12
    recipients = sorted((m["To"], m["Subject"]) for m in smtp_server.messages)
    assert len(recipients) == 12 and len(set(recipients)) == 3  # 4 each, none twice
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Notification).where(
            Notification.mail_sent_at.is_(None))) == 0


def test_a_server_that_is_down_leaves_the_email_unsent_and_it_goes_later(app, make,
                                                                          smtp_server):
    account = _user_with_email(app, make)
    _notify(app, account)
    smtp_server.stop()
    assert _deliver(app) == (0, 1)
    row = _row(app)
    assert not row.is_mail_sent and row.mail_attempts == 1 and row.mail_error
    assert row.mail_claim is None and row.mail_next_at > utcnow() + timedelta(seconds=60)
    smtp_server.start()
    assert _deliver(app) == (0, 0)  # not before its retry time
    with app.app_context():
        db.session.execute(db.update(Notification).values(
            mail_next_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert _deliver(app) == (1, 0)
    assert len(smtp_server.messages) == 1
    row = _row(app)
    assert row.is_mail_sent and row.mail_attempts == 2 and row.mail_error is None


def test_without_a_server_configured_reminders_stay_in_the_app(app, make):
    assert app.config["SMTP_HOST"] is None
    account = _user_with_email(app, make)
    assert _notify(app, account) is True
    assert _deliver(app) == (0, 0)
    row = _row(app)
    assert row.mail_to is None and row.mail_next_at is None


def test_an_unreachable_port_is_a_mail_error(app):
    smtp = mail.SmtpSettings("127.0.0.1", free_port(), None, None, False, False,
                             "a@example.org", None, 2.0)
    with pytest.raises(mail.MailError), mail.Connection(smtp):
        pass
