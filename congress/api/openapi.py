"""GET /api/v1/openapi.json: an OpenAPI 3.1 description of every endpoint that exists.

A test compares this document with the routes registered on the blueprint, so an endpoint
cannot be added without being described.
"""
from flask import current_app

from congress.api.base import bp
from congress.api.spec import openapi_document

ERROR = {"$ref": "#/components/schemas/Error"}
PDF = object()  # marks a response that is a PDF document


def _op(summary, *, tag, body=None, responses=None, public=False, params=()):
    operation = {"summary": summary, "tags": [tag], "responses": {}}
    for status, (description, schema) in (responses or {}).items():
        entry = {"description": description}
        if schema is PDF:
            entry["content"] = {"application/pdf": {}}
        elif schema is not None:
            entry["content"] = {"application/json": {"schema": schema}}
        operation["responses"][str(status)] = entry
    for status, description in ((400, "Malformed JSON"), (401, "No or bad credentials"),
                                (403, "Role or state forbids it"), (404, "Unknown id"),
                                (422, "Field validation failed")):
        operation["responses"].setdefault(str(status), {
            "description": description, "content": {"application/json": {"schema": ERROR}}})
    if body is not None:
        operation["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": body}}}
    if public:
        operation["security"] = []
    if params:
        operation["parameters"] = [{"name": p, "in": "path", "required": True,
                                    "schema": {"type": "integer"}} for p in params]
    return operation


def _obj(required=(), **props):
    return {"type": "object", "required": list(required), "properties": props}


S, I, B, N = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}, {"type": "number"}
DT = {"type": "string", "format": "date-time"}
USER = _obj(("id", "username", "name", "role"), id=I, username=S, name=S,
            role={"type": "string", "enum": ["secretariat", "chair", "delegate", "committee",
                                             "unit", "observer"]})
UNIT = _obj(("id", "name"), id=I, name=S)


def spec():
    from congress.api import proposals_openapi  # it imports these helpers

    mid = ("mid",)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Congress tablet and integration API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": _obj(("error",), error=_obj(("code", "message"), code=S,
                                                              message=S))},
        },
        "paths": {
            "/tokens": {"post": _op(
                "Sign in and get a bearer token", tag="accounts", public=True,
                body=_obj(("username", "password"), username=S, password=S),
                responses={201: ("Token issued", _obj(("token", "user"), token=S, user=USER)),
                           429: ("Too many failed attempts", ERROR)})},
            "/tokens/current": {"delete": _op("Revoke the token of this call", tag="accounts",
                                              responses={204: ("Revoked", None)})},
            "/users/me": {"get": _op("The signed-in user", tag="accounts",
                                     responses={200: ("The user", USER)})},
            "/users": {"post": _op(
                "Create a staff account (secretariat)", tag="accounts",
                body=_obj(("username", "name", "role"), username=S, name=S, role=S, unit_id=I),
                responses={201: ("Created; the password is shown this once",
                                 {"allOf": [USER, _obj(("password",), password=S)]})})},
            "/units": {
                "post": _op("Create a handling unit (secretariat)", tag="accounts",
                            body=_obj(("name",), name=S), responses={201: ("Created", UNIT)}),
                "get": _op("List handling units", tag="accounts",
                           responses={200: ("Units", _obj(units={"type": "array",
                                                                  "items": UNIT}))})},
            "/units/{uid}": {"get": _op("One handling unit", tag="accounts", params=("uid",),
                                        responses={200: ("The unit", UNIT)})},
            "/openapi.json": {"get": _op("This document", tag="meta", public=True,
                                         responses={200: ("OpenAPI 3.1", {"type": "object"})})},
            **proposals_openapi.paths(),
        },
    }


@bp.get("/openapi.json")
def openapi():
    """The generated document (congress/api/spec.py), completed during the move to typed
    schemas by the hand-written operations of the endpoints not declared yet."""
    document = openapi_document(current_app)
    legacy = spec()
    for path, item in legacy["paths"].items():
        for method, op in item.items():
            document["paths"].setdefault(path, {}).setdefault(method, op)
    document["components"]["schemas"].update(legacy["components"]["schemas"])
    return document
