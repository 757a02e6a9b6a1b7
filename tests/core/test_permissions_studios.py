"""Permission matrix, part 8: studios, duties and residents' concerns (pages and API). Every
account of the world is in the meeting's organisation; the delegate is on duty at the studio
and took its concerns; the unit is the one the first concern is referred to. Another
organisation's studio (404) is in tests/core/test_isolation.py."""
from tests.core.matrix import (
    ANON,
    COMMITTEE,
    OBSERVER,
    OUTSIDER,
    ROLES,
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

P = ("studio",)
HIDDEN = {COMMITTEE: 404, OBSERVER: 404, OUTSIDER: 404}          # the concern does not exist
HIDDEN_FROM_UNIT = HIDDEN | {UNIT: 404}                           # not referred to the unit
EVERYONE = frozenset(ROLES)


def _register(personal):
    """One register job queued, with the residents' names and contacts only when the
    organisation's secretariat asked for them."""
    def check(w):
        job = w.model("Job")
        return w.value(lambda session: [j.params for j in session.query(job).filter_by(
            kind="concern_register")]) == [{"personal": personal}]
    return check


def _status(cid, status):
    return lambda w: w.get("Concern", w.ids[cid], "status") == status


PAGES = [
    row("GET /organisations/<int:oid>/studios", "/organisations/{oid}/studios",
        every(STAFF, Ok(200, shows=("矩阵党代表工作室", "矩阵新事项"))), parts=P),
    # the register is a job of the organisation: its exports page shows it being made
    row("POST /organisations/<int:oid>/concerns/register",
        "/organisations/{oid}/concerns/register",
        every(STAFF, Ok(302, location="/organisations/{oid}/jobs", check=_register(False))),
        data={}, parts=P),
    row("POST /organisations/<int:oid>/concerns/register",
        "/organisations/{oid}/concerns/register",
        {S: Ok(302, location="/organisations/{oid}/jobs", check=_register(True)),
         C: Ok(302, location="/organisations/{oid}/jobs", check=_register(False))},
        data={"personal": "1"}, parts=P, name="personal data asked"),
    row("POST /organisations/<int:oid>/studios", "/organisations/{oid}/studios",
        {S: Ok(302, location=r"re:/studios/\d+",
               check=lambda w: w.count("Studio", name="矩阵新工作室") == 1)},
        data={"name": "矩阵新工作室", "address": "", "reception_hours": ""}, parts=P),
    row("GET /studios/<int:sid>", "/studios/{sid}",
        every({S, C, D}, Ok(200, shows="矩阵党代表工作室")), parts=P),
    row("POST /studios/<int:sid>", "/studios/{sid}",
        {S: Ok(302, location="/studios/{sid}",
               check=lambda w: w.get("Studio", w.ids["sid"], "name") == "矩阵改名工作室")},
        data={"name": "矩阵改名工作室", "address": "", "reception_hours": ""}, parts=P),
    row("POST /studios/<int:sid>/delete", "/studios/{sid}/delete",
        {S: Ok(302, location="/studios/{sid}",  # it has concerns: refused with a message
               check=lambda w: w.count("Studio", id=w.ids["sid"]) == 1)}, parts=P),
    row("POST /studios/<int:sid>/duties", "/studios/{sid}/duties",
        {S: Ok(302, location="/studios/{sid}", check=lambda w: w.count("Duty") == 2)},
        data={"delegate_id": "{me}", "starts_at": "2026-12-24T08:00",
              "ends_at": "2026-12-24T11:00"}, parts=P),
    row("POST /studios/<int:sid>/duties/<int:did>/delete", "/studios/{sid}/duties/{duty}/delete",
        {S: Ok(302, location="/studios/{sid}", check=lambda w: w.count("Duty") == 0)}, parts=P),
    row("POST /studios/<int:sid>/concerns", "/studios/{sid}/concerns",
        every({S, D}, Ok(302, location=r"re:/concerns/\d+",
                         check=lambda w: w.count("Concern", text="矩阵电话事项") == 1)),
        data={"channel": "phone", "text": "矩阵电话事项", "category": "", "resident_name": "",
              "contact": ""}, parts=P),
    row("GET /concerns/<int:cid>", "/concerns/{cid}",
        every({S, D, UNIT}, Ok(200, shows=("矩阵转办事项", "矩阵居民")))
        | {C: Ok(200, shows=("矩阵转办事项", "矩*"))}, refuse=HIDDEN, parts=P),
    row("POST /concerns/<int:cid>/answer", "/concerns/{cid_new}/answer",
        every({S, D}, Ok(302, location="/concerns/{cid_new}",
                         check=_status("cid_new", "answered"))),
        data={"text": "矩阵答复"}, refuse=HIDDEN_FROM_UNIT, parts=P),
    row("POST /concerns/<int:cid>/referral", "/concerns/{cid_new}/referral",
        every({S, D}, Ok(302, location="/concerns/{cid_new}",
                         check=_status("cid_new", "referred"))),
        data={"unit_id": "{uid}", "note": ""}, refuse=HIDDEN_FROM_UNIT, parts=P),
    row("POST /concerns/<int:cid>/replies", "/concerns/{cid}/replies",
        {UNIT: Ok(302, location="/concerns/{cid}", check=_status("cid", "replied"))},
        data={"text": "矩阵回复"}, refuse=HIDDEN, parts=P),
    row("POST /concerns/<int:cid>/feedback", "/concerns/{cid_done}/feedback",
        {S: Ok(302, location="/concerns/{cid_done}", check=_status("cid_done", "closed"))},
        data={"rating": "satisfied"}, refuse=HIDDEN_FROM_UNIT, parts=P),
    row("GET /my/duties", "/my/duties",
        {D: Ok(200, shows="矩阵党代表工作室"), OUTSIDER: Ok(200, shows="<h1>")}, parts=P),
    row("POST /my/duties/<int:did>/check-in", "/my/duties/{duty}/check-in",
        {D: Ok(302, location="/my/duties",
               check=lambda w: w.get("Duty", w.ids["duty"], "checked_in_at") is not None)},
        refuse={S: 404, C: 404, COMMITTEE: 404, UNIT: 404, OBSERVER: 404, OUTSIDER: 404},
        parts=P),
    row("GET /public/concerns", "/public/concerns",
        every(EVERYONE, Ok(200, shows="矩阵党代表工作室")), parts=P),
    row("POST /public/concerns", "/public/concerns",
        every(EVERYONE, Ok(302, location=r"re:/public/concerns/[A-Z0-9]+\?new=1",
                           check=lambda w: w.count("Concern", text="矩阵网上事项") == 1)),
        data={"studio_id": "{sid}", "text": "矩阵网上事项"}, parts=P),
    row("GET /public/concerns/track", "/public/concerns/track?code={code}",
        every(EVERYONE, Ok(302, location="/public/concerns/{code}")), parts=P),
    row("GET /public/concerns/<code>", "/public/concerns/{code}",
        every(EVERYONE, Ok(200, shows="{code}")), parts=P),
    row("POST /public/concerns/<code>/feedback", "/public/concerns/{code_done}/feedback",
        every(EVERYONE, Ok(302, location="/public/concerns/{code_done}",
                           check=_status("cid_done", "closed"))),
        data={"rating": "basically_satisfied"}, parts=P),
]

API = [
    row("POST /api/v1/organisations/<int:oid>/concerns/register",
        "/api/v1/organisations/{oid}/concerns/register",
        {S: Ok(202, shows='"kind": "concern_register"', check=_register(True)),
         C: Ok(202, shows='"kind": "concern_register"', check=_register(False))},
        data={"personal": True}, parts=P),
    row("POST /api/v1/organisations/<int:oid>/studios", "/api/v1/organisations/{oid}/studios",
        {S: Ok(201, shows="矩阵新工作室",
               check=lambda w: w.count("Studio", name="矩阵新工作室") == 1)},
        data={"name": "矩阵新工作室"}, parts=P),
    row("POST /api/v1/studios/<int:sid>/duties", "/api/v1/studios/{sid}/duties",
        {S: Ok(201, shows='"delegate_id"', check=lambda w: w.count("Duty") == 2)},
        data=lambda w: {"delegate_id": w.ids["me"], "starts_at": "2026-12-24T08:00:00+08:00",
                        "ends_at": "2026-12-24T11:00:00+08:00"}, parts=P),
    row("POST /api/v1/studios/<int:sid>/concerns", "/api/v1/studios/{sid}/concerns",
        every({S, D}, Ok(201, shows='"status": "received"',
                         check=lambda w: w.count("Concern", text="矩阵电话事项") == 1)),
        data={"channel": "phone", "text": "矩阵电话事项"}, parts=P),
    row("GET /api/v1/organisations/<int:oid>/concerns", "/api/v1/organisations/{oid}/concerns",
        every(STAFF, Ok(200, shows="矩阵新事项")), parts=P),
    row("GET /api/v1/concerns/<int:cid>", "/api/v1/concerns/{cid}",
        every({S, D, UNIT}, Ok(200, shows='"resident_name": "矩阵居民"'))
        | {C: Ok(200, shows='"resident_name": "矩***"')}, refuse=HIDDEN, parts=P),
    row("POST /api/v1/concerns/<int:cid>/answer", "/api/v1/concerns/{cid_new}/answer",
        every({S, D}, Ok(200, shows='"status": "answered"')), data={"text": "矩阵答复"},
        refuse=HIDDEN_FROM_UNIT, parts=P),
    row("POST /api/v1/concerns/<int:cid>/referral", "/api/v1/concerns/{cid_new}/referral",
        every({S, D}, Ok(200, shows='"status": "referred"')),
        data=lambda w: {"unit_id": w.ids["uid"]}, refuse=HIDDEN_FROM_UNIT, parts=P),
    row("POST /api/v1/concerns/<int:cid>/replies", "/api/v1/concerns/{cid}/replies",
        {UNIT: Ok(200, shows='"status": "replied"')}, data={"text": "矩阵回复"},
        refuse=HIDDEN, parts=P),
    row("POST /api/v1/concerns/<int:cid>/feedback", "/api/v1/concerns/{cid_done}/feedback",
        {S: Ok(200, shows='"status": "closed"')}, data={"rating": "satisfied"},
        refuse=HIDDEN_FROM_UNIT, parts=P),
    row("POST /api/v1/public/concerns", "/api/v1/public/concerns",
        every(EVERYONE, Ok(201, shows='"tracking_code"',
                           check=lambda w: w.count("Concern", text="矩阵网上事项") == 1)),
        data=lambda w: {"studio_id": w.ids["sid"], "text": "矩阵网上事项"}, parts=P),
    row("GET /api/v1/public/concerns/<code>", "/api/v1/public/concerns/{code}",
        every(EVERYONE, Ok(200, shows='"status": "referred"')), parts=P),
    row("GET /api/v1/public/concerns/<code>/events", "/api/v1/public/concerns/{code}/events",
        every(EVERYONE, Ok(200)), stream=True, parts=P),
    row("POST /api/v1/public/concerns/<code>/feedback",
        "/api/v1/public/concerns/{code_done}/feedback",
        every(EVERYONE, Ok(200, shows='"status": "closed"')), data={"rating": "satisfied"},
        parts=P),
]

ROWS = PAGES + API

test_route_permissions = matrix_tests(ROWS)

_ = ANON  # every row's anonymous refusal is the default (302 to the sign-in, 401)
