"""The sign-in flow shared by the login page and POST /api/v1/tokens.

Unlike a service it commits: the throttle counts an attempt before its password is checked,
and parallel attempts only see that count once it is committed (people.services, "login and
its throttle"). The slow hash then runs outside SQLite's write lock, as a reader; the outcome
is written in a short write transaction that the caller commits with its own work (a token).
"""
from congress.core.database import begin_reading, end_reading
from congress.extensions import db
from congress.people import services


def sign_in(username, password, address):
    """The user for these credentials, or None (the failure is flushed for the caller to
    commit); raises services.Throttled after repeated failures."""
    username = (username or "").strip()[:64]
    address = (address or "unknown")[:64]
    attempt_id = services.reserve_attempt(username, address)
    db.session.commit()
    begin_reading()
    user = services.login_user_named(username)
    ok = services.password_matches(user, password)
    end_reading()
    return services.finish_login(attempt_id, username, address, user, ok)
