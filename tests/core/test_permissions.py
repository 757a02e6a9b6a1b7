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
        assert response.status_code in (200, 201, 204), response.get_json()
    else:
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "forbidden"
