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
MEETING = _obj(("id", "title", "year"), id=I, title=S, year=I, quorum_ratio=N, min_signers=I,
               proposal_deadline=DT, starts_on=S, ends_on=S, venue=S,
               agenda={"type": "array", "items": _obj(id=I, position=I, kind=S, title=S,
                                                      starts_at=DT)})
DELEGATE = _obj(("id", "name", "delegation", "username"), id=I, name=S, delegation=S,
                delegation_id=I, username=S, gender=S, work_unit=S, job_title=S, seat=S,
                grassroots=B)
CHECKIN = _obj(("id", "delegate_id", "status"), id=I, delegate_id=I, status=S, method=S, at=DT)
OPTION = _obj(("id", "label", "weight", "favourable"), id=I, label=S, weight=N, favourable=B)
SUBJECT_RESULT = _obj(("id", "title", "counts", "abstain", "favourable_rate", "score", "rank"),
                      id=I, title=S, counts={"type": "object", "additionalProperties": I},
                      abstain=I, favourable_rate={"type": ["number", "null"]},
                      score={"type": ["number", "null"]}, rank={"type": ["integer", "null"]},
                      passed=B)
BALLOT = _obj(("id", "title", "kind", "status", "turnout", "results"), id=I, meeting_id=I,
              title=S, kind={"type": "string", "enum": ["rating", "motion"]},
              status={"type": "string", "enum": ["draft", "open", "closed"]},
              subjects={"type": "array", "items": _obj(("id", "title"), id=I, title=S)},
              options={"type": "array", "items": OPTION},
              turnout=_obj(("eligible", "voted"), eligible=I, voted=I),
              results={"oneOf": [{"type": "null"}, _obj(
                  ("quorum_met", "subjects"), quorum_met=B,
                  subjects={"type": "array", "items": SUBJECT_RESULT})]},
              due=I, present=I, cast=I, blank=I, receipts_digest=S, voted=B)
