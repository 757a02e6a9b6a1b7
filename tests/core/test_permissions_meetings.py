"""Permission matrix, part 1: sign-in, meetings, attendance, the roster, accounts, units and
the audit log (pages). The machinery is in tests/core/matrix.py."""
from tests.core.matrix import (
    COMMITTEE,
    OBSERVER,
    OUTSIDER,
    ROLES,
    SIGNED_IN,
    STAFF,
    UNIT,
    D,
    Ok,
    S,
    every,
    matrix_tests,
    row,
    upload,
)
from tests.core.matrix_world import MEETING_TITLE


def _signed_out(w):
    client, _csrf = w.client(w.role)
    return client.get("/").location.startswith("/login")


def _english(w):
    client, _csrf = w.client(w.role)
    return "Sign in" in client.get("/login").get_data(as_text=True)


def _present(delegate_key):
    def check(w):
        return w.count("Attendance", delegate_id=w.ids[delegate_key], status="present") == 1
    return check


def _login_data(w):
    account = w.accounts[D]
    return {"username": account.username, "password": account.password}


ROWS = [
    # signing in and out, the language, the start page
    row("GET /login", "/login", every(ROLES, Ok(200, shows='name="password"'))),
    row("POST /login", "/login", every(ROLES, Ok(302, location="/")), data=_login_data),
    row("POST /logout", "/logout", every(SIGNED_IN, Ok(302, location="/login",
                                                       check=_signed_out))),
    row("GET /locale/<code>", "/locale/en", every(ROLES, Ok(302, location="/", check=_english))),
    row("GET /", "/", {STAFF | {OBSERVER}: Ok(302, location="/meetings/{other}"),
                       D: Ok(302, location="/meetings/{mid}/tablet"),
                       OUTSIDER: Ok(302, location="/meetings/{other}/tablet"),
                       (COMMITTEE, UNIT): Ok(302, location="/proposals")}),
    # meetings
    row("GET /meetings/", "/meetings/", every(STAFF, Ok(200, shows=MEETING_TITLE))),
    row("GET /meetings/new", "/meetings/new", {S: Ok(200, shows='name="title"')}),
    row("POST /meetings/new", "/meetings/new",
        {S: Ok(302, location=r"re:/meetings/\d+",
               check=lambda w: w.count("Meeting", title="新建的年会") == 1)},
        data={"title": "新建的年会", "year": 2027, "quorum_ratio": "0.5", "min_signers": 10}),
    row("GET /meetings/<int:mid>", "/meetings/{mid}", every(STAFF, Ok(200, shows=MEETING_TITLE))),
    row("GET /meetings/<int:mid>/edit", "/meetings/{mid}/edit", {S: Ok(200, shows=MEETING_TITLE)}),
    row("POST /meetings/<int:mid>/edit", "/meetings/{mid}/edit",
        {S: Ok(302, location="/meetings/{mid}",
               check=lambda w: w.get("Meeting", w.ids["mid"], "title") == "改名的年会")},
        data={"title": "改名的年会", "year": 2026, "quorum_ratio": "0.5", "min_signers": 3}),
    row("GET /meetings/<int:mid>/settings", "/meetings/{mid}/settings",
        {S: Ok(200, shows='name="question_limit"')}),
    row("POST /meetings/<int:mid>/settings", "/meetings/{mid}/settings",
        {S: Ok(302, location="/meetings/{mid}/settings",
               check=lambda w: w.get("Meeting", w.ids["mid"], "options")["question_limit"] == 5)},
        data={"question_limit": 5, "report_seconds": 480, "question_seconds": 60,
              "answer_seconds": 180, "comment_seconds": 300, "proposal_max_chars": 1500,
              "handling_due_days": 90, "rehandling_days": 30, "return_window_workdays": 10,
              "projector_screens": 2,
              "proposal_categories": "其他\n社会民生"}),
    row("POST /meetings/<int:mid>/agenda", "/meetings/{mid}/agenda",
        {S: Ok(302, location="/meetings/{mid}",
               check=lambda w: w.count("AgendaItem", title="新增议程") == 1)},
        data={"kind": "debrief", "title": "新增议程"}),
    row("POST /meetings/<int:mid>/agenda/<int:iid>/<any(up, down, delete):action>",
        "/meetings/{mid}/agenda/{item}/delete",
        {S: Ok(302, location="/meetings/{mid}",
               check=lambda w: w.count("AgendaItem", id=w.ids["item"]) == 0)}, parts=("agenda",)),
    # attendance
    row("GET /meetings/<int:mid>/attendance", "/meetings/{mid}/attendance",
        every(STAFF, Ok(200, shows="被签到代表"))),
    row("GET /meetings/<int:mid>/checkin", "/meetings/{mid}/checkin",
        {S: Ok(200, shows="被签到代表")}),
    row("POST /meetings/<int:mid>/checkin/code", "/meetings/{mid}/checkin/code",
        {S: Ok(302, location="/meetings/{mid}/checkin", check=_present("did"))},
        data={"code": "{target_name}"}),
    row("POST /meetings/<int:mid>/delegates/<int:did>/<any(checkin, leave, clear):action>",
        "/meetings/{mid}/delegates/{did}/checkin",
        {S: Ok(302, location="/meetings/{mid}/checkin", check=_present("did"))}),
    row("GET /meetings/<int:mid>/tablet", "/meetings/{mid}/tablet", {D: Ok(200, shows="张代表")}),
    row("POST /meetings/<int:mid>/tablet/checkin", "/meetings/{mid}/tablet/checkin",
        {D: Ok(302, location="/meetings/{mid}/tablet", check=_present("me"))}),
    # the roster
    row("GET /meetings/<int:mid>/delegates", "/meetings/{mid}/delegates",
        every(STAFF, Ok(200, shows="被签到代表"))),
    row("POST /meetings/<int:mid>/delegations", "/meetings/{mid}/delegations",
        {S: Ok(302, location="/meetings/{mid}/delegates",
               check=lambda w: w.count("Delegation", name="新的代表团") == 1)},
        data={"name": "新的代表团"}),
    row("POST /meetings/<int:mid>/delegates", "/meetings/{mid}/delegates",
        {S: Ok(200, shows="新加的代表",
               check=lambda w: w.count("Delegate", name="新加的代表") == 1)},
        data=lambda w: {"name": "新加的代表", "delegation_id": w.ids["gid"], "gender": ""}),
    row("POST /meetings/<int:mid>/delegates/<int:did>/reset-pin",
        "/meetings/{mid}/delegates/{did}/reset-pin", {S: Ok(200, shows="被签到代表")}),
    row("GET /meetings/<int:mid>/roster.xlsx", "/meetings/{mid}/roster.xlsx",
        every(STAFF, Ok(200, shows=b"PK"))),
    row("GET /meetings/<int:mid>/roster/import", "/meetings/{mid}/roster/import",
        {S: Ok(200, shows='type="file"')}),
    row("POST /meetings/<int:mid>/roster/import", "/meetings/{mid}/roster/import",
        {S: Ok(302, location=r"re:/meetings/{mid}/roster/import/\d+",
               check=lambda w: w.count("RosterImport") == 1)},
        data=lambda w: {"file": upload("姓名,代表团\n上传的代表,瑶海区代表团\n".encode(),
                                       "roster.csv")}),
    row("GET /meetings/<int:mid>/roster/import/<int:iid>", "/meetings/{mid}/roster/import/{import}",
        {S: Ok(200, shows="新来的代表")}, parts=("roster",)),
    row("POST /meetings/<int:mid>/roster/import/<int:iid>",
        "/meetings/{mid}/roster/import/{import}",
        {S: Ok(200, shows="新来的代表",
               check=lambda w: w.count("Delegate", name="新来的代表") == 1)},
        parts=("roster",)),
    # accounts, units, the audit log
    row("GET /users", "/users", {S: Ok(200, shows="{chair_name}")}),
    row("POST /users", "/users",
        {S: Ok(200, shows="newchair", check=lambda w: w.count("User", username="newchair") == 1)},
        data={"username": "newchair", "name": "新主席", "role": "chair", "unit_id": 0}),
    row("POST /users/<int:uid>/<any(enable, disable, reset):action>", "/users/{user_id}/disable",
        {S: Ok(302, location="/users",
               check=lambda w: w.get("User", w.ids["user_id"], "is_active") is False)}),
    row("GET /units", "/units", {S: Ok(200, shows="市住房和城乡建设局")}),
    row("POST /units", "/units",
        {S: Ok(302, location="/units",
               check=lambda w: w.count("HandlingUnit", name="市新局") == 1)},
        data={"name": "市新局"}),
    row("GET /audit/", "/audit/", {S: Ok(200, shows="meeting.create")}),
]

test_route_permissions = matrix_tests(ROWS)
