"""Meeting data, runtime settings and the agenda, edited on pages; every change audited."""
from sqlalchemy import select

from congress.core.audit import AuditEntry
from congress.extensions import db
from congress.meetings.models import AgendaItem, Meeting
from tests.helpers import english, login, post_form


def _meeting(app, mid):
    with app.app_context():
        meeting = db.session.get(Meeting, mid)
        return meeting.title, meeting.quorum_ratio, meeting.options, meeting.proposal_deadline


def _actions(app):
    with app.app_context():
        return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_secretariat_creates_a_meeting_on_a_page(app, client, make):
    login(client, make.user("secretariat"))
    r = post_form(client, "/meetings/new", {
        "title": "第二次年会", "year": "2027", "quorum_ratio": "0.5", "min_signers": "8",
        "proposal_deadline": "2027-01-05T12:00", "venue": "会议中心"})
    assert r.status_code == 302
    mid = int(r.location.rstrip("/").split("/")[-1])
    title, ratio, _, deadline = _meeting(app, mid)
    assert title == "第二次年会" and str(ratio) == "0.5000"
    assert deadline.isoformat() == "2027-01-05T04:00:00+00:00"  # entered as Beijing time
    assert "meeting.create" in _actions(app)


def test_invalid_meeting_form_shows_messages_and_changes_nothing(app, client, make):
    login(client, make.user("secretariat"))
    english(client)
    mid = make.meeting(title="原标题")
    before = _actions(app)
    r = post_form(client, f"/meetings/{mid}/edit", {"title": "", "year": "2026",
                                                    "quorum_ratio": "1.5", "min_signers": "0"})
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert page.count('class="error"') >= 3
    assert _meeting(app, mid)[0] == "原标题" and _actions(app) == before


def test_runtime_settings_are_edited_and_validated(app, client, make):
    login(client, make.user("secretariat"))
    english(client)
    mid = make.meeting()
    form = {"question_limit": "5", "report_seconds": "600", "question_seconds": "60",
            "answer_seconds": "180", "comment_seconds": "300", "proposal_max_chars": "1500",
            "handling_due_days": "90", "rehandling_days": "30", "return_window_workdays": "10",
            "projector_screens": "2", "proposal_categories": "党的建设\r\n经济发展\r\n\r\n乡村振兴"}
    r = post_form(client, f"/meetings/{mid}/settings", form)
    assert r.status_code == 302
    options = _meeting(app, mid)[2]
    assert options["question_limit"] == 5 and options["report_seconds"] == 600
    assert options["proposal_categories"] == ["党的建设", "经济发展", "乡村振兴"]
    r = post_form(client, f"/meetings/{mid}/settings", form | {"question_limit": "0"})
    assert r.status_code == 200 and _meeting(app, mid)[2]["question_limit"] == 5
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "meeting.settings"))
        assert entry.before["question_limit"] == 3 and entry.after["question_limit"] == 5


def test_agenda_add_reorder_delete(app, client, make):
    login(client, make.user("secretariat"))
    mid = make.meeting()
    for kind, title in (("plenary_report", "市委工作报告"), ("debrief", "瑶海区委书记述职"),
                        ("ballot", "决议表决")):
        r = post_form(client, f"/meetings/{mid}/agenda", {"kind": kind, "title": title},
                      page=f"/meetings/{mid}")
        assert r.status_code == 302

    def order():
        with app.app_context():
            return [i.title for i in db.session.scalars(
                select(AgendaItem).where(AgendaItem.meeting_id == mid)
                .order_by(AgendaItem.position))]

    assert order() == ["市委工作报告", "瑶海区委书记述职", "决议表决"]
    with app.app_context():
        last = db.session.scalar(select(AgendaItem.id).where(AgendaItem.title == "决议表决"))
    post_form(client, f"/meetings/{mid}/agenda/{last}/up", page=f"/meetings/{mid}")
    assert order() == ["市委工作报告", "决议表决", "瑶海区委书记述职"]
    post_form(client, f"/meetings/{mid}/agenda/{last}/delete", page=f"/meetings/{mid}")
    assert order() == ["市委工作报告", "瑶海区委书记述职"]
    assert {"agenda.add", "agenda.move", "agenda.delete"} <= set(_actions(app))
    r = post_form(client, f"/meetings/{mid}/agenda", {"kind": "nonsense", "title": "x"},
                  page=f"/meetings/{mid}")
    assert order() == ["市委工作报告", "瑶海区委书记述职"]


def test_agenda_item_of_another_meeting_is_404(client, make):
    login(client, make.user("secretariat"))
    mid, other = make.meeting(), make.meeting()
    from congress.meetings.services import add_agenda_item
    with client.application.app_context():
        item = add_agenda_item(None, db.session.get(Meeting, other), kind="other", title="x")
        db.session.commit()
        iid = item.id
    r = post_form(client, f"/meetings/{mid}/agenda/{iid}/delete", page=f"/meetings/{mid}")
    assert r.status_code == 404