ATTENDANCE = _obj(("due", "present", "on_leave", "quorum_needed", "quorum_met"), due=I,
                  present=I, on_leave=I, quorum_needed=I, quorum_met=B)
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
    from congress.api import records_openapi  # it imports these helpers

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
            "/meetings": {
                "post": _op("Create a meeting (secretariat)", tag="meetings",
                            body=_obj(("title", "year"), title=S, year=I, quorum_ratio=N,
                                      min_signers=I, proposal_deadline=DT, starts_on=S,
                                      ends_on=S, venue=S),
                            responses={201: ("Created", MEETING)}),
                "get": _op("Meetings the user may see", tag="meetings",
                           responses={200: ("Meetings", _obj(meetings={"type": "array",
                                                                        "items": MEETING}))})},
            "/meetings/{mid}": {"get": _op("One meeting with its agenda", tag="meetings",
                                           params=mid, responses={200: ("The meeting",
                                                                        MEETING)})},
            "/meetings/{mid}/delegates": {
                "post": _op("Add a delegate (secretariat)", tag="meetings", params=mid,
                            body=_obj(("name", "delegation"), name=S, delegation=S, seat=S,
                                      grassroots=B, gender=S, work_unit=S, job_title=S),
                            responses={201: ("Created; the PIN is shown this once",
                                             {"allOf": [DELEGATE, _obj(("pin",), pin=S)]})}),
                "get": _op("List delegates (chair, secretariat)", tag="meetings", params=mid,
                           responses={200: ("Delegates", _obj(delegates={"type": "array",
                                                                          "items": DELEGATE}))})},
            "/meetings/{mid}/checkins": {"post": _op(
                "Check a delegate in ({\"delegate_id\"}, secretariat) or oneself ({}, delegate)",
                tag="meetings", params=mid, body=_obj(delegate_id=I),
                responses={201: ("Checked in", CHECKIN),
                           200: ("Already checked in: the same record", CHECKIN)})},
            "/meetings/{mid}/attendance": {"get": _op(
                "Due, present, on leave and the quorum", tag="meetings", params=mid,
                responses={200: ("Attendance", ATTENDANCE)})},
            "/meetings/{mid}/ballots": {
                "post": _op("Prepare a rating or motion ballot (secretariat)", tag="ballots",
                            params=mid, body=_obj(
                                ("title", "kind", "subjects"), title=S,
                                kind={"type": "string", "enum": ["rating", "motion"]},
                                subjects={"type": "array", "items": _obj(("title",), title=S)},
                                options={"type": "array", "items": _obj(
                                    ("label",), label=S, weight=N, favourable=B)},
                                pass_ratio=N),
                            responses={201: ("Prepared (status draft)", BALLOT)}),
                "get": _op("The meeting's ballots", tag="ballots", params=mid,
                           responses={200: ("Ballots", _obj(ballots={"type": "array",
                                                                      "items": BALLOT}))})},
            "/ballots/{bid}": {
                "get": _op("A ballot; results stay null until it is closed, for every role",
                           tag="ballots", params=("bid",), responses={200: ("The ballot", BALLOT)}),
                "delete": _op("Delete a ballot that was never opened (secretariat)",
                              tag="ballots", params=("bid",),
                              responses={204: ("Deleted", None), 409: ("Not a draft", ERROR)})},
            "/ballots/{bid}/open": {"post": _op(
                "Open the ballot (chair); refused without quorum", tag="ballots",
                params=("bid",), responses={200: ("Open", BALLOT), 409: ("No quorum or not a draft",
                                                                         ERROR)})},
            "/ballots/{bid}/close": {"post": _op(
                "Close, count and freeze the results (chair)", tag="ballots", params=("bid",),
                responses={200: ("Closed with results", BALLOT), 409: ("Not open", ERROR)})},
            "/ballots/{bid}/votes": {"post": _op(
                "Cast a secret vote (delegate, checked in). A subject left out is an abstention. "
                "Resending with the same idempotency_key (or Idempotency-Key header) returns the "
                "same receipt.", tag="ballots", params=("bid",),
                body=_obj(("choices",), choices={"type": "object",
                                                 "additionalProperties": I},
                          idempotency_key=S),
                responses={201: ("Cast", _obj(("receipt",), receipt=S)),
                           409: ("Already voted, or the ballot is not open", ERROR)})},
            "/ballots/{bid}/turnout": {"get": _op(
                "Voted / eligible and who (present) has not voted yet (chair, secretariat)",
                tag="ballots", params=("bid",), responses={200: ("Turnout", _obj(
                    ("eligible", "voted", "not_voted"), eligible=I, voted=I,
                    not_voted={"type": "array", "items": _obj(id=I, name=S, delegation=S,
                                                               seat=S)}))})},
            "/ballots/{bid}/receipts": {"get": _op(
                "Every receipt, sorted, and their SHA-256 digest (after close)", tag="ballots",
                params=("bid",), responses={200: ("Receipts", _obj(
                    ("receipts", "digest"), receipts={"type": "array", "items": S}, digest=S)),
                    409: ("Not closed yet", ERROR)})},
            "/ballots/{bid}/results.pdf": {"get": _op(
                "The result sheet (测评结果统计表) as PDF (after close)", tag="ballots",
                params=("bid",), responses={200: ("The result sheet", PDF),
                                            409: ("Not closed yet", ERROR)})},
            **report_paths(),
            "/openapi.json": {"get": _op("This document", tag="meta", public=True,
                                         responses={200: ("OpenAPI 3.1", {"type": "object"})})},
            **debrief_paths(),
            **records_openapi.paths(),
        },
    }


TIMER = {"oneOf": [{"type": "null"}, _obj(("kind", "seconds", "remaining", "running", "overrun"),
                                          kind=S, seconds=I, remaining=N, running=B, overrun=B)]}
FLOOR_REQUEST = _obj(("id", "delegate", "kind", "text", "status"), id=I,
                     delegate=_obj(("id", "name"), id=I, name=S),
                     kind={"type": "string", "enum": ["question", "challenge"]},
                     text={"type": ["string", "null"]},
                     status={"type": "string", "enum": ["waiting", "speaking", "done",
                                                        "withdrawn", "rejected"]},
                     designated=B, answer={"type": ["string", "null"]}, position=I)
DEBRIEF = _obj(("id", "phase", "reporter_name", "reporter_title", "queue_id", "ballot_id",
                "comment", "questions"), id=I, meeting_id=I, position=I,
               phase={"type": "string", "enum": ["pending", "report", "questions", "comment",
                                                 "scoring", "closed"]},
               reporter_name=S, reporter_title=S, queue_id=I, ballot_id={"type": ["integer", "null"]},
               comment={"oneOf": [{"type": "null"}, _obj(("speaker", "text"), speaker=S, text=S)]},
               questioners={"type": "array", "items": _obj(("id", "name"), id=I, name=S)},
               timer=TIMER, questions={"type": "array", "items": FLOOR_REQUEST})
QUEUE = _obj(("id", "open", "current", "waiting"), id=I, debrief_id=I, open=B,
             current={"oneOf": [{"type": "null"}, FLOOR_REQUEST]},
             waiting={"type": "array", "items": FLOOR_REQUEST})


