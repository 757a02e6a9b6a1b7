"""The sign-in flow shared by the login page and POST /api/v1/tokens.

Unlike a service it commits: the throttle counts an attempt before its password is checked,
and parallel attempts only see that count once it is committed (people.services, "login and
its throttle"). The slow hash then runs outside SQLite's write lock, as a reader; the outcome
is written in a short write transaction that the caller commits with its own work (a token).
"""
import hmac

from flask import flash, redirect, request
from flask_babel import lazy_gettext as _l
from flask_login import login_url

from congress.api import auth as api_auth
from congress.core import live_stream
from congress.core.database import begin_reading, end_reading
from congress.core.web import referrer_path, with_kept_fields
from congress.extensions import db, login_manager
from congress.people import services
from congress.people.models import User


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


def init_app(app):
    """Flask-Login's user loader (sessions end with the security stamp), the API's bearer-token
    lookup and the live broker's check for streams whose session ended: all belong to the
    people area."""
    login_manager.login_view = "sign_in.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    api_auth.set_token_loader(services.user_for_token)
    live_stream.set_stream_check(services.ended_streams)


def unauthorized():
    """A page that needs a session: the sign-in page, then back (Flask-Login's way). A form
    sent after the session ended returns to the page it was sent from: its own address
    answers POST only."""
    if request.method in ("GET", "HEAD"):
        flash(login_manager.login_message, login_manager.login_message_category)
        return redirect(login_url(login_manager.login_view, next_url=request.url))
    flash(_l("Your session has ended. Please sign in again; you will return to the page you "
             "were on."), "info")
    return redirect(login_url(login_manager.login_view,
                              next_url=with_kept_fields(referrer_path())))


def load_user(session_id):
    """The session's user while its security stamp is current (User.get_id): ending a
    user's sessions gives them a new stamp, and every cookie made before it is refused."""
    user_id, _, stamp = str(session_id).partition(":")
    if not user_id.isdigit() or not stamp:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or \
            not hmac.compare_digest(user.security_stamp.encode(), stamp.encode()):
        return None
    return user
