"""Bearer tokens and CSRF for the API: bearer calls need no CSRF token, cookie calls do.

What a token stands for is the people area's business: it hands in its lookup
(`set_token_loader`, from people/login.py), so the shared API imports no area."""
from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from congress.core.errors import Forbidden, Unauthorized

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_token_loader = None


def set_token_loader(loader):
    """loader(token) -> (user, token id), or (None, None) for a token that is unknown, revoked
    or of a disabled account (people.services.user_for_token)."""
    global _token_loader
    _token_loader = loader


def _user_for_token(token):
    if _token_loader is None:  # no area handed one in: no token opens anything
        return None, None
    return _token_loader(token)


def bearer_token(req):
    header = req.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate_api_request():
    """Before every API call: a bearer token wins over the cookie session; a bad token is 401.

    Flask-Login keeps the current user in g._login_user, so setting it there makes
    current_user the token's owner for this request without touching the session cookie.
    """
    token = bearer_token(request)
    g.api_token = None
    if token is None:
        return
    user, token_id = _user_for_token(token)
    if user is None:
        raise Unauthorized(_l("The token is unknown, revoked or its account is disabled."))
    g._login_user = user
    g.api_token = token_id


FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _sent_csrf_token():
    """The X-CSRFToken header of a script, or the csrf_token field of a page form."""
    token = request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token")
    if token is None and request.mimetype in FORM_TYPES:
        token = request.form.get("csrf_token")
    return token


def check_cookie_csrf(even_if_safe=False):
    """Unsafe API calls that ride on the session cookie must carry X-CSRFToken (or, posted
    from a page form, the csrf_token field). `even_if_safe` covers a GET that changes state."""
    if (request.method in SAFE_METHODS and not even_if_safe) or g.get("api_token") is not None:
        return
    try:
        validate_csrf(_sent_csrf_token())
    except ValidationError:
        raise Forbidden(_l("Cookie-authenticated calls need the X-CSRFToken header."),
                        code="csrf_failed") from None
