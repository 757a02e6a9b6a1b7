"""Permission matrix, part 5: the records centre, the minutes and jobs (pages), and the API's
accounts, meetings, attendance, printed records and jobs. The machinery is in
tests/core/matrix.py."""
from tests.core.matrix import (
    IN_MEETING,
    OUTSIDER,
    ROLES,
    SIGNED_IN,
    STAFF,
    D,
    Ok,
    S,
    every,
    matrix_tests,
    pdf,
    row,
)
from tests.core.matrix_world import MEETING_TITLE
from tests.helpers import bearer

REC = ("records",)


def _jobs(kind):
    return lambda w: w.count("Job", kind=kind) == 1


def _section_heading(heading):
    return lambda w: w.count("MinutesSection", heading=heading) == 1


def _token_revoked(w):
    client = w.app.test_client()
    return client.get("/api/v1/users/me", headers=bearer(w.token(w.role))).status_code == 401


def _present(key):
    return lambda w: w.count("Attendance", delegate_id=w.ids[key], status="present") == 1


def _login_data(w):
    account = w.accounts[D]
    return {"username": account.username, "password": account.password}


PAGES = [
    row("GET /meetings/<int:mid>/records", "/meetings/{mid}/records",
        every(STAFF, Ok(200, shows=(MEETING_TITLE, "attendance.pdf")))),
    row("GET /meetings/<int:mid>/records/files/<path:key>",
        "/meetings/{mid}/records/files/attendance.pdf",
        every(STAFF, Ok(200, shows=pdf(MEETING_TITLE)))),
    row("POST /meetings/<int:mid>/records/files/<path:key>",
        "/meetings/{mid}/records/files/attendance.xlsx",
        every(STAFF, Ok(200, shows=b"PK", check=lambda w: w.count("RecordPrint") == 1))),
    row("POST /meetings/<int:mid>/records/cards", "/meetings/{mid}/records/cards",
        {S: Ok(302, location="/meetings/{mid}/records", check=_jobs("cards"))},
        data={"delegation": "庐阳区代表团"}),
    row("POST /meetings/<int:mid>/records/archive", "/meetings/{mid}/records/archive",
        {S: Ok(302, location="/meetings/{mid}/records", check=_jobs("archive"))}),
    row("GET /meetings/<int:mid>/records/jobs", "/meetings/{mid}/records/jobs",
        {S: Ok(200, shows='data-job="{jid}"'), "chair": Ok(200, shows="暂无任务")},
        parts=REC),
    row("GET /meetings/<int:mid>/records/minutes", "/meetings/{mid}/records/minutes",
        every(STAFF, Ok(200, shows="补充事项")), parts=REC),
    row("POST /meetings/<int:mid>/records/minutes", "/meetings/{mid}/records/minutes",
        {S: Ok(302, location="/meetings/{mid}/records/minutes",
               check=lambda w: w.count("MinutesHeader", chair="会议主持人") == 1
               and _section_heading("新增一节")(w))},
        data={"chair": "会议主持人", "recorder": "记录人", "non_voting": "",
              "new-heading": "新增一节", "new-body": "正文。", "new-placement": "closing"}),
    row("POST /meetings/<int:mid>/records/minutes/finalise",
        "/meetings/{mid}/records/minutes/finalise",
        {S: Ok(302, location="/meetings/{mid}/records/minutes",
               check=lambda w: w.count("MinutesVersion", number=1) == 1)}),
    row("GET /meetings/<int:mid>/records/minutes/draft.pdf",
        "/meetings/{mid}/records/minutes/draft.pdf",
        every(STAFF, Ok(200, shows=pdf(MEETING_TITLE)))),
    row("GET /meetings/<int:mid>/records/minutes/v<int:number>.pdf",
        "/meetings/{mid}/records/minutes/v1.pdf", every(STAFF, Ok(200, shows=pdf("补充事项"))),
        parts=REC),
]

