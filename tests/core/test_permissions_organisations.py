"""Permission matrix, part 6: organisations and congresses (pages and API). Every account of
the world is in the meeting's organisation; reading another organisation (404) is tested in
tests/organisations. The machinery is in tests/core/matrix.py."""
from tests.core.matrix import (
    COMMITTEE,
    OBSERVER,
    OUTSIDER,
    SIGNED_IN,
    STAFF,
    UNIT,
    C,
    D,
    Ok,
    S,
    every,
    matrix_tests,
    row,
)

READERS = frozenset({S, C, COMMITTEE, UNIT, OBSERVER})  # every role but the delegates'
ORG = ("organisation",)
OJOB = ("organisation", "organisation_job")
FOLLOWERS = STAFF | {D, UNIT, OUTSIDER}  # of the organisation's stream

PAGES = [
    row("GET /organisation", "/organisation",
        every(SIGNED_IN, Ok(302, location="/organisations/{oid}")), parts=ORG),
    row("GET /organisations/<int:oid>", "/organisations/{oid}",
        every(READERS, Ok(200, shows=("{org_name}", "矩阵下级党委"))), parts=ORG),
    row("POST /organisations/<int:oid>/children", "/organisations/{oid}/children",
        {S: Ok(200, shows="matrixkid",
               check=lambda w: w.count("Organisation", name="矩阵新党委") == 1
               and w.count("User", username="matrixkid") == 1)},
        data={"name": "矩阵新党委", "level": "", "username": "matrixkid", "user_name": ""},
        parts=ORG),
    row("POST /organisations/<int:oid>/congresses", "/organisations/{oid}/congresses",
        {S: Ok(302, location=r"re:/congresses/\d+",
               check=lambda w: w.count("Congress", title="矩阵第十二次党代会") == 1)},
        data={"title": "矩阵第十二次党代会", "ordinal": "12", "elected_on": "2026-01-15",
              "term_years": "5"}, parts=ORG),
    row("GET /congresses/<int:cid>", "/congresses/{congress}",
        every(STAFF, Ok(200, shows="{congress_title}")), parts=ORG),
    # the organisation's exports (jobs of the organisation): the file is its creator's and
    # the secretariat's only, the page and its stream are the staff's
    row("GET /organisations/<int:oid>/jobs", "/organisations/{oid}/jobs",
        {S: Ok(200, shows=('data-job="{ojid}"', "data-live-stream")),
         C: Ok(200, shows=("暂无任务", "data-live-stream"))}, parts=OJOB),
    row("GET /organisations/<int:oid>/jobs/panel", "/organisations/{oid}/jobs/panel",
        {S: Ok(200, shows='data-job="{ojid}"'), C: Ok(200, shows="暂无任务")}, parts=OJOB),
]

API = [
    row("POST /api/v1/organisations", "/api/v1/organisations",
        {S: Ok(201, shows="矩阵新党委",
               check=lambda w: w.count("Organisation", name="矩阵新党委") == 1)},
        data=lambda w: {"name": "矩阵新党委", "parent_id": w.ids["oid"]}, parts=ORG),
    row("GET /api/v1/organisations", "/api/v1/organisations",
        every(READERS, Ok(200, shows="{org_name}")), parts=ORG),
    row("GET /api/v1/organisations/<int:oid>", "/api/v1/organisations/{oid}",
        every(READERS, Ok(200, shows="矩阵下级党委")), parts=ORG),
    row("POST /api/v1/organisations/<int:oid>/congresses",
        "/api/v1/organisations/{oid}/congresses",
        {S: Ok(201, shows='"term_ends_on": "2031-01-15"',
               check=lambda w: w.count("Congress", title="矩阵第十二次党代会") == 1)},
        data={"title": "矩阵第十二次党代会", "elected_on": "2026-01-15"}, parts=ORG),
    row("GET /api/v1/organisations/<int:oid>/congresses",
        "/api/v1/organisations/{oid}/congresses",
        every(STAFF, Ok(200, shows="{congress_title}")), parts=ORG),
    row("GET /api/v1/congresses/<int:cid>", "/api/v1/congresses/{congress}",
        every(STAFF, Ok(200, shows="{congress_title}")), parts=ORG),
    # the organisation's own stream (its jobs' progress, its concerns): a bearer token or the
    # page session; a unit's users and a delegate receive only what is named for them
    row("GET /api/v1/organisations/<int:oid>/events", "/api/v1/organisations/{oid}/events",
        every(FOLLOWERS, Ok(200)), stream=True, parts=ORG),
    row("GET /api/v1/organisations/<int:oid>/events", "/api/v1/organisations/{oid}/events",
        every(FOLLOWERS, Ok(200)), stream=True, session=True, parts=ORG, name="page session"),
    row("GET /api/v1/jobs/<jid>", "/api/v1/jobs/{ojid}",
        {S: Ok(200, shows='"kind": "concern_register"')}, parts=OJOB,
        name="an organisation's job"),
]

ROWS = PAGES + API

test_route_permissions = matrix_tests(ROWS)

