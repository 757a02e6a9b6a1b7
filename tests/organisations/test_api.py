"""The organisations door of the API: organisations, their congresses, accounts of an
organisation, meetings of a congress (API.md, "Organisations, congresses, delegates")."""
import re

import pytest

from tests.helpers import bearer, token_for
from tests.organisations.conftest import audit_count


def _as(client, account):
    return bearer(token_for(client, account))


def _error_field(response):
    return re.split("[:：]", response.get_json()["error"]["message"])[0]


# --- organisations ------------------------------------------------------------------------------

def test_a_secretariat_creates_a_child_organisation(app, client, tree, member):
    city = _as(client, member("secretariat", tree.city))
    before = audit_count(app, "organisation.create")
    r = client.post("/api/v1/organisations", headers=city,
                    json={"name": "包河区委", "parent_id": tree.city})
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body == {"id": body["id"], "name": "包河区委", "parent_id": tree.city,
                    "level": "county"}  # a city's children are counties unless told
    assert audit_count(app, "organisation.create") == before + 1
    listed = client.get(f"/api/v1/organisations/{tree.city}", headers=city).get_json()
    assert {"id": body["id"], "name": "包河区委", "level": "county"} in listed["children"]


def test_an_organiser_creates_below_its_children(client, tree, member):
    organiser = _as(client, member("organiser", tree.city))
    r = client.post("/api/v1/organisations", headers=organiser,
                    json={"name": "龙岗街道党工委", "parent_id": tree.county, "level": "township"})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["parent_id"] == tree.county


@pytest.mark.parametrize("who,parent", [("city", "county"), ("county", "sibling"),
                                        ("county", "city"), ("county", "nowhere")])
def test_a_parent_out_of_reach_is_no_such_organisation(client, tree, member, who, parent):
    """A secretariat creates only under its own organisation; an id it does not reach is a
    wrong field (422), as every id of a body, whether it exists or not."""
    caller = _as(client, member("secretariat", getattr(tree, who)))
    parent_id = 999_999 if parent == "nowhere" else getattr(tree, parent)
    r = client.post("/api/v1/organisations", headers=caller,
                    json={"name": "新党委", "parent_id": parent_id})
    assert r.status_code == 422
    assert _error_field(r) == "parent_id"


@pytest.mark.parametrize("role", ["chair", "committee", "observer", "unit"])
def test_other_roles_may_not_create_organisations(client, tree, member, role):
    caller = _as(client, member(role, tree.city))
    r = client.post("/api/v1/organisations", headers=caller,
                    json={"name": "新党委", "parent_id": tree.city})
    assert r.status_code == 403
    assert r.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("body,field", [
    ({"name": "   ", "parent_id": 0}, "name"),
    ({"name": "新党委", "level": "province"}, "level"),
    ({"name": "瑶海区委"}, "name"),  # exists under the city already
    ({"level": "county"}, "name"),
])
def test_bad_organisations_are_refused_on_their_field(client, tree, member, body, field):
    city = _as(client, member("secretariat", tree.city))
    body = {"parent_id": tree.city} | body if body.get("parent_id") != 0 else \
        body | {"parent_id": tree.city}
    r = client.post("/api/v1/organisations", headers=city, json=body)
    assert r.status_code == 422
    assert _error_field(r) == field


def test_reading_below_is_the_organisers_alone(client, tree, member):
    city_secretariat = _as(client, member("secretariat", tree.city))
    organiser = _as(client, member("organiser", tree.city))
    county = _as(client, member("secretariat", tree.county))
    assert client.get(f"/api/v1/organisations/{tree.county}",
                      headers=city_secretariat).status_code == 404
    assert client.get(f"/api/v1/organisations/{tree.township}",
                      headers=organiser).get_json()["name"] == "大兴镇党委"
    for other in (tree.sibling, tree.city, tree.township):
        r = client.get(f"/api/v1/organisations/{other}", headers=county)
        assert r.status_code == 404
        assert r.get_json()["error"]["code"] == "not_found"
    own = client.get(f"/api/v1/organisations/{tree.county}", headers=county).get_json()
    assert own["children"] == [{"id": tree.township, "name": "大兴镇党委", "level": "township"}]


