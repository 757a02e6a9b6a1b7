"""Check-in at the desk (list, typed or scanned code), leave, self check-in on the tablet."""
import threading

import pytest
from sqlalchemy import func, select

from congress.core.audit import AuditEntry
from congress.extensions import db
from congress.meetings.models import Attendance, AttendanceStatus, Meeting
from congress.meetings.services import attendance_summary
from tests.helpers import bearer, english, login, post_form, token_for


def _status(app, delegate):
    with app.app_context():
        row = db.session.scalar(select(Attendance).where(
            Attendance.delegate_id == delegate.delegate_id))
        return row.status.value if row else None


def _summary(app, mid):
    with app.app_context():
        return attendance_summary(db.session.get(Meeting, mid))


@pytest.fixture
def desk(client, make):
    mid = make.meeting()
    login(client, make.user("secretariat"))
    english(client)
    return mid


def test_desk_list_searches_by_name_seat_and_username(client, make, desk):
    wang = make.delegate(desk, name="王小明", seat="A-07")
    make.delegate(desk, name="李大海", delegation="庐阳区代表团")
    page = client.get(f"/meetings/{desk}/checkin?q=小明").get_data(as_text=True)
    assert "王小明" in page and "李大海" not in page
    page = client.get(f"/meetings/{desk}/checkin?q=A-07").get_data(as_text=True)
    assert "王小明" in page and "李大海" not in page
    page = client.get(f"/meetings/{desk}/checkin?q={wang.username}").get_data(as_text=True)
    assert "王小明" in page and "李大海" not in page


def test_desk_checks_in_from_the_list(app, client, make, desk):
    delegate = make.delegate(desk)
    r = post_form(client, f"/meetings/{desk}/delegates/{delegate.delegate_id}/checkin",
                  page=f"/meetings/{desk}/checkin")
    assert r.status_code == 302
    assert _status(app, delegate) == "present"
    assert _summary(app, desk).present == 1


@pytest.mark.parametrize("code", ["{username}", "  {username} ",
                                  "http://127.0.0.1:5000/login?u={username}"])
def test_desk_checks_in_by_typed_or_scanned_code(app, client, make, desk, code):
    delegate = make.delegate(desk)
    r = post_form(client, f"/meetings/{desk}/checkin/code",
                  {"code": code.format(username=delegate.username)},
                  page=f"/meetings/{desk}/checkin")
    assert r.status_code == 302
    assert _status(app, delegate) == "present"
    page = client.get(r.location).get_data(as_text=True)
    assert f"{delegate.name} checked in" in page


def test_unknown_code_is_a_clear_message_and_changes_nothing(app, client, make, desk):
    stranger = make.delegate(make.meeting())  # another meeting's card
    r = post_form(client, f"/meetings/{desk}/checkin/code", {"code": stranger.username},
                  page=f"/meetings/{desk}/checkin")
    page = client.get(r.location).get_data(as_text=True)
    assert "No delegate of this meeting has the code" in page
    assert _status(app, stranger) is None


def test_leave_then_arrival(app, client, make, desk):
    delegate = make.delegate(desk)
    base = f"/meetings/{desk}/delegates/{delegate.delegate_id}"
    post_form(client, f"{base}/leave", page=f"/meetings/{desk}/checkin")
    assert _status(app, delegate) == "on_leave"
    summary = _summary(app, desk)
    assert (summary.present, summary.on_leave) == (0, 1)
    post_form(client, f"{base}/checkin", page=f"/meetings/{desk}/checkin")
    assert _status(app, delegate) == "present"
    summary = _summary(app, desk)
    assert (summary.present, summary.on_leave) == (1, 0)


def test_present_delegate_cannot_be_put_on_leave(app, client, make, desk):
    delegate = make.delegate(desk)
    make.check_in(delegate)
    r = post_form(client, f"/meetings/{desk}/delegates/{delegate.delegate_id}/leave",
                  page=f"/meetings/{desk}/checkin")
    assert "has already checked in" in client.get(r.location).get_data(as_text=True)
    assert _status(app, delegate) == "present"


def test_undo_clears_a_mistaken_checkin(app, client, make, desk):
    delegate = make.delegate(desk)
    make.check_in(delegate)
    post_form(client, f"/meetings/{desk}/delegates/{delegate.delegate_id}/clear",
              page=f"/meetings/{desk}/checkin")
    assert _status(app, delegate) is None


def test_attendance_page_lists_who_is_missing(client, make, desk):
    here = make.delegate(desk, name="到会代表")
    make.delegate(desk, name="缺席代表")
    make.check_in(here)
    page = client.get(f"/meetings/{desk}/attendance").get_data(as_text=True)
    missing_part = page.split("Not present", 1)[1]
    assert "缺席代表" in missing_part and "到会代表" not in missing_part
    assert "No quorum yet" in page or "Quorum met" in page


def test_delegate_checks_in_on_the_tablet(app, client, make):
    mid = make.meeting()
    delegate = make.delegate(mid)
    login(client, delegate)
    english(client)
    page = client.get(f"/meetings/{mid}/tablet").get_data(as_text=True)
    assert "Check in" in page
    r = post_form(client, f"/meetings/{mid}/tablet/checkin", page=f"/meetings/{mid}/tablet")
    assert r.status_code == 302
    assert _status(app, delegate) == "present"
    page = client.get(r.location).get_data(as_text=True)
    assert 'data-testid="checked-in"' in page
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "attendance.check_in"))
        assert entry.actor_id == delegate.id and entry.after["method"] == "self"


def test_a_delegate_cannot_use_another_meetings_tablet(client, make):
    mid, other = make.meeting(), make.meeting()
    login(client, make.delegate(mid))
    assert client.get(f"/meetings/{other}/tablet").status_code == 403


def test_concurrent_checkins_of_one_delegate_make_one_record(app, make):
    """Many desks and the delegate's own tablet press at once: one record, one audit entry."""
    mid = make.meeting()
    delegate = make.delegate(mid)
    clerks = [make.user("secretariat") for _ in range(4)]
    tokens = [token_for(app.test_client(), c) for c in clerks]
    self_token = token_for(app.test_client(), delegate)
    barrier = threading.Barrier(len(tokens) * 2 + 1)
    codes = []

    def press(token, body):
        client = app.test_client()
        barrier.wait()
        codes.append(client.post(f"/api/v1/meetings/{mid}/checkins", json=body,
                                 headers=bearer(token)).status_code)

    threads = [threading.Thread(target=press, args=(t, {"delegate_id": delegate.delegate_id}))
               for t in tokens * 2] + [threading.Thread(target=press, args=(self_token, {}))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes).count(201) == 1 and sorted(codes).count(200) == len(threads) - 1
    with app.app_context():
        assert db.session.scalar(select(func.count(Attendance.id))) == 1
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "attendance.check_in")) == 1
        assert db.session.scalar(select(Attendance.status)) is AttendanceStatus.present


@pytest.mark.postgres
def test_many_delegates_check_in_at_once_on_postgresql(app, make):
    """PostgreSQL, where the race is real: 60 delegates sign in at the same moment."""
    mid = make.meeting()
    delegates = make.delegates(mid, 60)
    tokens = [token_for(app.test_client(), d) for d in delegates]
    barrier = threading.Barrier(len(tokens))
    codes = []

    def press(token):
        barrier.wait()
        codes.append(app.test_client().post(f"/api/v1/meetings/{mid}/checkins", json={},
                                            headers=bearer(token)).status_code)

    threads = [threading.Thread(target=press, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes.count(201) == 60
    assert _summary(app, mid).present == 60
