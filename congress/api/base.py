"""The blueprint, its authentication gate and the JSON helpers every API module uses."""
import re
from datetime import date, datetime

from flask import Blueprint, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.auth import authenticate_api_request, check_cookie_csrf
from congress.core.database import reads_first  # noqa: F401 (the API's modules import it here)
from congress.core.auth import authorize
from congress.core.errors import BadRequest, Invalid, NotFound, Unauthorized
from congress.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PUBLIC_ENDPOINTS = {"api.create_token", "api.openapi"}
# open without an account when the request carries the projector's read-only key (?key=),
# which the endpoint checks itself
KEYED_ENDPOINTS = {"api.events"}


@bp.before_request
def _authenticate():
    authenticate_api_request()
    if request.endpoint in PUBLIC_ENDPOINTS or (
            request.endpoint in KEYED_ENDPOINTS and "key" in request.args):
        return
    if not current_user.is_authenticated:
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


def json_body():
    """The request's JSON object; an empty body counts as {}."""
    if not request.get_data(cache=True):
        return {}
    return request.get_json(force=True, cache=True)


_TYPE_NAMES = {str: _l("a string"), int: _l("a whole number"), bool: _l("true or false"),
               float: _l("a number"), list: _l("a list")}


def field(data, name, kind, *, required=True, default=None):
    """One field of a JSON body, type-checked; a 422 naming the field otherwise."""
    if name not in data or data[name] is None:
        if required:
            raise Invalid(_l("%(field)s: is required", field=name), field=name)
        return default
    value = data[name]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is date or kind is datetime:
        return _parse_time(name, value, kind)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise Invalid(_l("%(field)s: must be %(kind)s", field=name, kind=_TYPE_NAMES[kind]),
                      field=name)
    if kind is str and required and not value.strip():
        raise Invalid(_l("%(field)s: must not be empty", field=name), field=name)
    return value


def _parse_time(name, value, kind):
    try:
        if not isinstance(value, str):
            raise ValueError
        parsed = kind.fromisoformat(value)
        if kind is datetime and parsed.tzinfo is None:
            raise ValueError
        return parsed
    except ValueError:
        example = "2026-12-31" if kind is date else "2026-12-31T17:00:00+08:00"
        raise Invalid(_l("%(field)s: must be an ISO 8601 date such as %(example)s",
                         field=name, example=example), field=name)


def load(model, ident):
    return found(db.session.get(model, ident), model)


def found(obj, model):
    """`obj`, or a 404 naming the model when it is None."""
    if obj is None:
        raise NotFound(_l("No such %(thing)s.", thing=getattr(model, "label", model.__name__)))
    return obj


allow = authorize  # one way to refuse, for both doors (core/auth.py)


def created(payload):
    response = jsonify(payload)
    response.status_code = 201
    return response
