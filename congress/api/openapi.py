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
NULLABLE_I, NULLABLE_S = {"type": ["integer", "null"]}, {"type": ["string", "null"]}
REPORT_VERSION = _obj(("number", "tabled", "tabled_at"), number=I, tabled=B,
                      tabled_at={"type": ["string", "null"], "format": "date-time"},
                      note=NULLABLE_S,
                      blocks={"type": "array", "items": _obj(
                          ("id", "kind", "text"), id=I,
                          kind={"type": "string", "enum": ["heading", "paragraph", "table"]},
                          level=NULLABLE_I, number=NULLABLE_I, text=S,
                          rows={"type": "array", "items": {"type": "array", "items": S}})})
REPORT = _obj(("id", "title", "kind", "current_version", "versions"), id=I, meeting_id=I,
              title=S, kind={"type": "string", "enum": ["party_committee", "discipline",
                                                        "development", "other"]},
              current_version=NULLABLE_I, versions={"type": "array", "items": REPORT_VERSION},
              version=REPORT_VERSION, resolutions={"type": "array", "items": _obj(
                  ("id", "title", "status"), id=I, title=S, ballot_id=NULLABLE_I, status=S,
                  passed={"type": ["boolean", "null"]},
                  counts={"type": ["object", "null"], "additionalProperties": I},
                  unmarked=I, present=I)})
COMMENT = _obj(("id", "report_id", "version", "paragraph_id", "text", "delegate", "editable"),
               id=I, report_id=I, version=I, paragraph_id=NULLABLE_I, paragraph=NULLABLE_I,
               text=S, delegate=_obj(("id", "name"), id=I, name=S), delegation=S,
               created_at=DT, updated_at={"type": ["string", "null"], "format": "date-time"},
               editable=B)
GROUP = _obj(("delegation", "status", "members", "present", "comments"),
             delegation=_obj(("id", "name"), id=I, name=S),
             status={"type": "string", "enum": ["pending", "open", "closed"]},
             recorder={"oneOf": [{"type": "null"}, _obj(("id", "name"), id=I, name=S)]},
             members=I, present=I, comments=I, commenters=I, notes_chars=I,
             notes_updated_at={"type": ["string", "null"], "format": "date-time"})


def spec():
    from congress.api import proposals_openapi, records_openapi  # they import these helpers

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
            **report_paths(),
            "/openapi.json": {"get": _op("This document", tag="meta", public=True,
                                         responses={200: ("OpenAPI 3.1", {"type": "object"})})},
            **proposals_openapi.paths(),
            **records_openapi.paths(),
        },
    }


def report_paths():
    """Report review: reading reports, review comments, group progress."""
    rid, cid = ("rid",), ("cid",)
    comment_body = _obj(("text",), text=S, paragraph_id={
        "type": "integer", "description": "a numbered paragraph (or table) of the current "
                                          "version; omit for the whole report"})
    return {
        "/meetings/{mid}/reports": {"get": _op(
            "The meeting's tabled reports (without their text)", tag="reports",
            params=("mid",), responses={200: ("Reports", _obj(("reports",), reports={
                "type": "array", "items": REPORT}))})},
        "/reports/{rid}": {"get": _op(
            "A tabled report with the blocks of its current version; ?version=N for an "
            "earlier one. Tabled versions are frozen.", tag="reports", params=rid,
            responses={200: ("The report", REPORT)})},
        "/reports/{rid}/comments": {
            "get": _op("Review comments the caller may read: a delegate their own, a group "
                       "recorder also the group's, the secretariat all", tag="reports",
                       params=rid, responses={200: ("Comments", _obj(("comments",), comments={
                           "type": "array", "items": COMMENT}))}),
            "post": _op("Write a review comment on the current version (delegate), on the "
                        "whole report or one paragraph", tag="reports", params=rid,
                        body=comment_body,
                        responses={201: ("Written", COMMENT),
                                   409: ("Not tabled, or the group session has ended",
                                         ERROR)})},
        "/comments/{cid}": {
            "put": _op("Change one's own comment until the group session ends", tag="reports",
                       params=cid, body=_obj(("text",), text=S),
                       responses={200: ("Changed", COMMENT),
                                  409: ("The group session has ended", ERROR)}),
            "delete": _op("Delete one's own comment until the group session ends",
                          tag="reports", params=cid,
                          responses={204: ("Deleted", None),
                                     409: ("The group session has ended", ERROR)})},
        "/meetings/{mid}/groups": {"get": _op(
            "Group sessions' progress (chair, secretariat)", tag="reports", params=("mid",),
            responses={200: ("Groups", _obj(("groups",), groups={"type": "array",
                                                                 "items": GROUP}))})},
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
