"""Every protected page and API route refuses each wrong role (and the signed-out)."""
import pytest

from tests.helpers import bearer, csrf_from, login, token_for

S, C, D = "secretariat", "chair", "delegate"
ROLES = ("secretariat", "chair", "delegate", "outsider", "committee", "unit", "observer",
         "anonymous")
STAFF = {S, C}

# (method, url template, allowed roles, JSON body for API calls)
PAGES = [
    ("GET", "/meetings/", STAFF),
    ("GET", "/meetings/new", {S}),
    ("GET", "/meetings/{mid}", STAFF),
    ("GET", "/meetings/{mid}/edit", {S}),
    ("GET", "/meetings/{mid}/settings", {S}),
    ("GET", "/meetings/{mid}/attendance", STAFF),
    ("GET", "/meetings/{mid}/checkin", {S}),
    ("GET", "/meetings/{mid}/tablet", {D}),
    ("GET", "/meetings/{mid}/delegates", STAFF),
    ("GET", "/meetings/{mid}/roster.xlsx", STAFF),
    ("GET", "/meetings/{mid}/roster/import", {S}),
    ("GET", "/users", {S}),
    ("GET", "/units", {S}),
    ("GET", "/audit/", {S}),
    ("GET", "/meetings/{mid}/records", STAFF),
    ("GET", "/meetings/{mid}/records/files/attendance.pdf", STAFF),
    ("GET", "/meetings/{mid}/records/minutes", STAFF),
    ("GET", "/meetings/{mid}/records/minutes/draft.pdf", STAFF),
    ("POST", "/meetings/{mid}/records/archive", {S}),
    ("POST", "/meetings/{mid}/records/cards", {S}),
    ("POST", "/meetings/{mid}/records/minutes", {S}),
    ("POST", "/meetings/{mid}/records/minutes/sections", {S}),
    ("POST", "/meetings/{mid}/records/minutes/finalise", {S}),
    ("POST", "/meetings/{mid}/records/minutes/defaults/0", {S}),
    ("POST", "/meetings/{mid}/records/files/attendance.pdf", STAFF),
    ("POST", "/meetings/new", {S}),
    ("POST", "/meetings/{mid}/edit", {S}),
    ("POST", "/meetings/{mid}/settings", {S}),
    ("POST", "/meetings/{mid}/agenda", {S}),
    ("POST", "/meetings/{mid}/checkin/code", {S}),
    ("POST", "/meetings/{mid}/delegates/{did}/checkin", {S}),
    ("POST", "/meetings/{mid}/delegates/{did}/leave", {S}),
    ("POST", "/meetings/{mid}/delegates/{did}/clear", {S}),
    ("POST", "/meetings/{mid}/delegates/{did}/reset-pin", {S}),
    ("POST", "/meetings/{mid}/tablet/checkin", {D}),
    ("POST", "/meetings/{mid}/delegations", {S}),
    ("POST", "/meetings/{mid}/delegates", {S}),
    ("POST", "/meetings/{mid}/roster/import", {S}),
    ("POST", "/users", {S}),
    ("POST", "/users/{uid}/reset", {S}),
    ("POST", "/units", {S}),
    # proposals
    ("GET", "/proposals", set(ROLES) - {"observer", "anonymous"}),
    ("GET", "/meetings/{mid}/proposals/mine", {D}),
    ("GET", "/meetings/{mid}/proposals/new", {D}),
    ("POST", "/meetings/{mid}/proposals/new", {D}),
    ("GET", "/proposals/{pid}", {D}),
    ("GET", "/proposals/{pid}/edit", {D}),
    ("GET", "/proposals/{pid}/invite", {D}),
    ("POST", "/proposals/{pid}/submit", {D}),
    ("POST", "/proposals/{pid}/review", set()),  # nobody reviews a draft
    ("GET", "/meetings/{mid}/proposals", STAFF | {"committee"}),
    ("GET", "/meetings/{mid}/proposals/follow-up", STAFF | {"committee"}),
    ("GET", "/meetings/{mid}/proposals/statistics", STAFF | {"committee"}),
    ("GET", "/meetings/{mid}/proposals/register.xlsx", STAFF | {"committee"}),
    ("GET", "/meetings/{mid}/proposals/compendium.pdf", STAFF | {"committee"}),
    ("GET", "/handling", {"unit"}),
]
EVERYONE_IN_MEETING = set(ROLES) - {"outsider", "anonymous"}
API = [
    ("POST", "/api/v1/users", {S}, {"username": "neu", "name": "新", "role": "chair"}),
    ("POST", "/api/v1/units", {S}, {"name": "市新局"}),
    ("GET", "/api/v1/units", set(ROLES) - {"anonymous"}, None),
    ("GET", "/api/v1/users/me", set(ROLES) - {"anonymous"}, None),
    ("POST", "/api/v1/meetings", {S}, {"title": "新年会", "year": 2027}),
    ("GET", "/api/v1/meetings/{mid}", EVERYONE_IN_MEETING, None),
    ("POST", "/api/v1/meetings/{mid}/delegates", {S}, {"name": "新代表", "delegation": "新团"}),
    ("GET", "/api/v1/meetings/{mid}/delegates", STAFF, None),
    ("POST", "/api/v1/meetings/{mid}/checkins", {S}, {"delegate_id": "{did}"}),
    ("POST", "/api/v1/meetings/{mid}/checkins", {D}, {}),
    ("GET", "/api/v1/meetings/{mid}/attendance", EVERYONE_IN_MEETING, None),
    ("DELETE", "/api/v1/tokens/current", set(ROLES) - {"anonymous"}, None),
    # proposals
    ("POST", "/api/v1/meetings/{mid}/proposals", {D},
     {"title": "关于权限测试的提案", "category": "其他"}),
    ("GET", "/api/v1/meetings/{mid}/proposals", EVERYONE_IN_MEETING, None),
    ("GET", "/api/v1/proposals/{pid}", {D}, None),
    ("PATCH", "/api/v1/proposals/{pid}", {D}, {"grounds": "补充案据"}),
    ("POST", "/api/v1/proposals/{pid}/invitations", {D}, {"delegate_id": "{did}"}),
    ("GET", "/api/v1/notices", {D, "outsider"}, None),
    ("GET", "/api/v1/handling", {"unit"}, None),
    ("GET", "/api/v1/meetings/{mid}/proposals/statistics", STAFF | {"committee"}, None),
    ("GET", "/api/v1/meetings/{mid}/proposals/follow-up", STAFF | {"committee"}, None),
    ("GET", "/api/v1/meetings/{mid}/records/proposals.pdf", STAFF | {"committee"}, None),
    ("GET", "/api/v1/meetings/{mid}/records/proposals.xlsx", STAFF | {"committee"}, None),
    # printed records
    ("GET", "/api/v1/meetings/{mid}/records/minutes.pdf", STAFF, None),
    ("GET", "/api/v1/meetings/{mid}/records/attendance.pdf", STAFF, None),
    ("GET", "/api/v1/meetings/{mid}/records/attendance.xlsx", STAFF, None),
    ("POST", "/api/v1/meetings/{mid}/records/cards", {S}, {}),
    ("POST", "/api/v1/meetings/{mid}/records/archive", {S}, None),
]