def debrief_paths():
    conflict = (409, ("Conflicts with the current state (wrong phase, closed queue, already "
                      "waiting, limit reached ...)", ERROR))
    return {
        "/meetings/{mid}/debriefs": {
            "post": _op("Add a debrief (secretariat)", tag="debriefs", params=("mid",),
                        body=_obj(("reporter_name", "reporter_title"), reporter_name=S,
                                  reporter_title=S, questioner_ids={"type": "array", "items": I}),
                        responses={201: ("Created", DEBRIEF)}),
            "get": _op("The meeting's debriefs in order", tag="debriefs", params=("mid",),
                       responses={200: ("Debriefs", _obj(("debriefs",), debriefs={
                           "type": "array", "items": DEBRIEF}))})},
        "/debriefs/{did}": {"get": _op("A debrief with its questions and answers",
                                       tag="debriefs", params=("did",),
                                       responses={200: ("The debrief", DEBRIEF)})},
        "/debriefs/{did}/phase": {"post": _op(
            "Move to the next phase (chair): pending → report → questions → comment → scoring "
            "→ closed. Questions opens the queue; scoring opens a rating ballot; closed closes "
            "it.", tag="debriefs", params=("did",), body=_obj(("phase",), phase=S),
            responses={200: ("Moved", DEBRIEF), 409: conflict[1]})},
        "/debriefs/{did}/timer": {"post": _op(
            "Control the step's countdown (chair): pause, resume, restart, or answer (start the "
            "answer countdown for the current questioner)", tag="debriefs", params=("did",),
            body=_obj(("action",), action={"type": "string",
                                           "enum": ["pause", "resume", "restart", "answer"]}),
            responses={200: ("The countdown", _obj(("timer",), timer=TIMER)), 409: conflict[1]})},
        "/debriefs/{did}/comment": {"put": _op(
            "Record the leading official's comment (secretariat)", tag="debriefs",
            params=("did",), body=_obj(("speaker", "text"), speaker=S, text=S),
            responses={200: ("Recorded", DEBRIEF), 409: conflict[1]})},
        "/queues/{qid}": {"get": _op("The queue: the speaker and the waiting, in order",
                                     tag="queue", params=("qid",),
                                     responses={200: ("The queue", QUEUE)})},
        "/queues/{qid}/requests": {"post": _op(
            "Request the floor (delegate, checked in)", tag="queue", params=("qid",),
            body=_obj(("kind",), kind={"type": "string", "enum": ["question", "challenge"]},
                      text=S),
            responses={201: ("Waiting, with its position", FLOOR_REQUEST), 409: conflict[1],
                       429: RATE_LIMITED})},
        "/queues/{qid}/requests/{rid}": {"delete": _op(
            "Withdraw one's own request (delegate) or reject any (chair)", tag="queue",
            params=("qid", "rid"), responses={204: ("Done", None), 409: conflict[1],
                                              429: RATE_LIMITED})},
        "/queues/{qid}/next": {"post": _op(
            "The speaker is done; the first waiting gets the floor (chair)", tag="queue",
            params=("qid",), responses={200: ("The new speaker", _obj(("current",), current={
                "oneOf": [{"type": "null"}, FLOOR_REQUEST]})), 409: conflict[1]})},
        "/queues/{qid}/requests/{rid}/move": {"post": _op(
            "Reorder a waiting request (chair)", tag="queue", params=("qid", "rid"),
            body=_obj(("to",), to={"type": "string", "enum": ["first", "up", "down"]}),
            responses={200: ("The queue", QUEUE), 409: conflict[1]})},
        "/queues/{qid}/requests/{rid}/answer": {"put": _op(
            "Record the answer to a question (secretariat)", tag="queue", params=("qid", "rid"),
            body=_obj(("text",), text=S), responses={200: ("Recorded", FLOOR_REQUEST),
                                                     409: conflict[1]})},
        "/meetings/{mid}/events": {"get": _events_operation()},
    }


RATE_LIMITED = ("Too many in a short time (code rate_limited; Retry-After says when to try "
                "again)", ERROR)


def _events_operation():
    operation = _op(
        "Server-Sent Events of the meeting: id, event (checkin, phase, timer, queue, debrief, "
        "ballot, turnout ...) and JSON data. Reconnect with Last-Event-ID to receive every "
        "later event once; turnout ticks carry no id. A `closed` event ends the stream: "
        "reason `signed_out` (the session or token ended) or `replaced` (the same account "
        "opened more streams than allowed; the oldest ends). The projector's read-only link "
        "streams here with ?key= and no account.",
        tag="live", params=("mid",), responses={429: RATE_LIMITED})
    operation["parameters"].append({"name": "key", "in": "query", "required": False,
                                    "schema": {"type": "string"},
                                    "description": "the projector link's key"})
    operation["responses"]["200"] = {"description": "text/event-stream",
                                     "content": {"text/event-stream": {}}}
    return operation


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
