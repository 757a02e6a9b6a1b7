"""Permission matrix: term work (groups, activities, contacts, the ledger, the term
statistics), pages and API. Every account of the world is in the meeting's organisation;
another organisation's objects (404) are tested in tests/activities. The machinery is in
tests/core/matrix.py."""
from tests.core.matrix import ANON, OUTSIDER, ROLES, STAFF, D, Ok, S, every, matrix_tests, pdf, row

PARTS = ("organisation", "term_work")


def _activity(w):
    return {"kind": "inspection", "title": "矩阵督查", "on": "2026-05-01",
            "delegate_ids": [w.ids["me"]]}


API = [
    row("POST /api/v1/organisations/<int:oid>/statistics/export",
        "/api/v1/organisations/{oid}/statistics/export",
        every(STAFF, Ok(202, shows='"kind": "term_statistics"',
                        check=lambda w: w.count("Job", kind="term_statistics") == 1)),
        data={"from": "2026-01-01", "to": "2026-12-31"}, parts=PARTS),
    row("POST /api/v1/congresses/<int:cid>/groups", "/api/v1/congresses/{congress}/groups",
        {S: Ok(201, shows='"convener_id"',
               check=lambda w: w.count("DelegateGroup", name="矩阵小组") == 1)},
        data=lambda w: {"name": "矩阵小组", "convener_id": w.ids["me"],
                        "member_ids": [w.ids["c1"]]}, parts=PARTS),
    row("POST /api/v1/organisations/<int:oid>/activities",
        "/api/v1/organisations/{oid}/activities",
        {S: Ok(201, shows="矩阵督查", check=lambda w: w.count("Activity", title="矩阵督查") == 1)},
        data=_activity, parts=PARTS),
    row("GET /api/v1/delegates/<int:did>/ledger", "/api/v1/delegates/{me}/ledger",
        every(STAFF | {D}, Ok(200, shows='"evaluation": 1')), parts=PARTS),
    row("GET /api/v1/delegates/<int:did>/ledger.pdf", "/api/v1/delegates/{me}/ledger.pdf",
        every(STAFF | {D}, Ok(200, shows=pdf("张代表"))), parts=PARTS),
    row("GET /api/v1/organisations/<int:oid>/statistics",
        "/api/v1/organisations/{oid}/statistics",
        every(STAFF, Ok(200, shows='"took_part_in_evaluations": 1')), parts=PARTS),
]

PAGES = [
    row("GET /organisations/<int:oid>/activities", "/organisations/{oid}/activities",
        every(STAFF, Ok(200, shows="矩阵评议活动")), parts=PARTS),
    row("POST /organisations/<int:oid>/activities", "/organisations/{oid}/activities",
        {S: Ok(302, location="/organisations/{oid}/activities",
               check=lambda w: w.count("Activity", title="矩阵督查") == 1)},
        data=lambda w: {"kind": "inspection", "title": "矩阵督查", "on": "2026-05-01",
                        "delegate_ids": str(w.ids["me"])}, parts=PARTS),
    row("GET /organisations/<int:oid>/requirements", "/organisations/{oid}/requirements",
        {S: Ok(200, shows='name="duties"')}, parts=PARTS),
    row("POST /organisations/<int:oid>/requirements", "/organisations/{oid}/requirements",
        {S: Ok(302, location="/organisations/{oid}/requirements",
               check=lambda w: w.get("Requirements", w.ids["oid"], "duties") == 7)},
        data={"duties": "7", "contacts": "5", "contacts_each_quarter": "y",
              "activities": "2"}, parts=PARTS),
    row("GET /organisations/<int:oid>/ledgers", "/organisations/{oid}/ledgers",
        every(STAFF, Ok(200, shows="张代表")), parts=PARTS),
    row("GET /organisations/<int:oid>/ledgers/unmet.pdf", "/organisations/{oid}/ledgers/unmet.pdf",
        every(STAFF, Ok(200, shows=pdf("张代表"))), parts=PARTS),
    row("GET /delegates/<int:did>/ledger", "/delegates/{me}/ledger",
        every(STAFF | {D}, Ok(200, shows="张代表")), parts=PARTS),
    row("GET /delegates/<int:did>/ledger.pdf", "/delegates/{me}/ledger.pdf",
        every(STAFF | {D}, Ok(200, shows=pdf("张代表"))), parts=PARTS),
    row("GET /my/ledger", "/my/ledger",
        {D: Ok(200, shows="张代表"), OUTSIDER: Ok(200, shows="别处代表")}, parts=PARTS),
    row("GET /organisations/<int:oid>/term-statistics", "/organisations/{oid}/term-statistics",
        every(STAFF, Ok(200, shows="<svg")), parts=PARTS),
    row("POST /organisations/<int:oid>/term-statistics/export",
        "/organisations/{oid}/term-statistics/export",
        every(STAFF, Ok(302, location="/organisations/{oid}/jobs",
                        check=lambda w: w.count("Job", kind="term_statistics") == 1)),
        data={"from": "2026-01-01", "to": "2026-12-31"}, parts=PARTS),
    row("GET /congresses/<int:cid>/groups", "/congresses/{congress}/groups",
        every(STAFF, Ok(200, shows="{congress_title}")), parts=PARTS),
    row("POST /congresses/<int:cid>/groups", "/congresses/{congress}/groups",
        {S: Ok(302, location="/congresses/{congress}/groups",
               check=lambda w: w.count("DelegateGroup", name="矩阵小组") == 1)},
        data=lambda w: {"name": "矩阵小组", "convener_id": str(w.ids["me"]),
                        "member_ids": str(w.ids["c1"])}, parts=PARTS),
    row("GET /my/contacts", "/my/contacts",
        {D: Ok(200, shows="13900000001"), OUTSIDER: Ok(200, shows="别处代表")}, parts=PARTS),
    row("POST /my/contacts", "/my/contacts",
        {D: Ok(302, location="/my/contacts",
               check=lambda w: w.count("Contact", name="钱居民") == 1),
         OUTSIDER: Ok(302, location="/my/contacts",
                      check=lambda w: w.count("Contact", name="钱居民") == 1)},
        data={"name": "钱居民", "kind": "resident", "phone": ""}, parts=PARTS),
    row("POST /my/contacts/<int:contact_id>/logs", "/my/contacts/{contact}/logs",
        {D: Ok(302, location="/my/contacts",
               check=lambda w: w.count("ContactLog", contact_id=w.ids["contact"]) == 1)},
        # another delegate's contact is not found, whoever asks (staff included)
        data={"on": "2026-05-01", "note": "电话联系"},
        refuse={role: 404 for role in ROLES if role not in (D, ANON)}, parts=PARTS),
]

ROWS = API + PAGES

test_route_permissions = matrix_tests(ROWS)