@pytest.fixture
def world(make):
    mid = make.meeting()
    other = make.meeting()
    accounts = {role: make.user(role) for role in ("secretariat", "chair", "committee", "unit",
                                                   "observer")}
    accounts["delegate"] = make.delegate(mid)
    accounts["outsider"] = make.delegate(other)
    target = make.delegate(mid, name="被签到代表")
    pid = _draft_proposal(make.app, mid, accounts["delegate"])
    return {"mid": mid, "did": target.delegate_id, "uid": accounts["chair"].id,
            "pid": pid}, accounts


def _draft_proposal(app, mid, account):
    """A draft led by the meeting's delegate: only they may see it."""
    from congress.extensions import db
    from congress.meetings.models import Meeting
    from congress.people.models import Delegate
    from congress.proposals.services import create_draft

    with app.app_context():
        delegate = db.session.get(Delegate, account.delegate_id)
        proposal = create_draft(delegate.user, db.session.get(Meeting, mid),
                                title="关于权限测试的提案", category="其他")
        db.session.commit()
        return proposal.id


def _fill(template, ids):
    return template.format(**ids)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, allowed", PAGES,
                         ids=[f"{m} {u}" for m, u, _ in PAGES])
def test_pages_refuse_wrong_roles(client, world, method, url, allowed, role):
    ids, accounts = world
    if role != "anonymous":
        login(client, accounts[role])
    url = _fill(url, ids)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": csrf_from(client, "/login")})
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response.location
    elif role in allowed:
        assert response.status_code < 500 and response.status_code not in (401, 403)
        assert not (response.status_code == 302 and "/login" in response.location)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, allowed, body", API,
                         ids=[f"{m} {u} {sorted(a)[0] if len(a) == 1 else ''}"
                              for m, u, a, _ in API])
def test_api_refuses_wrong_roles(client, world, method, url, allowed, body, role):
    ids, accounts = world
    headers = {} if role == "anonymous" else bearer(token_for(client, accounts[role]))
    if body is not None:
        body = {k: (int(_fill(v, ids)) if isinstance(v, str) and v.startswith("{") else v)
                for k, v in body.items()}
    response = client.open(_fill(url, ids), method=method, json=body, headers=headers)
    if role == "anonymous":
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
    elif role in allowed:
        assert response.status_code in (200, 201, 202, 204), response.get_json()
    else:
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "forbidden"


