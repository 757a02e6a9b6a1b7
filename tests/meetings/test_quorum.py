"""The quorum: present must exceed due × ratio; exactly half is not a quorum."""
import pytest

from congress.extensions import db
from congress.meetings.models import Meeting
from congress.meetings.services import attendance_summary
from tests.helpers import bearer, token_for


@pytest.mark.parametrize("due, present, ratio, met", [
    (10, 5, "0.5", False),    # exactly half is not a quorum
    (10, 6, "0.5", True),
    (9, 4, "0.5", False),
    (9, 5, "0.5", True),
    (300, 150, "0.5", False),
    (300, 151, "0.5", True),
    (5, 4, "0.8", False),     # 4/5 of 5 is 4: must exceed it
    (5, 5, "0.8", True),
    (300, 240, "0.8", False),
    (300, 241, "0.8", True),
    (3, 2, "0.6666", True),
    (3, 2, "0.6667", False),  # 3 × 0.6667 = 2.0001
    (0, 0, "0.5", False),
])
def test_quorum_boundary(app, make, due, present, ratio, met):
    mid = make.meeting(quorum_ratio=ratio)
    accounts = make.delegates(mid, due)
    for account in accounts[:present]:
        make.check_in(account)
    with app.app_context():
        summary = attendance_summary(db.session.get(Meeting, mid))
    assert (summary.due, summary.present) == (due, present)
    assert summary.quorum_met is met
    assert summary.quorum_met == (present > due * float(ratio))


def test_attendance_api_reports_the_boundary(client, make):
    mid = make.meeting(quorum_ratio="0.5")
    accounts = make.delegates(mid, 4)
    leave_taker = accounts[3]
    chair = make.user("chair")
    headers = bearer(token_for(client, chair))
    make.check_in(accounts[0])
    make.check_in(accounts[1])
    from congress.meetings.services import mark_leave
    from congress.people.models import Delegate
    with client.application.app_context():
        mark_leave(None, db.session.get(Meeting, mid),
                   db.session.get(Delegate, leave_taker.delegate_id))
        db.session.commit()

    body = client.get(f"/api/v1/meetings/{mid}/attendance", headers=headers).get_json()
    assert body == {"due": 4, "present": 2, "on_leave": 1, "quorum_needed": 3,
                    "quorum_met": False}
    make.check_in(accounts[2])
    body = client.get(f"/api/v1/meetings/{mid}/attendance", headers=headers).get_json()
    assert body["present"] == 3 and body["quorum_met"] is True
