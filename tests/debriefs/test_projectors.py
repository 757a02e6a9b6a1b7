"""Issue 18 point 16: what each projector shows (the debrief, the agenda with its current item,
attendance and quorum, a closed ballot's result) and the chair's message over it; two screens
with their own state, changed only by POST with an audit entry; the key link keeps working."""
import re

import pytest
from sqlalchemy import select

from congress.extensions import db
from tests.ballots.conftest import close_ballot, new_ballot, open_ballot
from tests.helpers import login, post_form


@pytest.fixture
def hall(app, client, room):
    from congress.meetings.models import Meeting
    from congress.meetings.services import add_agenda_item

    with app.app_context():
        meeting = db.session.get(Meeting, room.mid)
        first = add_agenda_item(None, meeting, kind="other", title="听取市委工作报告")
        second = add_agenda_item(None, meeting, kind="other", title="审议关于两个工作报告的决议")
        db.session.commit()
        items = (first.id, second.id)
    ballot = new_ballot(client, room, kind="motion", title="关于两个工作报告的决议",
                        subjects=("关于两个工作报告的决议",))
    open_ballot(client, room, ballot)
    close_ballot(client, room, ballot)
    login(client, room.chair)
    return room, items, ballot["id"]


def _show(client, mid, screen, **data):
    return post_form(client, f"/meetings/{mid}/projectors/{screen}", data,
                     page=f"/meetings/{mid}/projectors")


def _key(app, mid):
    from congress.core.projector import projector_key
    from congress.meetings.models import Meeting

    with app.app_context():
        return projector_key(db.session.get(Meeting, mid))


def _audit(app, mid):
    from congress.core.audit import AuditEntry

    with app.app_context():
        return db.session.scalars(select(AuditEntry.after).where(
            AuditEntry.action == "projector.update", AuditEntry.meeting_id == mid)
            .order_by(AuditEntry.id)).all()  # PostgreSQL returns rows in no set order


def test_the_agenda_shows_the_current_item(app, client, hall):
    room, (first, second), _ = hall
    r = _show(client, room.mid, 1, view="agenda", item_id=str(second))
    assert r.status_code == 302 and r.location.endswith(f"/meetings/{room.mid}/projectors")
    panel = client.get(f"/projector/{room.mid}/panel?screen=1").get_data(as_text=True)
    assert 'data-view="agenda"' in panel
    current = re.search(r'<li class="current"[^>]*>([^<]+)', panel).group(1)
    assert current.strip() == "审议关于两个工作报告的决议"
    assert "听取市委工作报告" in panel
    assert _audit(app, room.mid)[-1]["view"] == "agenda"


def test_attendance_announces_due_present_leave_and_the_quorum(app, client, hall):
    room, _, _ = hall
    assert _show(client, room.mid, 1, view="attendance").status_code == 302
    panel = client.get(f"/projector/{room.mid}/panel").get_data(as_text=True)
    assert "应到代表5名，实到4名，符合规定人数。" in panel
    for label in ("应到", "实到", "请假"):
        assert label in panel


def test_the_result_of_a_closed_ballot_and_a_refused_open_one(app, client, hall):
    room, _, bid = hall
    assert _show(client, room.mid, 2, view="results", ballot_id=str(bid)).status_code == 302
    panel = client.get(f"/projector/{room.mid}/panel?screen=2").get_data(as_text=True)
    assert "关于两个工作报告的决议" in panel and 'data-testid="projector-results"' in panel
    assert "收回选票" in panel
    draft = new_ballot(client.application.test_client(), room)  # still a draft: no result
    before = _audit(app, room.mid)
    r = _show(client, room.mid, 2, view="results", ballot_id=str(draft["id"]))
    assert r.status_code == 302
    assert _audit(app, room.mid) == before
    page = client.get(f"/meetings/{room.mid}/projectors").get_data(as_text=True)
    assert "请选择本次会议已结束的表决" in page


def test_the_message_overlay_and_two_screens_independent(app, client, hall):
    room, _, _ = hall
    assert _show(client, room.mid, 2, view="attendance").status_code == 302
    assert _show(client, room.mid, 1, message="请代表们就座，会议即将开始").status_code == 302
    one = client.get(f"/projector/{room.mid}?screen=1").get_data(as_text=True)
    two = client.get(f"/projector/{room.mid}?screen=2").get_data(as_text=True)
    assert "请代表们就座，会议即将开始" in one and 'data-view="debrief"' in one
    assert "请代表们就座" not in two and 'data-view="attendance"' in two
    assert _show(client, room.mid, 1, message="").status_code == 302
    assert "请代表们就座" not in client.get(f"/projector/{room.mid}?screen=1").get_data(
        as_text=True)
    assert [a["screen"] for a in _audit(app, room.mid)] == [2, 1, 1]


