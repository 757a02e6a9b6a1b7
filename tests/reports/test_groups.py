"""Group sessions: the secretariat marks a recorder; the recorder keeps notes and attendance;
the secretariat and chair watch the progress."""
import re

from sqlalchemy import select

from congress.core.audit import AuditEntry
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.people.models import Delegation
from congress.reports.group_models import GroupPresence, GroupSession
from tests.helpers import login, post_form
from tests.reports.conftest import comment, import_report


def _group(hall, did, tail=""):
    """A group's page (a delegation at the meeting), or one of its actions."""
    return f"/meetings/{hall.mid}/groups/{did}{tail}"


def _did(app, hall, name="瑶海区代表团"):
    with app.app_context():
        return db.session.scalar(select(Delegation.id).join(
            Meeting, Meeting.congress_id == Delegation.congress_id).where(
            Meeting.id == hall.mid, Delegation.name == name))


def _mark(client, hall, did, delegate):
    """The secretariat marks the recorder, in its own browser."""
    desk = client.application.test_client()
    login(desk, hall.secretariat)
    r = post_form(desk, _group(hall, did, "/recorder"), {"recorder": str(delegate.delegate_id)},
                  page=_group(hall, did))
    assert r.status_code == 302


def test_recorder_keeps_notes_and_attendance(app, client, hall):
    did = _did(app, hall)
    recorder = hall.yaohai[0]
    _mark(client, hall, did, recorder)
    login(client, recorder)
    client.get("/locale/en")
    page = client.get(_group(hall, did)).get_data(as_text=True)
    assert "Attendance at the group session" in page and "Notes of the discussion" in page
    assert post_form(client, _group(hall, did, "/start"), page=_group(hall, did)).status_code == 302
    r = post_form(client, _group(hall, did, "/attendance"), {
        f"a{hall.yaohai[0].delegate_id}": "present", f"a{hall.yaohai[1].delegate_id}": "present",
        f"a{hall.yaohai[2].delegate_id}": "on_leave"}, page=_group(hall, did))
    assert r.status_code == 302
    r = post_form(client, _group(hall, did, "/notes"), {"notes": "代表们一致认为报告实事求是。"},
                  page=_group(hall, did))
    assert r.status_code == 302
    with app.app_context():
        session = db.session.scalar(select(GroupSession).where(
            GroupSession.delegation_id == did))
        assert session.notes == "代表们一致认为报告实事求是。"
        assert {a.delegate_id: a.status for a in session.attendance} == {
            hall.yaohai[0].delegate_id: GroupPresence.present,
            hall.yaohai[1].delegate_id: GroupPresence.present,
            hall.yaohai[2].delegate_id: GroupPresence.on_leave}
        actions = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("group.%")).order_by(AuditEntry.id)).all()
        assert actions == ["group.recorder", "group.start", "group.attendance", "group.notes"]
    # someone from another delegation cannot be marked present here
    r = post_form(client, _group(hall, did, "/attendance"), {
        f"a{hall.luyang[0].delegate_id}": "present"}, page=_group(hall, did))
    assert "is not a member of this group" in client.get(r.location).get_data(as_text=True)
    # ending closes notes and attendance too
    post_form(client, _group(hall, did, "/end"), page=_group(hall, did))
    r = post_form(client, _group(hall, did, "/notes"), {"notes": "事后补记"},
                  page=_group(hall, did))
    assert "reopen it to make corrections" in client.get(r.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(GroupSession.notes)) == "代表们一致认为报告实事求是。"


def test_only_the_recorder_keeps_the_record(app, client, hall):
    did = _did(app, hall)
    _mark(client, hall, did, hall.yaohai[0])
    for account in (hall.yaohai[1], hall.luyang[0]):
        login(client, account)
        assert client.get(_group(hall, did)).status_code == 403
        assert post_form(client, _group(hall, did, "/notes"), {"notes": "x"},
                         page="/login").status_code == 403
        assert post_form(client, _group(hall, did, "/end"), page="/login").status_code == 403
    login(client, hall.secretariat)  # the secretariat sees the page but keeps no notes
    assert client.get(_group(hall, did)).status_code == 200
    assert post_form(client, _group(hall, did, "/notes"), {"notes": "x"},
                     page=_group(hall, did)).status_code == 403


def test_recorder_must_belong_to_the_delegation(app, client, hall):
    did = _did(app, hall)
    login(client, hall.secretariat)
    client.get("/locale/en")
    r = post_form(client, _group(hall, did, "/recorder"),
                  {"recorder": str(hall.luyang[0].delegate_id)},
                  page=_group(hall, did))
    assert "must be a delegate of 瑶海区代表团" in client.get(r.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(GroupSession.recorder_id)) is None


def test_progress_for_staff_as_json_and_as_a_fragment(app, client, hall):
    rid = import_report(app, hall)
    did = _did(app, hall)
    _mark(client, hall, did, hall.yaohai[0])
    comment(client, hall, hall.yaohai[0], rid, "意见一")
    comment(client, hall, hall.yaohai[0], rid, "意见二")
    comment(client, hall, hall.yaohai[1], rid, "意见三")
    r = client.get(f"/api/v1/meetings/{hall.mid}/groups", headers=hall.headers(hall.chair))
    assert r.status_code == 200
    rows = {g["delegation"]["name"]: g for g in r.get_json()["groups"]}
    assert rows["瑶海区代表团"] | {"notes_updated_at": None} == {
        "delegation": {"id": did, "name": "瑶海区代表团"}, "status": "pending",
        "recorder": {"id": hall.yaohai[0].delegate_id, "name": hall.yaohai[0].name},
        "members": 3, "present": 0, "comments": 3, "commenters": 2, "notes_chars": 0,
        "notes_updated_at": None}
    assert rows["庐阳区代表团"]["comments"] == 0 and rows["庐阳区代表团"]["recorder"] is None
    assert client.get(f"/api/v1/meetings/{hall.mid}/groups",
                      headers=hall.headers(hall.yaohai[0])).status_code == 403
    login(client, hall.chair)
    client.get("/locale/en")
    page = client.get(f"/meetings/{hall.mid}/groups").get_data(as_text=True)
    assert f'data-live-src="/meetings/{hall.mid}/groups/progress"' in page
    assert 'data-live-on="report"' in page and "refresh.js" not in page
    fragment = client.get(f"/meetings/{hall.mid}/groups/progress").get_data(as_text=True)
    assert "<html" not in fragment
    assert re.search(r"3 from 2 delegates", fragment) and hall.yaohai[0].name in fragment
