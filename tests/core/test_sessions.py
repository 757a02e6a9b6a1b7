"""Sessions end: logout, a PIN or password reset, printed login cards and disabling an account
end every page session (cookies made earlier are refused) and every API token of the user at
once, and their open event streams end too."""

import pytest
from sqlalchemy import select

from congress.core.audit import AuditEntry
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.people import services
from congress.people.models import User
from congress.records.cards import delegates_for_cards, issue_cards
from tests.helpers import bearer, csrf_from, login, read_until, token_for


def signed_in_twice(app, account):
    """A page session and an API token of the account, and a copy of the session cookie
    (what an old tablet or a stolen cookie still holds)."""
    page = app.test_client()
    login(page, account)
    token = token_for(app.test_client(), account)
    cookie = page.get_cookie("session").value
    return page, token, cookie


def old_cookie_client(app, cookie):
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def assert_signed_out(app, cookie, token):
    old = old_cookie_client(app, cookie)
    r = old.get("/")
    assert r.status_code == 302 and "/login" in r.location
    r = old.get("/api/v1/users/me")
    assert r.status_code == 401
    r = app.test_client().get("/api/v1/users/me", headers=bearer(token))
    assert r.status_code == 401


def assert_still_signed_in(app, cookie, token):
    assert old_cookie_client(app, cookie).get("/api/v1/users/me").status_code == 200
    assert app.test_client().get("/api/v1/users/me", headers=bearer(token)).status_code == 200


def audit_reasons(app, user_id):
    with app.app_context():
        return [e.after["reason"] for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "user.end_sessions",
                                     AuditEntry.target_id == user_id))]


def test_logout_ends_every_session_and_token_of_the_user(app, make):
    mid = make.meeting()
    account = make.delegate(mid)
    page, token, cookie = signed_in_twice(app, account)
    other_tablet, other_token, other_cookie = signed_in_twice(app, account)
    assert_still_signed_in(app, cookie, token)

    r = page.post("/logout", data={"csrf_token": csrf_from(page, f"/meetings/{mid}/tablet")})
    assert r.status_code == 302
    assert_signed_out(app, cookie, token)
    assert_signed_out(app, other_cookie, other_token)  # the tablet left behind too
    assert audit_reasons(app, account.id) == ["logout"]

    fresh = app.test_client()
    login(fresh, account)  # a new sign-in works
    assert fresh.get("/api/v1/users/me").get_json()["username"] == account.username


def test_pin_reset_ends_sessions_and_the_new_pin_signs_in(app, make):
    mid = make.meeting()
    account = make.delegate(mid)
    _, token, cookie = signed_in_twice(app, account)
    with app.app_context():
        account.password = services.reset_password(None, db.session.get(User, account.id))
        db.session.commit()
    assert_signed_out(app, cookie, token)
    assert audit_reasons(app, account.id) == ["password_reset"]
    login(app.test_client(), account)


def test_printing_login_cards_ends_sessions(app, make):
    mid = make.meeting()
    account, bystander = make.delegate(mid), make.delegate(mid)
    _, token, cookie = signed_in_twice(app, account)
    _, bystander_token, bystander_cookie = signed_in_twice(app, bystander)
    with app.app_context():
        meeting = db.session.get(Meeting, mid)
        cards = issue_cards(None, meeting, delegates_for_cards(
            meeting, delegate_ids=[account.delegate_id]))
        db.session.commit()
    assert_signed_out(app, cookie, token)
    assert_still_signed_in(app, bystander_cookie, bystander_token)  # not on this card run
    assert audit_reasons(app, account.id) == ["login_card"]
    account.password = cards[0].pin
    login(app.test_client(), account)


def test_disabling_ends_sessions_and_enabling_does_not_bring_them_back(app, make):
    account = make.user("chair")
    _, token, cookie = signed_in_twice(app, account)
    with app.app_context():
        services.set_user_enabled(None, db.session.get(User, account.id), False)
        db.session.commit()
    assert_signed_out(app, cookie, token)
    with app.app_context():
        services.set_user_enabled(None, db.session.get(User, account.id), True)
        db.session.commit()
    assert_signed_out(app, cookie, token)  # the old ones stay dead
    login(app.test_client(), account)


def test_a_cookie_without_the_stamp_is_refused(app, make):
    """Sessions made before stamps existed (only the user id) are not accepted."""
    account = make.user("secretariat")
    client = app.test_client()
    login(client, account)
    with client.session_transaction() as session:
        session["_user_id"] = str(account.id)
    assert client.get("/api/v1/users/me").status_code == 401


# --- open event streams ---------------------------------------------------------------------


@pytest.mark.parametrize("by", ["token", "cookie"])
def test_an_open_stream_ends_when_its_session_ends(app, make, by):
    mid = make.meeting()
    account = make.delegate(mid)
    page, token, _ = signed_in_twice(app, account)
    client, headers = (app.test_client(), bearer(token)) if by == "token" else (page, {})
    response = client.get(f"/api/v1/meetings/{mid}/events", buffered=False, headers=headers)
    try:
        assert response.status_code == 200
        chunks = iter(response.response)
        assert b": connected" in next(chunks)
        with app.app_context():
            services.reset_password(None, db.session.get(User, account.id))
            db.session.commit()
        received = read_until(chunks, b"event: closed")
        assert b'"reason":"signed_out"' in received
        with pytest.raises(StopIteration):
            next(chunks)  # and the stream is over
    finally:
        response.close()


def test_revoking_one_token_ends_its_stream(app, make):
    mid = make.meeting()
    account = make.user("chair")
    token = token_for(app.test_client(), account)
    client = app.test_client()
    response = client.get(f"/api/v1/meetings/{mid}/events", buffered=False,
                          headers=bearer(token))
    try:
        chunks = iter(response.response)
        next(chunks)
        assert client.delete("/api/v1/tokens/current", headers=bearer(token)).status_code == 204
        assert b'"reason":"signed_out"' in read_until(chunks, b"event: closed")
    finally:
        response.close()


def test_a_stream_of_another_user_goes_on(app, make):
    """Ending one user's sessions leaves everyone else's streams alone."""
    mid = make.meeting()
    account, other = make.delegate(mid), make.delegate(mid)
    other_token = token_for(app.test_client(), other)
    response = app.test_client().get(f"/api/v1/meetings/{mid}/events", buffered=False,
                                     headers=bearer(other_token))
    try:
        chunks = iter(response.response)
        next(chunks)
        with app.app_context():
            services.set_user_enabled(None, db.session.get(User, account.id), False)
            db.session.commit()
            from congress.core import live
            live.publish(other.meeting_id, "note", {"n": 1})
            db.session.commit()
        received = read_until(chunks, b"event: note")
        assert b"event: closed" not in received
    finally:
        response.close()
