"""The login throttle protects without locking people out: failures count per (account,
address) and per address, with a high per-account ceiling; the count is race-free (an attempt
is counted before its password is checked); unknown usernames cost the same hash as known
ones."""
import hashlib
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from congress.core.audit import AuditEntry
from congress.extensions import db
from congress.people import services
from congress.people.models import LoginFailure, User
from tests.helpers import at_once, csrf_from


def api_login(app, username, password, address="127.0.0.1"):
    return app.test_client().post("/api/v1/tokens", json={"username": username,
                                                          "password": password},
                                  environ_base={"REMOTE_ADDR": address})


def page_login(app, username, password, address="127.0.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_from(client)})


@contextmanager
def config(app, **values):
    saved = {k: app.config[k] for k in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(saved)


def failures(app, **where):
    with app.app_context():
        query = select(func.count(LoginFailure.id))
        for column, value in where.items():
            query = query.where(getattr(LoginFailure, column) == value)
        return db.session.scalar(query)


def failed_entries(app):
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "user.login_failed"))


@pytest.mark.parametrize("door", [api_login, page_login])
def test_failures_from_another_address_never_refuse_the_right_password(app, make, door):
    account = make.user("chair")
    for _ in range(app.config["LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS"] + 3):
        door(app, account.username, "wrong", address="127.0.0.2")
    assert door(app, account.username, account.password, "127.0.0.2").status_code == 429
    # the same account from the chair's own tablet
    assert door(app, account.username, account.password, "127.0.0.1").status_code in (201, 302)


def test_a_per_account_ceiling_stops_guesses_spread_over_addresses(app, make):
    account = make.user("chair")
    with config(app, LOGIN_THROTTLE_PER_ACCOUNT=6):
        for n in range(6):
            assert api_login(app, account.username, "wrong", f"10.0.0.{n}").status_code == 401
        assert api_login(app, account.username, account.password, "10.0.1.1").status_code == 429
    assert api_login(app, account.username, account.password, "10.0.1.1").status_code == 201


def test_one_address_guessing_many_accounts_is_stopped(app, make):
    victim = make.user("chair")
    with config(app, LOGIN_THROTTLE_PER_ADDRESS=4):
        for n in range(4):
            assert api_login(app, f"ghost{n}", "x", "10.1.1.1").status_code == 401
        assert api_login(app, victim.username, victim.password, "10.1.1.1").status_code == 429
        assert api_login(app, victim.username, victim.password, "10.1.1.2").status_code == 201


def test_a_throttled_attempt_checks_no_password_and_counts_nothing(app, make):
    account = make.user("chair")
    limit = app.config["LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS"]
    for _ in range(limit + 4):
        api_login(app, account.username, "wrong")
    assert failures(app, username=account.username) == limit
    assert failed_entries(app) == limit


# --- the race: attempts arriving at the same moment ----------------------------------------


def test_sixty_parallel_wrong_pins_from_one_tablet_check_no_more_than_the_limit(app, make):
    mid = make.meeting()
    account = make.delegate(mid)
    limit = app.config["LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS"]
    codes = at_once([lambda: api_login(app, account.username, "000000").status_code
                     for _ in range(60)])
    assert codes.count(401) == limit and codes.count(429) == 60 - limit
    assert failures(app, username=account.username) == limit
    assert failed_entries(app) == limit
    assert api_login(app, account.username, account.password, "127.0.0.9").status_code == 201


def test_sixty_parallel_wrong_pins_from_sixty_addresses_are_counted_exactly(app, make):
    mid = make.meeting()
    account = make.delegate(mid)
    codes = at_once([lambda n=n: api_login(app, account.username, "000000",
                                           f"10.2.0.{n}").status_code for n in range(60)])
    assert codes == [401] * 60
    assert failures(app, username=account.username) == 60
    assert failed_entries(app) == 60


def test_parallel_attempts_never_pass_the_per_account_ceiling(app, make):
    mid = make.meeting()
    account = make.delegate(mid)
    with config(app, LOGIN_THROTTLE_PER_ACCOUNT=20):
        codes = at_once([lambda n=n: api_login(app, account.username, "000000",
                                               f"10.3.0.{n}").status_code for n in range(60)])
    assert codes.count(401) == 20 and codes.count(429) == 40
    assert failures(app, username=account.username) == 20


# --- unknown and known usernames cost the same ----------------------------------------------

@pytest.fixture
def hash_work(monkeypatch):
    """Every PBKDF2 computation (the test configuration's password hash), as (iterations,)."""
    calls = []
    real = hashlib.pbkdf2_hmac

    def counting(name, password, salt, iterations, *args, **kwargs):
        calls.append(iterations)
        return real(name, password, salt, iterations, *args, **kwargs)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counting)
    return calls


def test_unknown_disabled_and_known_usernames_all_run_the_hash(app, make, hash_work):
    known, disabled = make.user("chair"), make.user("chair")
    with app.app_context():
        services.set_user_enabled(None, db.session.get(User, disabled.id), False)
        db.session.commit()
    api_login(app, "warm-up-the-dummy-hash", "x")
    iterations = int(app.config["PASSWORD_HASH_METHOD"].rsplit(":", 1)[1])

    for username in ("nobody-here", disabled.username, known.username):
        hash_work.clear()
        assert api_login(app, username, "wrong-password").status_code == 401
        assert hash_work == [iterations], username


def test_page_login_of_an_unknown_username_runs_the_hash(app, hash_work):
    api_login(app, "warm-up", "x")
    hash_work.clear()
    assert page_login(app, "nobody-at-all", "wrong").status_code == 401
    assert hash_work == [int(app.config["PASSWORD_HASH_METHOD"].rsplit(":", 1)[1])]


@pytest.mark.sqlite
def test_the_hash_is_checked_outside_the_sqlite_write_lock(app, make, monkeypatch):
    """While the password is being hashed, another connection can take the write lock at once:
    the sign-in holds it only for its two short writes."""
    import sqlite3

    account = make.user("chair")
    api_login(app, "warm-up", "x")
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    seen = []
    real = hashlib.pbkdf2_hmac

    def hash_and_try_the_lock(*args, **kwargs):
        other = sqlite3.connect(path, isolation_level=None, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            seen.append("free")
        except sqlite3.OperationalError as error:
            seen.append(str(error))
        finally:
            other.close()
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", hash_and_try_the_lock)
    assert api_login(app, account.username, account.password).status_code == 201
    assert api_login(app, account.username, "wrong").status_code == 401
    assert api_login(app, "nobody", "wrong").status_code == 401
    assert seen == ["free", "free", "free"]
