"""The blueprint, its authentication gate and the JSON helpers every API module uses."""
import re

from flask import Blueprint, g, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.auth import authenticate_api_request, check_cookie_csrf
from congress.core.database import reads_first  # noqa: F401 (the API's modules import it here)
from congress.core.errors import BadRequest, Unauthorized, found
from congress.core.limits import count_public_post
from congress.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PUBLIC_ENDPOINTS = {"api.create_token", "api.openapi"}
# open without an account when the request carries the projector's read-only key (?key=),
# which the endpoint checks itself
KEYED_ENDPOINTS = {"api.events"}
# the public intake (有事找代表): open without an account; every POST counts per address
PUBLIC_PREFIX = "/api/v1/public/"


@bp.before_request
def _authenticate():
    if request.path.startswith(PUBLIC_PREFIX):
        g.api_token = None  # no account: a token or a session cookie changes nothing here
        if request.method == "POST":
            count_public_post()  # valid or not, before anything is read
        return
    authenticate_api_request()
    if request.endpoint in PUBLIC_ENDPOINTS or (
            request.endpoint in KEYED_ENDPOINTS and "key" in request.args):
        return
    if not current_user.is_authenticated:
        if request.headers.get("X-CSRFToken") and g.get("api_token") is None:
            # a script of one of our pages (it sends the page's CSRF token) whose session has
            # ended: it says "please sign in again", not "offline"
            raise Unauthorized(_l("Your session has ended. Please sign in again."),
                               code="session_expired")
        raise Unauthorized(_l("Sign in first: send Authorization: Bearer <token>."))
    check_cookie_csrf()


MAX_JSON_DEPTH = 32  # our deepest body is three levels; Python's parser recurses per level
_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


@bp.before_request
def _parse_json_body():  # runs after _authenticate: an anonymous call is a 401 first
    """Before every handler: the body, when there is one, must be a JSON object no deeper
    than MAX_JSON_DEPTH (checked on the bytes before parsing, so a 100k-deep body is a 400,
    not a RecursionError). The parsed object is cached for the handler's schema."""
    raw = request.get_data(cache=True)
    if not raw or request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise BadRequest(_l("The JSON body is nested too deeply."), code="malformed_json")
    try:
        data = request.get_json(force=True, cache=True)
    except Exception:  # werkzeug raises BadRequest with an HTML body; ours is JSON
        data = None
    if not isinstance(data, dict):
        raise BadRequest(_l("The body must be a JSON object."), code="malformed_json")


def json_depth(raw):
    """How deeply the arrays and objects of a JSON text nest (strings skipped)."""
    depth = deepest = 0
    for token in _JSON_TOKENS.finditer(raw):
        char = token.group()[:1]
        if char in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif char in (b"]", b"}"):
            depth -= 1
    return deepest


def load(model, ident):
    """The row of `model` with id `ident`, or the 404 naming it."""
    return found(db.session.get(model, ident), model)


def created(payload):
    response = jsonify(payload)
    response.status_code = 201
    return response
