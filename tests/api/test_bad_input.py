"""Bad input never reaches the database (issue 14): the 500s a fuzzer found, each now a clear
refusal that names the field and changes nothing, on both databases."""
import pytest

from congress.extensions import db
from tests.helpers import bearer, token_for

BIG = 2**31  # one past PostgreSQL's integer


@pytest.fixture
def staff(client, make):
    mid = make.meeting()
    return mid, bearer(token_for(client, make.user("secretariat")))


def _refused(response, status, field=None):
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    if field is not None:
        assert error["message"].startswith(f"{field}"), error
    return error


def _rows(app, model):
    with app.app_context():
        return db.session.query(model).count()


@pytest.mark.parametrize("text", ["a\x00b", "a\x04b"])
def test_control_characters_are_refused_even_before_sign_in(client, text):
    r = client.post("/api/v1/tokens", json={"username": text, "password": "x"})
    _refused(r, 422, "username")


def test_ids_beyond_the_integer_column_are_not_found_in_paths(client, staff):
    _mid, headers = staff
    for url in (f"/api/v1/meetings/{BIG}", f"/api/v1/ballots/{2**64}",
                f"/api/v1/meetings/{10**30}/attendance"):
        assert _refused(client.get(url, headers=headers), 404)["code"] == "not_found"


def test_ids_beyond_the_integer_column_are_refused_in_bodies(app, client, staff):
    from congress.meetings.models import Attendance

    mid, headers = staff
    r = client.post(f"/api/v1/meetings/{mid}/checkins", headers=headers,
                    json={"delegate_id": BIG})
    _refused(r, 422, "delegate_id")
    assert _rows(app, Attendance) == 0


def test_text_longer_than_its_column_is_refused_naming_the_field(app, client, staff):
    from congress.meetings.models import Meeting

    _mid, headers = staff
    before = _rows(app, Meeting)
    r = client.post("/api/v1/meetings", headers=headers,
                    json={"title": "年" * 1000, "year": 2026})
    _refused(r, 422, "title")
    assert _rows(app, Meeting) == before


@pytest.mark.parametrize("ratio", ["NaN", "Infinity", '"NaN"', "1e308", "-0.5", "true"])
def test_a_pass_ratio_must_be_a_finite_number_in_range(app, client, staff, ratio):
    """`ratio` is the raw JSON token (Python's parser reads NaN and Infinity too)."""
    from congress.ballots.models import Ballot

    mid, headers = staff
    body = ('{"title": "表决", "kind": "motion", "subjects": [{"title": "决议"}], '
            f'"pass_ratio": {ratio}}}')
    r = client.post(f"/api/v1/meetings/{mid}/ballots", headers=headers, data=body.encode(),
                    content_type="application/json")
    _refused(r, 422, "pass_ratio")
    assert _rows(app, Ballot) == 0


def test_an_option_weight_must_be_a_number(app, client, staff):
    mid, headers = staff
    r = client.post(f"/api/v1/meetings/{mid}/ballots", headers=headers, json={
        "title": "测评", "kind": "rating", "subjects": [{"title": "区委书记"}],
        "options": [{"label": "好", "weight": "NaN", "favourable": True}]})
    _refused(r, 422, "options.0.weight")


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 5_000 + b"1" +
                                  b"}" * 5_000])
def test_deeply_nested_json_is_a_400_even_before_sign_in(client, body):
    r = client.post("/api/v1/tokens", data=body, content_type="application/json")
    assert _refused(r, 400)["code"] == "malformed_json"


@pytest.mark.parametrize("body", [b"[1, 2]", b'"text"', b"{not json"])
def test_a_body_that_is_not_a_json_object_is_a_400(client, staff, body):
    _mid, headers = staff
    r = client.post("/api/v1/meetings", headers=headers, data=body,
                    content_type="application/json")
    assert _refused(r, 400)["code"] == "malformed_json"
