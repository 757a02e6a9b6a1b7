"""Typed API operations (SpecTree + Pydantic) and the OpenAPI document they generate.

An area's API handler is declared with `operation(...)`:

    @bp.post("/meetings/<int:mid>/ballots")
    @operation("Create a ballot", tag="ballots", body=BallotIn, ok=BallotOut, status=201,
               conflicts="The meeting is closed")
    def create_ballot(mid):
        data = body()            # the validated BallotIn
        ...

SpecTree validates the body and the query string before the handler runs, and the response
after it (a response that does not match its model is a 500 in tests, so the document cannot
drift from the code); a refused request becomes our 422 naming the field (core/errors.Invalid),
so the contract of API.md is unchanged. `openapi_document()` assembles the document from the
declared operations; nothing in it is written by hand.
"""
import functools
import re

from flask import Response as FlaskResponse, current_app, g, request
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError
from spectree import Response, SpecTree

from congress.api.schemas import MAX_ID, Error
from congress.core.errors import BadRequest, Invalid

API_PREFIX = "/api/v1"
REFUSALS = {400: "Malformed JSON", 401: "No or bad credentials", 403: "Role or state forbids it",
            404: "Unknown id", 422: "Field validation failed"}
RATE_LIMITED = ("Too many in a short time (code rate_limited; Retry-After says when to try "
                "again)")


def _refuse_invalid(req, resp, req_validation_error, instance, model_adapter=None):
    """SpecTree's `before` hook: turn its validation error into our 422 (or 400)."""
    if req_validation_error is None:
        return
    raise invalid_from(req_validation_error)


_schema_names = {}


def _schema_name(model, _child=None):
    """A model's plain class name in the document; two different models may not share one
    (areas name their models apart: MeetingOut, BallotOut ...)."""
    model_name = _child if _child is not None else model.__name__
    owner = _schema_names.setdefault(model_name, model if _child is None else _child)
    if _child is None and owner is not model:
        raise RuntimeError(f"two API models are named {model_name}: {owner} and {model}")
    return model_name


spec = SpecTree("flask", mode="strict", before=_refuse_invalid, validation_error_status=422,
                title="Congress tablet and integration API", version="1",
                path="apidoc-unused", naming_strategy=_schema_name,
                nested_naming_strategy=lambda _parent, child: child)


class _Answers(Response):
    """The operation's answers; checked against their models only where the app's
    API_CHECK_ANSWERS says so (config.py: on in development and tests, off in production)."""

    def find_model(self, code):
        if not current_app.config.get("API_CHECK_ANSWERS", True):
            return None
        return super().find_model(code)


def operation(summary, *, tag, body=None, query=None, ok=None, status=200, content=None,
              public=False, conflicts=None, rate_limited=False, description=None,
              also_ok=None, refusals=None):
    """Declare a JSON API operation: its request models, its success response and the
    refusals every operation may answer with.

    `ok` is the success model (None for an empty answer such as 204); `content` a media type
    (or a tuple of them) for a success that is not JSON (a PDF, a spreadsheet, an event
    stream); `conflicts` describes the 409 when the state may refuse the call; `refusals` any
    other refusal it may answer with ({410: "why"}); `also_ok` maps other success statuses
    answering with the same model to what they mean (a replay: 200, the same record).
    """
    codes = {f"HTTP_{code}": (Error, text) for code, text in REFUSALS.items()}
    if conflicts:
        codes["HTTP_409"] = (Error, conflicts)
    for code, text in (refusals or {}).items():
        codes[f"HTTP_{code}"] = (Error, text)
    if rate_limited:
        codes["HTTP_429"] = (Error, RATE_LIMITED)
    success = f"HTTP_{status}"
    if ok is not None and content is None:
        codes.update({f"HTTP_{code}": (ok, text) for code, text in (also_ok or {}).items()})
        responses = _Answers(**codes, **{success: ok})
    else:
        responses = _Answers(success, **codes)
    decorate = spec.validate(json=body, query=query, resp=responses, tags=[tag],
                             skip_validation=False)

    def wrap(func):
        if content is not None:
            func = _readable_by_spectree(func)
        if description or summary:
            func.__doc__ = summary + ("\n\n" + description if description else "")
        func.api_content = content
        func.api_public = public
        func.api_success = status
        if content is not None:
            return _passing_streams(decorate(_holding_streams(func)))
        return decorate(func)
    return wrap


def _holding_streams(func):
    """Under SpecTree: a streamed answer (an event stream) is held aside and SpecTree sees an
    empty one, since it reads the whole body of every answer (a stream never ends)."""
    @functools.wraps(func)
    def held(*args, **kwargs):
        response = func(*args, **kwargs)
        if isinstance(response, FlaskResponse) and response.is_streamed:
            g.api_stream = response
            return FlaskResponse(status=response.status_code)
        return response
    return held


def _passing_streams(validated):
    """Over SpecTree: the held stream is the answer."""
    @functools.wraps(validated)
    def passing(*args, **kwargs):
        response = validated(*args, **kwargs)
        stream = g.pop("api_stream", None)
        return response if stream is None else stream
    return passing