def test_the_key_link_follows_its_screen_without_an_account(app, client, hall):
    room, _, _ = hall
    _show(client, room.mid, 2, view="attendance", message="休会十分钟")
    anonymous = app.test_client()
    key = _key(app, room.mid)
    page = anonymous.get(f"/projector/{room.mid}?key={key}&screen=2")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "休会十分钟" in body and "screen=2" in body  # the live region refetches screen 2
    assert anonymous.get(f"/projector/{room.mid}?key={key}").status_code == 200
    assert anonymous.get(f"/projector/{room.mid}?key={key}&screen=9").status_code == 404
    assert anonymous.get(f"/projector/{room.mid}?key=wrong&screen=2").status_code == 403
    r = anonymous.post(f"/meetings/{room.mid}/projectors/2", data={"message": "x"})
    assert r.status_code in (302, 303, 400, 401, 403)  # 303: to the sign-in page
    assert _audit(app, room.mid)[-1]["message"] != "x"


def test_a_get_never_changes_what_a_screen_shows(app, client, hall):
    from congress.meetings.models import Meeting

    room, (first, _), _ = hall
    for url in (f"/meetings/{room.mid}/projectors/1?view=agenda&message=x",
                f"/meetings/{room.mid}/projectors?view=agenda",
                f"/meetings/{room.mid}/projectors/1/preview?message=x",
                f"/projector/{room.mid}/panel?screen=1&view=agenda"):
        assert client.get(url).status_code in (200, 405)
    with app.app_context():
        assert "projectors" not in (db.session.get(Meeting, room.mid).settings or {})
    assert _audit(app, room.mid) == []


def test_the_console_gives_each_screen_its_key_link(app, client, hall):
    room, _, _ = hall
    login(client, room.secretariat)
    page = client.get(f"/meetings/{room.mid}/projectors").get_data(as_text=True)
    key = _key(app, room.mid)
    for screen in (1, 2):
        link = re.search(rf'data-testid="projector-link-{screen}" href="([^"]+)"', page).group(1)
        assert f"key={key}" in link and link.endswith(f"screen={screen}")
        path = link.replace("&amp;", "&").split("://", 1)[1].split("/", 1)[1]
        r = app.test_client().get("/" + path)
        assert r.status_code == 200 and f'data-screen="{screen}"' in r.get_data(as_text=True)


def test_a_delegate_may_not_change_a_screen(app, client, hall):
    room, _, _ = hall
    login(client, room.delegates[0])
    r = client.post(f"/meetings/{room.mid}/projectors/1", data={"message": "x"})
    assert r.status_code in (400, 403)
    assert _audit(app, room.mid) == []


def test_the_hall_has_as_many_projectors_as_its_setting(app, client, hall):
    """The secretariat sets the projectors in the hall (2 by default, 1 to 8): the console
    offers each its controls, preview and key link; a screen beyond the count is not found."""
    from congress.meetings.models import Meeting
    from congress.meetings.settings import SETTINGS

    room, _, _ = hall
    login(client, room.secretariat)
    console = f"/meetings/{room.mid}/projectors"
    assert 'data-testid="projector-control-3"' not in client.get(console).get_data(as_text=True)
    assert _show(client, room.mid, 3, view="agenda").status_code == 404
    form = {s.key: ("\n".join(s.default) if s.kind is list else str(s.default))
            for s in SETTINGS} | {"projector_screens": "4"}
    assert post_form(client, f"/meetings/{room.mid}/settings", form).status_code == 302
    page = client.get(console).get_data(as_text=True)
    assert [int(n) for n in re.findall(r'data-testid="projector-control-(\d+)"', page)] == \
        [1, 2, 3, 4]
    assert "会场投影机数量" in client.get("/audit/").get_data(as_text=True)  # not the key
    login(client, room.chair)
    assert _show(client, room.mid, 4, view="attendance").status_code == 302
    key = _key(app, room.mid)
    four = app.test_client().get(f"/projector/{room.mid}?key={key}&screen=4")
    assert four.status_code == 200 and 'data-view="attendance"' in four.get_data(as_text=True)
    assert client.get(f"/meetings/{room.mid}/projectors/5/preview").status_code == 404
    assert app.test_client().get(f"/projector/{room.mid}?key={key}&screen=5").status_code == 404
    with app.app_context():
        assert db.session.get(Meeting, room.mid).options["projector_screens"] == 4
