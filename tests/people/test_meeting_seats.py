"""A seat for one meeting: the roster sets it, the check-in desk, the attendance page, the
tablet and the login cards show it; without one, the seat of the term."""
from congress.extensions import db
from tests.helpers import english, login, post_form
from tests.people.term_world import add_delegate, make_term


def test_a_seat_for_one_meeting_and_the_term_seat_elsewhere(app, client, make):
    term = make_term(app, client, make, starts=(-30, -1))
    first, second = term.meetings
    zhang = add_delegate(term, "张三", seat="A-01")
    login(client, term.secretariat)
    english(client)
    roster = f"/meetings/{second}/delegates"
    r = post_form(client, f"{roster}/{zhang.delegate_id}/seat", {"seat": "Z-99"}, page=roster)
    assert r.status_code == 302
    assert 'value="Z-99"' in client.get(roster).get_data(as_text=True)
    assert 'value="A-01"' in client.get(f"/meetings/{first}/delegates").get_data(as_text=True)
    assert "张三" in client.get(f"{roster}?q=Z-99").get_data(as_text=True)  # search finds it
    desk = client.get(f"/meetings/{second}/checkin").get_data(as_text=True)
    assert ">Z-99</td>" in desk  # the desk's cells carry a label for phones
    assert ">A-01</td>" in client.get(f"/meetings/{first}/checkin").get_data(as_text=True)
    assert "<td>Z-99</td>" in client.get(f"/meetings/{second}/attendance").get_data(as_text=True)

    from congress.meetings.models import Meeting
    from congress.people.models import Delegate, User
    from congress.records.cards import card_targets
    with app.app_context():
        targets = card_targets(db.session.get(Meeting, second), [zhang.delegate_id])
        assert [t.seat for t in targets] == ["Z-99"]
        targets = card_targets(db.session.get(Meeting, first), [zhang.delegate_id])
        assert [t.seat for t in targets] == ["A-01"]
        from congress.core.audit import AuditEntry
        entry = db.session.scalar(db.select(AuditEntry).where(
            AuditEntry.action == "meeting_seat.set"))
        assert entry.meeting_id == second and entry.after["seat"] == "Z-99"
        assert db.session.get(User, term.secretariat.id) is not None
        assert db.session.get(Delegate, zhang.delegate_id).seat == "A-01"  # the term's stays

    # blank: back to the seat of the term
    post_form(client, f"{roster}/{zhang.delegate_id}/seat", {"seat": ""}, page=roster)
    assert 'value="A-01"' in client.get(roster).get_data(as_text=True)


def test_the_tablet_shows_the_seat_of_the_meeting(app, client, make):
    term = make_term(app, client, make, starts=(-1,))
    (mid,) = term.meetings
    zhang = add_delegate(term, "张三", seat="A-01")
    from congress.meetings.models import Meeting
    from congress.meetings.seats import set_meeting_seat
    from congress.people.models import Delegate
    with app.app_context():
        set_meeting_seat(None, db.session.get(Meeting, mid),
                         db.session.get(Delegate, zhang.delegate_id), "K-8")
        db.session.commit()
    login(client, zhang)
    english(client)
    page = client.get(f"/meetings/{mid}/tablet").get_data(as_text=True)
    assert "Seat K-8" in page and "Seat A-01" not in page
