"""The pages of the delegates of the term: the roster's search and its edit and terminate
actions, the delegate's page with its forms (field errors beside the fields), and the
by-election date of a delegate added later."""
from datetime import timedelta

from congress.extensions import db
from tests.helpers import english, login, post_form
from tests.people.term_world import add_delegate, make_term, today


def _staff_client(client, term):
    login(client, term.secretariat)
    english(client)
    return client


def test_roster_search_and_actions(app, client, make):
    term = make_term(app, client, make, starts=(-10,))
    (mid,) = term.meetings
    zhang = add_delegate(term, "张三", seat="A-01")
    add_delegate(term, "李四", delegation="庐阳区代表团", seat="B-02")
    _staff_client(client, term)
    page = client.get(f"/meetings/{mid}/delegates").get_data(as_text=True)
    assert "张三" in page and "李四" in page
    assert f"/delegates/{zhang.delegate_id}?back=" in page and "#terminate" in page
    for query, shown, hidden in (("张", "张三", "李四"), (zhang.username, "张三", "李四"),
                                 ("B-02", "李四", "张三"), ("庐阳", "李四", "张三")):
        found = client.get(f"/meetings/{mid}/delegates?q={query}").get_data(as_text=True)
        assert shown in found and hidden not in found, query
    assert "No delegates match" in client.get(f"/meetings/{mid}/delegates?q=无此人").get_data(
        as_text=True)


def test_edit_with_errors_beside_the_fields_then_saved(app, client, make):
    term = make_term(app, client, make, starts=(-10,))
    add_delegate(term, "王五")
    zhang = add_delegate(term, "张三")
    _staff_client(client, term)
    url = f"/delegates/{zhang.delegate_id}"
    from congress.people.models import Delegate
    with app.app_context():
        gid = db.session.get(Delegate, zhang.delegate_id).delegation_id
    r = post_form(client, f"{url}/edit", {"name": "王五", "delegation_id": gid, "gender": ""},
                  page=url)
    assert r.status_code == 422
    assert 'class="error" role="alert">王五 is already in this delegation' in \
        r.get_data(as_text=True)
    r = post_form(client, f"{url}/edit", {"name": "张叁", "delegation_id": gid, "gender": "male",
                                          "group": "第二小组", "seat": "D-4",
                                          "work_unit": "市财政局", "back": "/meetings/1/delegates"},
                  page=url)
    assert r.status_code == 302 and r.headers["Location"] == "/meetings/1/delegates"
    with app.app_context():
        d = db.session.get(Delegate, zhang.delegate_id)
        assert (d.name, d.gender, d.group.name, d.seat, d.work_unit, d.user.name) == \
            ("张叁", "male", "第二小组", "D-4", "市财政局", "张叁")
    page = client.get(url).get_data(as_text=True)
    assert "Edited" in page and "张三 → 张叁" in page


def test_terminate_from_the_page_and_the_roster_shows_it_apart(app, client, make):
    term = make_term(app, client, make, starts=(-10, 20))
    first, later = term.meetings
    zhang = add_delegate(term, "张三")
    add_delegate(term, "李四")
    _staff_client(client, term)
    url = f"/delegates/{zhang.delegate_id}"
    assert 'data-confirm="Terminate 张三' in client.get(url).get_data(as_text=True)
    r = post_form(client, f"{url}/terminate", {"on": "", "reason": ""}, page=url)
    assert r.status_code == 422
    body = r.get_data(as_text=True)
    assert body.count('class="error" role="alert"') == 2
    before_term = (today(app) - timedelta(days=3650)).isoformat()
    r = post_form(client, f"{url}/terminate", {"on": before_term, "reason": "调离"}, page=url)
    assert r.status_code == 422 and "must fall within the term" in r.get_data(as_text=True)
    r = post_form(client, f"{url}/terminate", {"on": today(app).isoformat(),
                                               "reason": "调离本行政区域"}, page=url)
    assert r.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Terminated" in page and "调离本行政区域" in page and 'id="terminate"' not in page
    # still on the roster of the meeting that began before, greyed; apart on the later one's
    current = client.get(f"/meetings/{first}/delegates").get_data(as_text=True)
    assert 'class="terminated"' in current and "Delegates whose qualification has ended" \
        not in current
    nxt = client.get(f"/meetings/{later}/delegates").get_data(as_text=True)
    assert "Delegates whose qualification has ended" in nxt and "调离本行政区域" in nxt


def test_add_a_delegate_later_from_the_roster(app, client, make):
    term = make_term(app, client, make, starts=(-10, 20))
    first, later = term.meetings
    add_delegate(term, "张三")
    _staff_client(client, term)
    from congress.people.models import Delegate, Delegation
    with app.app_context():
        gid = db.session.scalar(db.select(Delegation.id))
    roster = f"/meetings/{later}/delegates"
    r = post_form(client, roster, {"name": "补选代表", "delegation_id": gid, "gender": "",
                                   "active_from": today(app).isoformat()})
    assert r.status_code == 200 and "补选代表" in r.get_data(as_text=True)
    with app.app_context():
        d = db.session.scalar(db.select(Delegate).where(Delegate.name == "补选代表"))
        assert d.active_from == today(app)
    assert "补选代表" in client.get(roster).get_data(as_text=True)
    assert "补选代表" not in client.get(f"/meetings/{first}/delegates").get_data(as_text=True)
    r = post_form(client, roster, {"name": "太早代表", "delegation_id": gid, "gender": "",
                                   "active_from": "1990-01-01"})
    assert r.status_code == 422  # shown again, the message beside the date (issue 18 point 9)
    assert "must fall within the term" in r.get_data(as_text=True)


def test_a_delegate_reads_their_term_and_not_another_delegate(app, client, make):
    term = make_term(app, client, make, starts=(-10,))
    zhang = add_delegate(term, "张三")
    li = add_delegate(term, "李四")
    login(client, zhang)
    english(client)
    page = client.get("/my/term").get_data(as_text=True)
    assert "张三" in page and "年会1" in page and f"/meetings/{term.meetings[0]}/tablet" in page
    assert client.get(f"/delegates/{li.delegate_id}").status_code == 403
