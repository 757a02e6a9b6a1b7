"""The OpenAPI document describes every endpoint that exists, and nothing that does not."""
import re


def _spec_operations(spec):
    return {(method.upper(), path) for path, item in spec["paths"].items() for method in item}


def _routes(app):
    out = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            out.add((method, path))
    return out


def test_every_route_is_described(app, client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    spec = r.get_json()
    assert spec["openapi"].startswith("3.1")
    assert _spec_operations(spec) == _routes(app)


def test_path_parameters_are_declared(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, item in spec["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, (path, declared)


def test_answers_are_checked_against_the_document_unless_production_turns_it_off(
        app, client, make, monkeypatch):
    """A handler whose answer drifts from its documented schema fails loudly where answers
    are checked (development, tests: API_CHECK_ANSWERS); production leaves the check to the
    tests and serves the answer (config.ProductionConfig)."""
    from congress.people import api as people_api
    from tests.helpers import bearer, token_for

    headers = bearer(token_for(client, make.user("secretariat")))
    drifted = people_api.user_json
    monkeypatch.setattr(people_api, "user_json", lambda user: drifted(user) | {"extra": 1})
    assert client.get("/api/v1/users/me", headers=headers).status_code == 500
    monkeypatch.setitem(app.config, "API_CHECK_ANSWERS", False)
    answer = client.get("/api/v1/users/me", headers=headers)
    assert answer.status_code == 200 and answer.get_json()["extra"] == 1
