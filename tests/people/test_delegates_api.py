"""The delegates of the term's API (API.md "Organisations, congresses, delegates of the
term"): every endpoint, its refusals (422 bad input, 409 twice, 403 role, 404 another
organisation's congress or delegate)."""
from datetime import timedelta

import pytest

from congress.extensions import db
from tests.people.term_world import add_delegate, make_term, today, user_of_child


@pytest.fixture
def term(app, client, make):
    return make_term(app, client, make, starts=(-100,))


def test_create_a_delegate_of_the_term(app, term):
    body = term.ok("POST", f"/api/v1/congresses/{term.cid}/delegates", term.secretariat,
                   {"name": "张三", "delegation": "瑶海区代表团", "group": "第一小组",
                    "seat": "A-12", "grassroots": True}, 201)
    assert set(body) == {"id", "name", "delegation", "username", "pin", "status"}
    assert body["status"] == "active" and body["delegation"] == "瑶海区代表团"
    assert body["username"].isdigit() and len(body["pin"]) == 6
    got = term.ok("GET", f"/api/v1/delegates/{body['id']}", term.secretariat)
    assert (got["group"], got["seat"], got["grassroots"], got["congress_id"]) == \
        ("第一小组", "A-12", True, term.cid)
    assert got["active_from"] == (today(app) - timedelta(days=730)).isoformat()
    assert [h["action"] for h in got["history"]] == ["created"]
    assert [m["id"] for m in got["meetings"]] == term.meetings
    # the same group by name, not a second one
    other = add_delegate(term, "李四", group="第一小组")
    from congress.people.models import DelegateGroup
    with app.app_context():
        assert db.session.query(DelegateGroup).count() == 1
    listed = term.ok("GET", f"/api/v1/congresses/{term.cid}/delegates", term.secretariat)
    assert [d["id"] for d in listed["delegates"]] == [body["id"], other.delegate_id]


def test_a_by_election_delegate_is_on_later_rosters_only(app, client, make):
    term = make_term(app, client, make, starts=(-100, 10))
    late = add_delegate(term, "补选代表", active_from=today(app).isoformat())
    got = term.ok("GET", f"/api/v1/delegates/{late.delegate_id}", late)
    assert got["active_from"] == today(app).isoformat()
    assert [m["id"] for m in got["meetings"]] == term.meetings[1:]


@pytest.mark.parametrize("extra, field", [
    ({"active_from": "1999-01-01"}, "active_from"),
    ({"active_from": "2999-01-01"}, "active_from"),
    ({"active_from": "not a day"}, "active_from"),
    ({"name": "  "}, "name"),
    ({"delegation": ""}, "delegation"),
    ({"group": ""}, "group"),
])
def test_create_refuses_bad_input(term, extra, field):
    r = term.call("POST", f"/api/v1/congresses/{term.cid}/delegates", term.secretariat,
                  {"name": "张三", "delegation": "瑶海区代表团"} | extra)
    assert r.status_code == 422, r.get_json()
    assert field in r.get_json()["error"]["message"]


def test_edit_a_delegate(app, term):
    d = add_delegate(term, "张三", group="第一小组")
    changed = term.ok("PATCH", f"/api/v1/delegates/{d.delegate_id}", term.secretariat,
                      {"name": "张叁", "work_unit": "合肥市第一中学", "job_title": "校长",
                       "seat": "B-3", "delegation": "庐阳区代表团", "grassroots": True,
                       "group": None})
    assert (changed["name"], changed["work_unit"], changed["job_title"], changed["seat"],
            changed["delegation"], changed["grassroots"], changed["group"]) == \
        ("张叁", "合肥市第一中学", "校长", "B-3", "庐阳区代表团", True, None)
    history = term.ok("GET", f"/api/v1/delegates/{d.delegate_id}", term.secretariat)["history"]
    edit = history[-1]
    assert edit["action"] == "edited" and edit["by"] == term.secretariat.username
    assert edit["changes"]["name"] == {"before": "张三", "after": "张叁"}
    assert edit["changes"]["seat"] == {"before": None, "after": "B-3"}
    # the login's name follows; a field not sent does not change
    again = term.ok("PATCH", f"/api/v1/delegates/{d.delegate_id}", term.secretariat,
                    {"seat": "C-1"})
    assert (again["name"], again["seat"], again["work_unit"]) == ("张叁", "C-1", "合肥市第一中学")


def test_edit_refuses_a_name_taken_in_the_delegation_and_blank_names(term):
    add_delegate(term, "王五")
    d = add_delegate(term, "张三")
    for body in ({"name": "王五"}, {"name": " "}):
        r = term.call("PATCH", f"/api/v1/delegates/{d.delegate_id}", term.secretariat, body)
        assert r.status_code == 422 and "name" in r.get_json()["error"]["message"]