def test_the_list_holds_what_the_caller_sees(client, make, tree, member):
    def names(account):
        r = client.get("/api/v1/organisations", headers=_as(client, account))
        assert r.status_code == 200
        return {o["name"] for o in r.get_json()["organisations"]}

    assert names(member("secretariat", tree.county)) == {"瑶海区委"}
    assert names(member("organiser", tree.county)) == {"瑶海区委", "大兴镇党委"}
    assert len(names(member("organiser", tree.city))) == 4
    assert names(member("chair", tree.city)) == {"本级党组织"}
    delegate = make.delegate(make.meeting())  # the root organisation's: reads no organisation
    refused = client.get("/api/v1/organisations", headers=_as(client, delegate))
    assert refused.status_code == 403


def test_me_and_the_token_name_the_organisation(client, tree, member):
    account = member("chair", tree.county)
    r = client.post("/api/v1/tokens", json={"username": account.username,
                                            "password": account.password})
    assert r.get_json()["user"]["organisation_id"] == tree.county
    me = client.get("/api/v1/users/me", headers=bearer(r.get_json()["token"])).get_json()
    assert me["organisation_id"] == tree.county


# --- accounts of an organisation ----------------------------------------------------------------

def test_a_parent_secretariat_creates_the_childs_first_secretariat(app, client, tree, member):
    city = _as(client, member("secretariat", tree.city))
    r = client.post("/api/v1/users", headers=city,
                    json={"username": "yaohai", "name": "瑶海秘书处", "role": "secretariat",
                          "organisation_id": tree.county})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["organisation_id"] == tree.county
    first = client.post("/api/v1/tokens", json={"username": "yaohai",
                                                "password": r.get_json()["password"]})
    headers = bearer(first.get_json()["token"])
    seen = client.get("/api/v1/organisations", headers=headers).get_json()["organisations"]
    assert [o["id"] for o in seen] == [tree.county]
    assert audit_count(app, "user.create") >= 2


def test_accounts_default_to_the_callers_organisation(client, tree, member):
    county = _as(client, member("secretariat", tree.county))
    r = client.post("/api/v1/users", headers=county,
                    json={"username": "yhchair", "name": "主席", "role": "chair"})
    assert r.status_code == 201
    assert r.get_json()["organisation_id"] == tree.county


@pytest.mark.parametrize("target", ["city", "sibling", "nowhere"])
def test_no_account_in_an_organisation_out_of_reach(client, tree, member, target):
    county = _as(client, member("secretariat", tree.county))
    oid = 999_999 if target == "nowhere" else getattr(tree, target)
    r = client.post("/api/v1/users", headers=county,
                    json={"username": "intruder", "name": "x", "role": "chair",
                          "organisation_id": oid})
    assert r.status_code == 422
    assert _error_field(r) == "organisation_id"


def test_an_organiser_creates_accounts_below_only(client, tree, member):
    organiser = _as(client, member("organiser", tree.city))
    own = client.post("/api/v1/users", headers=organiser,
                      json={"username": "own1", "name": "x", "role": "chair"})
    assert own.status_code == 403
    below = client.post("/api/v1/users", headers=organiser,
                        json={"username": "below1", "name": "x", "role": "secretariat",
                              "organisation_id": tree.township})
    assert below.status_code == 201
    assert below.get_json()["organisation_id"] == tree.township


def test_units_are_per_organisation(client, tree, member):
    city_unit_holder = member("unit", tree.city, unit_name="市财政局")
    county = _as(client, member("secretariat", tree.county))
    made = client.post("/api/v1/units", headers=county, json={"name": "区财政局"})
    assert made.status_code == 201
    names = [u["name"] for u in client.get("/api/v1/units", headers=county).get_json()["units"]]
    assert names == ["区财政局"]
    city = _as(client, member("secretariat", tree.city))
    city_units = client.get("/api/v1/units", headers=city).get_json()["units"]
    assert [u["name"] for u in city_units] == ["市财政局"]
    assert client.get(f"/api/v1/units/{city_units[0]['id']}", headers=county).status_code == 404
    r = client.post("/api/v1/users", headers=county,
                    json={"username": "u9", "name": "x", "role": "unit",
                          "unit_id": city_units[0]["id"]})
    assert r.status_code == 422
    assert _error_field(r) == "unit_id"
    assert city_unit_holder.role == "unit"


# --- congresses ---------------------------------------------------------------------------------

CONGRESS = {"title": "中共瑶海区第十二次代表大会", "ordinal": 12, "elected_on": "2024-02-29"}


