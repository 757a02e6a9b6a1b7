"""Rate limits (Flask-Limiter), per user: a delegate's floor requests and every event-stream
connection. The numbers are in config.py; the counts live in RATELIMIT_STORAGE_URI (memory in
development and tests, Redis in production, so every worker shares them).

A limit is a decorator on the view, under the route and the login check: it runs after the
API has found the bearer token's user, before the view does anything, so a refused request
changes nothing. A refusal is a 429 with code `rate_limited` (core.web)."""
from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse_many

from congress.core.auth import Role
from congress.core.errors import TooManyAttempts
from congress.extensions import limiter


def init_app(app):
    """Wire Flask-Limiter, without its check before every request: with no default or
    application-wide limits that check finds nothing to count, yet costs about 0.1 ms on every
    request, the vote included. The decorated views below check their own limits."""
    limiter.init_app(app)
    hooks = app.before_request_funcs.get(None, [])
    hooks[:] = [f for f in hooks if getattr(f, "__self__", None) is not limiter]


def user_key():
    """The signed-in user (whichever tablet or token they use), else the address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


def stream_key():
    """A projector link (?key=) is counted per meeting and address; everyone else per user."""
    if request.args.get("key") is not None:
        return f"projector:{(request.view_args or {}).get('mid')}:{get_remote_address()}"
    return user_key()


def _not_a_delegate():
    """Only delegates ask for and withdraw the floor; the chair rejecting through the same
    endpoint is not limited."""
    return not (current_user.is_authenticated and current_user.has_role(Role.delegate))


floor_requests = limiter.shared_limit(
    lambda: current_app.config["FLOOR_REQUEST_RATE_LIMIT"], scope="floor_requests",
    key_func=user_key, exempt_when=_not_a_delegate,
    error_message=lambda: str(_l("You have asked for or withdrawn the floor too often. "
                                 "Please wait a minute and try again.")))

event_streams = limiter.shared_limit(
    lambda: current_app.config["LIVE_STREAM_RATE_LIMIT"], scope="event_streams",
    key_func=stream_key,
    error_message=lambda: str(_l("Too many live connections in a short time. Please wait a "
                                 "minute; the page reconnects by itself.")))


def count_public_post():
    """Count one POST of the public intake (the API's /public/* and the public page's form)
    against the address's limit, valid or not; over it, a 429 before anything is read."""
    address = get_remote_address()
    refused = False
    for item in parse_many(current_app.config["PUBLIC_POST_RATE_LIMIT"]):
        if not limiter.limiter.hit(item, "public_posts", address):
            refused = True
    if refused:
        raise TooManyAttempts(_l("Too many submissions from this address. Please wait ten "
                                 "minutes and try again."))