def test_terminate_a_delegate(app, term):
    d = add_delegate(term, "张三")
    url = f"/api/v1/delegates/{d.delegate_id}/termination"
    day = today(app).isoformat()
    body = term.ok("POST", url, term.secretariat, {"on": day, "reason": "调离本行政区域"})
    assert (body["status"], body["terminated_on"], body["termination_reason"]) == \
        ("terminated", day, "调离本行政区域")
    again = term.call("POST", url, term.secretariat, {"on": day, "reason": "再次"})
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_terminated"
    history = term.ok("GET", f"/api/v1/delegates/{d.delegate_id}", term.secretariat)["history"]
    assert history[-1]["action"] == "terminated"
    assert history[-1]["changes"]["termination_reason"]["after"] == "调离本行政区域"
    listed = term.ok("GET", f"/api/v1/congresses/{term.cid}/delegates", term.secretariat)
    assert [d["status"] for d in listed["delegates"]] == ["terminated"]


def test_termination_refuses_bad_input(app, term):
    late = add_delegate(term, "补选代表", active_from=today(app).isoformat())
    url = f"/api/v1/delegates/{late.delegate_id}/termination"
    for body, field in (({"on": today(app).isoformat(), "reason": "   "}, "reason"),
                        ({"on": today(app).isoformat()}, "reason"),
                        ({"on": "1999-01-01", "reason": "x"}, "on"),
                        ({"on": "2999-01-01", "reason": "x"}, "on"),
                        ({"on": (today(app) - timedelta(days=1)).isoformat(), "reason": "x"},
                         "on")):
        r = term.call("POST", url, term.secretariat, body)
        assert r.status_code == 422, (body, r.get_json())
        assert field in r.get_json()["error"]["message"]
    assert term.ok("GET", f"/api/v1/delegates/{late.delegate_id}", late)["status"] == "active"


def test_roles_may_read_or_not(app, term, make):
    d = add_delegate(term, "张三")
    other = add_delegate(term, "李四")
    chair = make.user("chair")
    observer = make.user("observer")
    did = d.delegate_id
    # the chair reads, but does not add, edit or terminate
    assert term.call("GET", f"/api/v1/delegates/{did}", chair).status_code == 200
    assert term.call("GET", f"/api/v1/congresses/{term.cid}/delegates", chair).status_code == 200
    for method, url, body in (
            ("POST", f"/api/v1/congresses/{term.cid}/delegates",
             {"name": "王五", "delegation": "瑶海区代表团"}),
            ("PATCH", f"/api/v1/delegates/{did}", {"seat": "1"}),
            ("POST", f"/api/v1/delegates/{did}/termination",
             {"on": today(app).isoformat(), "reason": "x"})):
        for account in (chair, d, observer):
            assert term.call(method, url, account, body).status_code == 403, (method, url)
    # a delegate reads their own record only; an observer none
    assert term.call("GET", f"/api/v1/delegates/{did}", other).status_code == 403
    assert term.call("GET", f"/api/v1/delegates/{did}", observer).status_code == 403
    assert term.call("GET", f"/api/v1/congresses/{term.cid}/delegates", d).status_code == 403


def test_another_organisation_finds_nothing(app, term):
    d = add_delegate(term, "张三")
    did = d.delegate_id
    for role in ("secretariat", "chair", "organiser"):
        stranger = user_of_child(app, role)
        for method, url, body in (
                ("GET", f"/api/v1/congresses/{term.cid}/delegates", None),
                ("POST", f"/api/v1/congresses/{term.cid}/delegates",
                 {"name": "王五", "delegation": "瑶海区代表团"}),
                ("GET", f"/api/v1/delegates/{did}", None),
                ("PATCH", f"/api/v1/delegates/{did}", {"seat": "1"}),
                ("POST", f"/api/v1/delegates/{did}/termination",
                 {"on": today(app).isoformat(), "reason": "x"})):
            r = term.call(method, url, stranger, body)
            assert r.status_code == 404, (role, method, url, r.get_json())
    for url in (f"/api/v1/congresses/{term.cid + 99}/delegates", "/api/v1/delegates/999"):
        assert term.call("GET", url, term.secretariat).status_code == 404


def test_an_organiser_above_reads_but_does_not_write(app, client, make):
    """The root's organiser reaches a county's congress: reads its delegates, adds none."""
    from congress.meetings.services import create_meeting  # noqa: F401
    from congress.organisations.services import create_congress
    from congress.people.models import User

    county_secretariat = user_of_child(app, "secretariat", name="肥西县委")
    organiser = make.user("organiser")
    with app.app_context():
        actor = db.session.get(User, county_secretariat.id)
        cid = create_congress(actor, actor.organisation, title="肥西县第十五次代表大会",
                              elected_on=today(app) - timedelta(days=30)).id
        db.session.commit()
    from tests.people.term_world import Term
    term = Term(client, cid, [], county_secretariat)
    d = add_delegate(term, "张三")
    assert term.call("GET", f"/api/v1/delegates/{d.delegate_id}", organiser).status_code == 200
    assert term.call("GET", f"/api/v1/congresses/{cid}/delegates", organiser).status_code == 200
    assert term.call("POST", f"/api/v1/delegates/{d.delegate_id}/termination", organiser,
                     {"on": today(app).isoformat(), "reason": "x"}).status_code == 403
