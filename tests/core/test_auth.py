"""Sign-in through pages and the API: hashes, the throttle, CSRF, tokens, cookies."""
import pytest
from sqlalchemy import select

from congress.extensions import db
from congress.people.models import ApiToken, User
from tests.helpers import bearer, csrf_from, english, login, token_for


def test_passwords_and_tokens_are_stored_hashed(app, client, make):
    account = make.user("secretariat")
    token = token_for(client, account)
    with app.app_context():
        user = db.session.get(User, account.id)
        assert account.password not in user.password_hash
        assert user.password_hash.startswith(("pbkdf2:sha256", "scrypt"))
        stored = db.session.scalars(select(ApiToken.token_hash)).all()
        assert stored and token not in stored


def test_production_hashes_with_scrypt():
    from config import ProductionConfig
    assert ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"


def test_delegate_signs_in_with_card_username_and_pin(client, make):
    mid = make.meeting()
    delegate = make.delegate(mid)
    assert delegate.username.isdigit() and len(delegate.password) >= 6
    response = login(client, delegate)
    assert response.location == "/"
    tablet = client.get("/", follow_redirects=True)
    assert tablet.status_code == 200
    assert delegate.name in tablet.get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message(client, make):
    account = make.user("chair")
    english(client)
    response = client.post("/login", data={"username": account.username, "password": "nope",
                                           "csrf_token": csrf_from(client)})
    assert response.status_code == 401
    assert "Wrong username or password" in response.get_data(as_text=True)
    assert client.get("/meetings/").status_code == 302  # still signed out


def test_page_login_is_throttled_per_account_and_address(app, client, make):
    account = make.user("secretariat")
    limit = app.config["LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS"]
    for _ in range(limit):
        r = client.post("/login", data={"username": account.username, "password": "bad",
                                        "csrf_token": csrf_from(client)})
        assert r.status_code == 401
    # now even the right password is refused for a while
    r = client.post("/login", data={"username": account.username, "password": account.password,
                                    "csrf_token": csrf_from(client)})
    assert r.status_code == 429
    assert client.get("/meetings/").status_code == 302


def test_api_login_is_throttled_per_account_and_address(app, client, make):
    account = make.user("chair")
    for _ in range(app.config["LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS"]):
        r = client.post("/api/v1/tokens", json={"username": account.username, "password": "x"})
        assert r.status_code == 401
        assert r.get_json()["error"]["code"] == "bad_credentials"
    r = client.post("/api/v1/tokens", json={"username": account.username,
                                            "password": account.password})
    assert r.status_code == 429
    assert r.get_json()["error"]["code"] == "too_many_attempts"


def test_api_login_is_throttled_per_address(app, client, make):
    app.config["LOGIN_THROTTLE_PER_ADDRESS"], saved = 4, app.config["LOGIN_THROTTLE_PER_ADDRESS"]
    try:
        victim = make.user("chair")
        for n in range(4):  # four different accounts, one address
            r = client.post("/api/v1/tokens", json={"username": f"ghost{n}", "password": "x"})
            assert r.status_code == 401
        r = client.post("/api/v1/tokens", json={"username": victim.username,
                                                "password": victim.password})
        assert r.status_code == 429
        other = app.test_client()
        r = other.post("/api/v1/tokens", json={"username": victim.username,
                                               "password": victim.password},
                       environ_base={"REMOTE_ADDR": "10.9.9.9"})
        assert r.status_code == 201  # another address is not locked out
    finally:
        app.config["LOGIN_THROTTLE_PER_ADDRESS"] = saved


def test_success_clears_the_account_failures(app, client, make):
    account = make.user("chair")
    for _ in range(app.config["LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS"] - 1):
        client.post("/api/v1/tokens", json={"username": account.username, "password": "x"})
    assert client.post("/api/v1/tokens", json={"username": account.username,
                                               "password": account.password}).status_code == 201
    assert client.post("/api/v1/tokens", json={"username": account.username,
                                               "password": "x"}).status_code == 401
    assert client.post("/api/v1/tokens", json={"username": account.username,
                                               "password": account.password}).status_code == 201


def test_forms_need_a_csrf_token(client, make):
    account = make.user("secretariat")
    english(client)
    r = client.post("/login?next=/meetings/", data={"username": account.username,
                                                    "password": account.password})
    assert r.status_code == 303 and r.headers["Location"] == "/login?next=/meetings/"
    assert "The page had expired" in client.get("/login").get_data(as_text=True)
    assert client.get("/meetings/").status_code == 302
    login(client, account)
    mid = make.meeting()
    r = client.post(f"/meetings/{mid}/agenda", data={"kind": "other", "title": "无令牌"})
    assert r.status_code == 400 and "The page had expired" in r.get_data(as_text=True)
    # sent from a page of this site: back to that page, with the message
    r = client.post(f"/meetings/{mid}/agenda", data={"kind": "other", "title": "无令牌"},
                    headers={"Referer": f"http://localhost/meetings/{mid}"})
    assert r.status_code == 303 and r.headers["Location"] == f"/meetings/{mid}"
    # another site's referrer is not followed
    r = client.post(f"/meetings/{mid}/agenda", data={"kind": "other", "title": "无令牌"},
                    headers={"Referer": "http://evil.example/x"})
    assert r.status_code == 400
    with client.application.app_context():
        from congress.meetings.models import AgendaItem
        assert db.session.scalars(select(AgendaItem)).all() == []


