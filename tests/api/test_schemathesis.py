"""Schemathesis fuzzes every operation of the served OpenAPI document, as the secretariat and
as a delegate: any server error, or any answer (success or refusal) that does not match its
documented schema, fails the test.

The document is fetched from the app itself (GET /api/v1/openapi.json through its WSGI
stack), so what is tested is what clients read. Path ids are sometimes replaced by the ids of
a real meeting and its objects, so that bodies reach the services and not only the 404.
Runs are derandomized: the same cases every time, so a failure reproduces.
"""
import zlib

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from congress.extensions import db

CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance)
EXAMPLES = 25  # per operation and role: about 2,000 calls per role and database


@pytest.fixture
def world(app, client, make):
    """A meeting with delegates, a ballot, a debrief (with its queue), a proposal and a unit,
    made through the API itself; the accounts that fuzz; the ids to aim at."""
    meeting = make.meeting(min_signers=1)
    delegate = make.delegate(meeting)
    make.delegate(meeting)
    secretariat = make.user("secretariat")
    ids = {"mid": meeting, "uid": make.unit()}
    with app.app_context():  # the meeting's organisation and congress
        from congress.meetings.models import Meeting

        held = db.session.get(Meeting, meeting)
        ids.update(oid=held.organisation_id, cid=held.congress_id)
    as_secretariat = {"Authorization": f"Bearer {_fresh_token(app, secretariat)}"}
    as_delegate = {"Authorization": f"Bearer {_fresh_token(app, delegate)}"}
    ids["bid"] = _made(client.post(f"/api/v1/meetings/{meeting}/ballots", headers=as_secretariat,
                                   json={"title": "表决", "kind": "motion",
                                         "subjects": [{"title": "决议草案"}]}))["id"]
    debrief = _made(client.post(f"/api/v1/meetings/{meeting}/debriefs", headers=as_secretariat,
                                json={"reporter_name": "王书记", "reporter_title": "区委书记"}))
    ids["did"], ids["qid"] = debrief["id"], debrief["queue_id"]
    ids["pid"] = _made(client.post(f"/api/v1/meetings/{meeting}/proposals", headers=as_delegate,
                                   json={"title": "加快老旧小区改造", "category": "社会民生",
                                         "grounds": "理由", "measures": "措施"}))["id"]
    return {"ids": ids, "accounts": {"secretariat": secretariat, "delegate": delegate}}


def _made(response):
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _fresh_token(app, account):
    """A token per case: a fuzzed DELETE /tokens/current must not end the run's access."""
    from congress.people.models import User
    from congress.people.services import issue_token

    with app.app_context():
        token = issue_token(db.session.get(User, account.id))
        db.session.commit()
        return token


def _aim(case, world, draw_real):
    """Point the path's ids at real objects for half the cases (`rid` is two things: left
    to chance)."""
    if not draw_real:
        return
    for name in case.path_parameters or {}:
        if name in world["ids"]:
            case.path_parameters[name] = world["ids"][name]


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def _fuzz_every_operation(app, world, role):
    """Every operation of the served document, EXAMPLES cases each; the failures, listed."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if _is_stream(operation):
            continue  # an event stream never ends; tests/debriefs/test_live.py reads it

        @given(case=operation.as_strategy())
        @FUZZ
        def call(case):
            _call_as(role, case, app, world)

        try:
            call()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 (reported together)
            failures.append(f"{operation.method.upper()} {operation.path}: {error}"[:2000])
    return failures


def _is_stream(operation):
    responses = operation.definition.raw.get("responses", {})
    return any("text/event-stream" in (answer.get("content") or {})
               for answer in responses.values())


def _call_as(role, case, app, world):
    account = world["accounts"][role]
    _aim(case, world, draw_real=zlib.crc32(repr(case.body).encode()) % 2 == 0)
    response = case.call(headers={"Authorization": f"Bearer {_fresh_token(app, account)}"})
    case.validate_response(response, checks=CHECKS)


def test_api_answers_the_secretariat_as_documented(app, world):
    failures = _fuzz_every_operation(app, world, "secretariat")
    assert not failures, "\n\n".join(failures)


def test_api_answers_a_delegate_as_documented(app, world):
    failures = _fuzz_every_operation(app, world, "delegate")
    assert not failures, "\n\n".join(failures)