# --- report review (听取和审议) --------------------------------------------------------------
# {gid} is the delegation whose group session it is: the world's delegate is its recorder and
# the author of comment {cid}; report {rid} has tabled version 1 and draft version 2.
D_RECORDER = {D}
REPORT_PAGES = [
    ("GET", "/meetings/{mid}/reports", EVERYONE_IN_MEETING),
    ("POST", "/meetings/{mid}/reports", {S}),
    ("GET", "/reports/{rid}", EVERYONE_IN_MEETING),
    ("GET", "/reports/{rid}/v1", EVERYONE_IN_MEETING),
    ("GET", "/reports/{rid}/v2", {S}),
    ("POST", "/reports/{rid}/versions", {S}),
    ("POST", "/reports/{rid}/v2/table", {S}),
    ("POST", "/reports/{rid}/v2/discard", {S}),
    ("POST", "/reports/{rid}/comments", {D}),
    ("GET", "/comments/{cid}/edit", {D}),
    ("POST", "/comments/{cid}/edit", {D}),
    ("POST", "/comments/{cid}/delete", {D}),
    ("GET", "/meetings/{mid}/groups", STAFF),
    ("GET", "/meetings/{mid}/groups/progress", STAFF),
    ("GET", "/groups/{gid}", STAFF | D_RECORDER),
    ("POST", "/groups/{gid}/recorder", {S}),
    ("POST", "/groups/{gid}/start", {S} | D_RECORDER),
    ("POST", "/groups/{gid}/end", {S} | D_RECORDER),
    ("POST", "/groups/{gid}/reopen", {S}),
    ("POST", "/groups/{gid}/notes", D_RECORDER),
    ("POST", "/groups/{gid}/attendance", D_RECORDER),
    ("GET", "/meetings/{mid}/digest", {S}),
    ("POST", "/meetings/{mid}/digest/compile", {S}),
    ("POST", "/meetings/{mid}/digest/merge", {S}),
    ("GET", "/meetings/{mid}/digest.pdf", {S}),
    ("GET", "/digest/{iid}/edit", {S}),
    ("POST", "/digest/{iid}/edit", {S}),
    ("POST", "/digest/{iid}/split", {S}),
    ("GET", "/meetings/{mid}/resolutions", STAFF),
    ("POST", "/meetings/{mid}/resolutions", {S}),
    ("GET", "/resolutions/{rsid}", STAFF),
    ("POST", "/resolutions/{rsid}", {S}),
    ("POST", "/resolutions/{rsid}/vote", {S}),
    ("POST", "/resolutions/{rsid}/open", STAFF),
    ("POST", "/resolutions/{rsid}/close", STAFF),
]
REPORT_API = [
    ("GET", "/api/v1/meetings/{mid}/reports", EVERYONE_IN_MEETING, None),
    ("GET", "/api/v1/reports/{rid}", EVERYONE_IN_MEETING, None),
    ("GET", "/api/v1/reports/{rid}/comments", EVERYONE_IN_MEETING, None),
    ("POST", "/api/v1/reports/{rid}/comments", {D}, {"text": "同意报告。"}),
    ("PUT", "/api/v1/comments/{cid}", {D}, {"text": "改过的意见。"}),
    ("DELETE", "/api/v1/comments/{cid}", {D}, None),
    ("GET", "/api/v1/meetings/{mid}/groups", STAFF, None),
]


@pytest.fixture
def report_world(app, world):
    from congress.extensions import db
    from congress.people.models import Delegate, User
    from congress.reports import digest, groups, resolutions, services
    from congress.meetings.models import Meeting

    ids, accounts = world
    with app.app_context():
        actor = db.session.get(User, accounts["secretariat"].id)
        meeting = db.session.get(Meeting, ids["mid"])
        report = services.create_report(actor, meeting, kind="party_committee", title="工作报告",
                                        filename="r.md", data="第一段。\n\n第二段。".encode())
        services.table_version(actor, report.versions[0])
        services.import_version(actor, report, filename="r2.md", data="更正。".encode(),
                                note="更正")
        delegate = db.session.get(Delegate, accounts["delegate"].delegate_id)
        groups.set_recorder(actor, delegate.delegation, delegate)
        comment = services.add_comment(delegate.user, delegate, report, text="意见。")
        digest.compile_digest(actor, meeting)
        resolution = resolutions.draft_resolution(actor, meeting, title="决议", text="同意。",
                                                  reports=[report])
        item = db.session.scalar(db.select(digest.DigestItem))
        db.session.commit()
        ids |= {"rid": report.id, "cid": comment.id, "gid": delegate.delegation_id,
                "iid": item.id, "rsid": resolution.id}
    return ids, accounts


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, allowed", REPORT_PAGES,
                         ids=[f"{m} {u}" for m, u, _ in REPORT_PAGES])
def test_report_pages_refuse_wrong_roles(client, report_world, method, url, allowed, role):
    test_pages_refuse_wrong_roles(client, report_world, method, url, allowed, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, allowed, body", REPORT_API,
                         ids=[f"{m} {u}" for m, u, _a, _b in REPORT_API])
def test_report_api_refuses_wrong_roles(client, report_world, method, url, allowed, body, role):
    test_api_refuses_wrong_roles(client, report_world, method, url, allowed, body, role)