def _readable_by_spectree(func):
    """SpecTree reads every answer's body after the handler (to validate it); send_file's
    answer is a pass-through that refuses to be read. Our files are in memory (BytesIO), so
    reading them costs nothing: turn the pass-through off."""
    @functools.wraps(func)
    def handler(*args, **kwargs):
        response = func(*args, **kwargs)
        if getattr(response, "direct_passthrough", False):
            response.direct_passthrough = False
        return response
    return handler


def body():
    """The handler's validated JSON body (its `body=` model)."""
    data = getattr(getattr(request, "context", None), "json", None)
    if data is None:
        raise BadRequest(_l("The body must be a JSON object."), code="malformed_json")
    return data


def query():
    """The handler's validated query string (its `query=` model)."""
    return request.context.query


# --- refusals ---------------------------------------------------------------------------------

_KINDS = {"int_type": _l("a whole number"), "int_parsing": _l("a whole number"),
          "string_type": _l("a string"), "bool_type": _l("true or false"),
          "bool_parsing": _l("true or false"), "float_type": _l("a number"),
          "float_parsing": _l("a number"), "list_type": _l("a list"),
          "dict_type": _l("an object"), "model_type": _l("an object"),
          "model_attributes_type": _l("an object")}
_DATE_ERRORS = ("date", "datetime", "timezone_aware")


def invalid_from(error: ValidationError):
    """Our 422 for the first problem Pydantic found: `<field>: <what is wrong>`, in the
    caller's language (the messages below are translated, Pydantic's own are not)."""
    problem = error.errors(include_url=False)[0]
    name = ".".join(str(part) for part in problem["loc"]) or "body"
    return Invalid(_l("%(field)s: %(problem)s", field=name,
                      problem=_describe(problem)), field=name)


def _describe(problem):  # noqa: C901 (a flat table of Pydantic's error types)
    kind, ctx = problem["type"], problem.get("ctx") or {}
    if kind == "missing":
        return _l("is required")
    if kind in _KINDS:
        return _l("must be %(kind)s", kind=_KINDS[kind])
    if kind == "string_too_short" or (kind == "value_error" and "blank" in problem["msg"]):
        return _l("must not be empty")
    if kind == "string_too_long":
        return _l("at most %(n)s characters", n=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        return _l("must not contain control characters")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _l("out of range")
    if kind in ("finite_number",) or (kind == "value_error" and "finite" in problem["msg"]):
        return _l("must be a finite number")
    if kind == "value_error" and "number" in problem["msg"]:
        return _l("must be %(kind)s", kind=_KINDS["float_type"])
    if kind.startswith(_DATE_ERRORS):
        example = "2026-12-31" if kind.startswith("date_") else "2026-12-31T17:00:00+08:00"
        return _l("must be an ISO 8601 date such as %(example)s", example=example)
    if kind in ("too_long", "too_short"):
        return _l("has the wrong number of items")
    if kind in ("enum", "literal_error"):
        return _l("must be one of %(values)s", values=ctx.get("expected", ""))
    return _l("is not valid")


# --- the document -----------------------------------------------------------------------------

def openapi_document(app):
    """The OpenAPI 3.1 document of every declared operation, relative to /api/v1: built once
    per app (its routes are fixed once it serves), not on every request."""
    if "openapi_document" not in app.extensions:
        app.extensions["openapi_document"] = _build_document(app)
    return app.extensions["openapi_document"]


def _build_document(app):
    with app.app_context():
        generated = spec._generate_spec()  # fresh: routes can differ between test apps
    document = {
        "openapi": generated["openapi"],
        "info": generated["info"],
        "servers": [{"url": API_PREFIX}],
        "security": [{"bearer": []}],
        "tags": generated.get("tags", []),
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": generated["components"]["schemas"]},
        "paths": {},
    }
    functions = _declared_functions(app)
    for path, item in generated["paths"].items():
        relative = path.removeprefix(API_PREFIX)
        for method, op in item.items():
            func, converters = functions.get((method.upper(), relative), (None, {}))
            _finish_operation(op, func, converters)
        document["paths"][relative] = item
    return document


def _declared_functions(app):
    """(METHOD, /relative/{path}) → (the view function, its path converters), for what
    SpecTree cannot know."""
    out = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API_PREFIX + "/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix(API_PREFIX))
        func = app.view_functions[rule.endpoint]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            out[(method, path)] = (func, rule._converters)
    return out


def _finish_operation(op, func, converters):
    """Bound path ids (and the path parameters whose converter carries its own schema); mark
    public operations; give non-JSON successes their media types."""
    for parameter in op.get("parameters", []):
        if parameter.get("in") != "path":
            continue
        own = getattr(converters.get(parameter["name"]), "json_schema", None)
        if own is not None:
            parameter["schema"] = dict(own)
            continue
        schema = parameter.get("schema") or {}
        if schema.get("type") == "integer":
            schema.update({"minimum": 0, "maximum": MAX_ID})
            schema.pop("format", None)
    if func is None:
        return
    if getattr(func, "api_public", False):
        op["security"] = []
    content = getattr(func, "api_content", None)
    status = str(getattr(func, "api_success", 200))
    if content is not None and status in op.get("responses", {}):
        types = content if isinstance(content, tuple) else (content,)
        op["responses"][status]["content"] = {kind: {"schema": {}} for kind in types}