def test_cookie_session_api_calls_need_the_csrf_header(client, make):
    account = make.user("secretariat")
    login(client, account)
    r = client.post("/api/v1/units", json={"name": "市审计局"})
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "csrf_failed"
    token = csrf_from(client, "/units")
    r = client.post("/api/v1/units", json={"name": "市审计局"}, headers={"X-CSRFToken": token})
    assert r.status_code == 201


def test_a_page_script_whose_session_ended_is_told_to_sign_in_again(client, make):
    """Issue 18 point 7: 401 session_expired (not a network error) for our page scripts."""
    account = make.user("secretariat")
    login(client, account)
    token = csrf_from(client, "/units")
    client.post("/logout", data={"csrf_token": token})
    r = client.post("/api/v1/units", json={"name": "市审计局"}, headers={"X-CSRFToken": token})
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "session_expired"
    r = client.post("/api/v1/units", json={"name": "市审计局"})  # no page script: plain 401
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"


def test_a_page_form_whose_session_ended_leads_through_sign_in_back(client, make):
    account = make.user("secretariat")
    mid = make.meeting()
    login(client, account)
    token = csrf_from(client, "/units")
    client.post("/logout", data={"csrf_token": token})
    r = client.post(f"/meetings/{mid}/agenda", data={"csrf_token": token, "title": "x"},
                    headers={"Referer": f"http://localhost/meetings/{mid}/edit"})
    assert r.status_code == 302  # Flask-Login's status, as for every page that needs a session
    assert _next_of(r.headers["Location"]) == f"/meetings/{mid}/edit"
    # the session cookie itself is gone (expired): the form's token fails, same way back
    login(client, account)
    token = csrf_from(client, "/units")
    client.delete_cookie("session")
    r = client.post(f"/meetings/{mid}/agenda", data={"csrf_token": token, "title": "x"},
                    headers={"Referer": f"http://localhost/meetings/{mid}/edit"})
    assert r.status_code == 303
    assert _next_of(r.headers["Location"]) == f"/meetings/{mid}/edit"
    assert "请重新登录" in client.get(r.headers["Location"],
                                     headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)


def _next_of(location):
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(location)
    assert parts.path == "/login"
    return parse_qs(parts.query)["next"][0]


def test_token_revocation(client, make):
    account = make.user("secretariat")
    token = token_for(client, account)
    assert client.get("/api/v1/users/me", headers=bearer(token)).get_json()["username"] == \
        account.username
    assert client.delete("/api/v1/tokens/current", headers=bearer(token)).status_code == 204
    r = client.get("/api/v1/users/me", headers=bearer(token))
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"


def test_bad_token_is_401_even_with_a_session(client, make):
    account = make.user("secretariat")
    login(client, account)
    r = client.get("/api/v1/users/me", headers=bearer("not-a-token"))
    assert r.status_code == 401


def test_disabled_account_cannot_sign_in_or_use_its_token(app, client, make):
    account = make.user("chair")
    token = token_for(client, account)
    from congress.people.services import set_user_enabled
    with app.app_context():
        set_user_enabled(None, db.session.get(User, account.id), False)
        db.session.commit()
    assert client.get("/api/v1/users/me", headers=bearer(token)).status_code == 401
    r = client.post("/api/v1/tokens", json={"username": account.username,
                                            "password": account.password})
    assert r.status_code == 401


@pytest.mark.parametrize("config_name, secure", [("DevConfig", False), ("ProductionConfig", True)])
def test_session_cookie_flags(config_name, secure):
    import config
    cls = getattr(config, config_name)
    assert cls.SESSION_COOKIE_HTTPONLY is True
    assert cls.SESSION_COOKIE_SAMESITE == "Lax"
    assert getattr(cls, "SESSION_COOKIE_SECURE", False) is secure


def test_session_cookie_is_httponly_and_samesite(client, make):
    account = make.user("chair")
    response = login(client, account)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_open_redirect_after_login_is_refused(client, make):
    account = make.user("chair")
    r = client.post("/login?next=https://evil.example/", data={
        "username": account.username, "password": account.password,
        "csrf_token": csrf_from(client)})
    assert r.status_code == 302 and r.location == "/"


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/", "/\t/evil.example/",
                                    "/%0a", "https:/evil.example"])
def test_next_that_a_browser_reads_as_another_host_is_refused(client, make, target):
    account = make.user("chair")
    r = client.post("/login", query_string={"next": target}, data={
        "username": account.username, "password": account.password,
        "csrf_token": csrf_from(client)})
    expected = target if target == "/%0a" else "/"  # an encoded newline is a path on this site
    assert r.status_code == 302 and r.location == expected