def test_a_secretariat_creates_a_congress_of_its_organisation(app, client, tree, member):
    county = _as(client, member("secretariat", tree.county))
    r = client.post(f"/api/v1/organisations/{tree.county}/congresses", headers=county,
                    json=CONGRESS)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert {k: body[k] for k in ("organisation_id", "title", "elected_on", "term_ends_on")} == {
        "organisation_id": tree.county, "title": CONGRESS["title"],
        "elected_on": "2024-02-29", "term_ends_on": "2029-02-28"}
    assert audit_count(app, "congress.create") == 1
    assert client.get(f"/api/v1/congresses/{body['id']}", headers=county).get_json() == body
    listed = client.get(f"/api/v1/organisations/{tree.county}/congresses", headers=county)
    assert [c["id"] for c in listed.get_json()["congresses"]] == [body["id"]]
    organiser = _as(client, member("organiser", tree.city))
    assert client.get(f"/api/v1/congresses/{body['id']}", headers=organiser).status_code == 200
    for outsider in (member("secretariat", tree.sibling), member("secretariat", tree.city)):
        r = client.get(f"/api/v1/congresses/{body['id']}", headers=_as(client, outsider))
        assert r.status_code == 404


@pytest.mark.parametrize("who,role,status", [
    ("city", "secretariat", 404),   # a parent's secretariat does not read below
    ("sibling", "secretariat", 404),
    ("city", "organiser", 403),     # reads below, but the term is set up by its own
    ("county", "chair", 403),
    ("county", "organiser", 403),
])
def test_only_the_organisations_secretariat_creates_its_congress(client, tree, member, who,
                                                                 role, status):
    caller = _as(client, member(role, getattr(tree, who)))
    r = client.post(f"/api/v1/organisations/{tree.county}/congresses", headers=caller,
                    json=CONGRESS)
    assert r.status_code == status


@pytest.mark.parametrize("change,field", [
    ({"title": " "}, "title"),
    ({"elected_on": "2024-02-30"}, "elected_on"),
    ({"elected_on": "yesterday"}, "elected_on"),
    ({"elected_on": "9998-01-01"}, "elected_on"),
    ({"term_years": 0}, "term_years"),
    ({"term_years": 11}, "term_years"),
    ({"ordinal": 0}, "ordinal"),
])
def test_bad_congresses_are_refused_on_their_field(client, tree, member, change, field):
    county = _as(client, member("secretariat", tree.county))
    r = client.post(f"/api/v1/organisations/{tree.county}/congresses", headers=county,
                    json=CONGRESS | change)
    assert r.status_code == 422, r.get_json()
    assert _error_field(r) == field


# --- meetings of a congress ---------------------------------------------------------------------

def test_a_meeting_of_a_congress(client, tree, member):
    county = _as(client, member("secretariat", tree.county))
    congress = client.post(f"/api/v1/organisations/{tree.county}/congresses", headers=county,
                           json=CONGRESS).get_json()
    r = client.post("/api/v1/meetings", headers=county,
                    json={"title": "第二次年会", "year": 2026, "congress_id": congress["id"],
                          "starts_on": "2026-03-01"})
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert (body["congress_id"], body["organisation_id"]) == (congress["id"], tree.county)
    assert client.get(f"/api/v1/congresses/{congress['id']}",
                      headers=county).get_json()["meeting_ids"] == [body["id"]]
    late = client.post("/api/v1/meetings", headers=county,
                       json={"title": "任期外", "year": 2030, "congress_id": congress["id"],
                             "starts_on": "2030-03-01"})
    assert late.status_code == 422
    assert _error_field(late) == "starts_on"


def test_a_meeting_without_a_congress_gets_one_of_its_own(client, tree, member):
    county = _as(client, member("secretariat", tree.county))
    r = client.post("/api/v1/meetings", headers=county, json={"title": "年会", "year": 2026})
    assert r.status_code == 201
    body = r.get_json()
    assert body["organisation_id"] == tree.county
    own = client.get(f"/api/v1/congresses/{body['congress_id']}", headers=county).get_json()
    assert own["title"] == "年会" and own["meeting_ids"] == [body["id"]]


def test_another_organisations_congress_is_no_such_congress(client, tree, member):
    sibling = _as(client, member("secretariat", tree.sibling))
    congress = client.post(f"/api/v1/organisations/{tree.sibling}/congresses", headers=sibling,
                           json=CONGRESS | {"title": "庐阳区党代会"}).get_json()
    county = _as(client, member("secretariat", tree.county))
    r = client.post("/api/v1/meetings", headers=county,
                    json={"title": "x", "year": 2026, "congress_id": congress["id"]})
    assert r.status_code == 422
    assert _error_field(r) == "congress_id"