API = [
    # accounts
    row("POST /api/v1/tokens", "/api/v1/tokens", every(ROLES, Ok(201, shows='"token"')),
        data=_login_data),
    row("DELETE /api/v1/tokens/current", "/api/v1/tokens/current",
        every(SIGNED_IN, Ok(204, check=_token_revoked))),
    row("GET /api/v1/users/me", "/api/v1/users/me",
        every(SIGNED_IN, Ok(200, shows='"username": "{username}"'))),
    row("POST /api/v1/users", "/api/v1/users",
        {S: Ok(201, shows='"password"', check=lambda w: w.count("User", username="neu") == 1)},
        data={"username": "neu", "name": "新", "role": "chair"}),
    row("POST /api/v1/units", "/api/v1/units",
        {S: Ok(201, shows="市新局", check=lambda w: w.count("HandlingUnit", name="市新局") == 1)},
        data={"name": "市新局"}),
    row("GET /api/v1/units", "/api/v1/units",
        every(SIGNED_IN, Ok(200, shows="市住房和城乡建设局"))),
    row("GET /api/v1/units/<int:uid>", "/api/v1/units/{uid}",
        every(SIGNED_IN, Ok(200, shows="市住房和城乡建设局"))),
    row("GET /api/v1/openapi.json", "/api/v1/openapi.json",
        every(ROLES, Ok(200, shows='"openapi": "3.1'))),
    # meetings and attendance
    row("GET /api/v1/meetings", "/api/v1/meetings",
        {frozenset(IN_MEETING): Ok(200, shows=MEETING_TITLE),
         OUTSIDER: Ok(200, shows="别处的年会")}),
    row("POST /api/v1/meetings", "/api/v1/meetings",
        {S: Ok(201, shows="新年会", check=lambda w: w.count("Meeting", title="新年会") == 1)},
        data={"title": "新年会", "year": 2027}),
    row("GET /api/v1/meetings/<int:mid>", "/api/v1/meetings/{mid}",
        every(IN_MEETING, Ok(200, shows=MEETING_TITLE))),
    row("POST /api/v1/meetings/<int:mid>/delegates", "/api/v1/meetings/{mid}/delegates",
        {S: Ok(201, shows='"pin"', check=lambda w: w.count("Delegate", name="新代表") == 1)},
        data={"name": "新代表", "delegation": "新团"}),
    row("GET /api/v1/meetings/<int:mid>/delegates", "/api/v1/meetings/{mid}/delegates",
        every(STAFF, Ok(200, shows="被签到代表"))),
    row("POST /api/v1/meetings/<int:mid>/checkins", "/api/v1/meetings/{mid}/checkins",
        {S: Ok(201, shows='"status": "present"', check=_present("did"))},
        data=lambda w: {"delegate_id": w.ids["did"]}, name="at the desk"),
    row("POST /api/v1/meetings/<int:mid>/checkins", "/api/v1/meetings/{mid}/checkins",
        {D: Ok(200, shows='"status": "present"', check=_present("me"))}, data={},
        name="oneself, already checked in"),
    row("GET /api/v1/meetings/<int:mid>/attendance", "/api/v1/meetings/{mid}/attendance",
        every(IN_MEETING, Ok(200, shows='"quorum_met": true'))),
    # printed records and jobs
    row("GET /api/v1/meetings/<int:mid>/records/minutes.pdf",
        "/api/v1/meetings/{mid}/records/minutes.pdf",
        every(STAFF, Ok(200, shows=pdf(MEETING_TITLE)))),
    row("GET /api/v1/meetings/<int:mid>/records/attendance.pdf",
        "/api/v1/meetings/{mid}/records/attendance.pdf",
        every(STAFF, Ok(200, shows=pdf(MEETING_TITLE)))),
    row("GET /api/v1/meetings/<int:mid>/records/attendance.xlsx",
        "/api/v1/meetings/{mid}/records/attendance.xlsx", every(STAFF, Ok(200, shows=b"PK"))),
    row("POST /api/v1/meetings/<int:mid>/records/cards", "/api/v1/meetings/{mid}/records/cards",
        {S: Ok(202, shows='"status": "queued"', check=_jobs("cards"))}, data={}),
    row("POST /api/v1/meetings/<int:mid>/records/archive",
        "/api/v1/meetings/{mid}/records/archive",
        {S: Ok(202, shows='"status": "queued"', check=_jobs("archive"))}),
    # the old cards address: a job now, for every role (405); the signed-out are not told
    row("GET /api/v1/meetings/<int:mid>/records/cards.pdf",
        "/api/v1/meetings/{mid}/records/cards.pdf",
        every(SIGNED_IN, Ok(405, shows='"method_not_allowed"'))),
    row("POST /api/v1/meetings/<int:mid>/records/cards.pdf",
        "/api/v1/meetings/{mid}/records/cards.pdf",
        every(SIGNED_IN, Ok(405, shows='"method_not_allowed"'))),
    row("GET /api/v1/jobs/<jid>", "/api/v1/jobs/{jid}",
        {S: Ok(200, shows='"kind": "archive"')}, parts=REC),
    row("GET /api/v1/jobs/<jid>/result", "/api/v1/jobs/{jid}/result",
        {S: Ok(200, shows=b"PK")}, parts=REC + ("job_done",)),
]
ROWS = PAGES + API

test_route_permissions = matrix_tests(ROWS)
