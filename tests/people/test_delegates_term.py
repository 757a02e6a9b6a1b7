"""A delegate of the term: one login across the annual meetings of a congress; a terminated
delegate drops from later rosters and every action is refused (403 `delegate_terminated`)
while what they did stays on record."""
from sqlalchemy import func, select

from congress.extensions import db
from tests.helpers import english, login, post_form
from tests.people.term_world import add_delegate, make_term, today
from tests.proposals.conftest import GOOD


def _ballot(term, mid):
    """An open rating ballot of meeting `mid`: (ballot id, {subject id: option id})."""
    chair = term.secretariat
    ballot = term.ok("POST", f"/api/v1/meetings/{mid}/ballots", chair,
                     {"title": "述职测评", "kind": "rating",
                      "subjects": [{"title": "瑶海区委书记"}]}, 201)
    term.ok("POST", f"/api/v1/ballots/{ballot['id']}/open", chair)
    return ballot["id"], {str(ballot["subjects"][0]["id"]): ballot["options"][0]["id"]}


def _queue(term, mid):
    """The open question queue of a new debrief of meeting `mid`."""
    debrief = term.ok("POST", f"/api/v1/meetings/{mid}/debriefs", term.secretariat,
                      {"reporter_name": "王书记", "reporter_title": "瑶海区委书记"}, 201)
    for phase in ("report", "questions"):
        term.ok("POST", f"/api/v1/debriefs/{debrief['id']}/phase", term.secretariat,
                {"phase": phase})
    return debrief["queue_id"]


def _report(app, term, mid):
    from congress.meetings.models import Meeting
    from congress.people.models import User
    from congress.reports import services
    from tests.reports.conftest import WORK_REPORT, make_docx

    with app.app_context():
        actor = db.session.get(User, term.secretariat.id)
        report = services.create_report(actor, db.session.get(Meeting, mid),
                                        kind="party_committee", title="市委工作报告",
                                        filename="report.docx", data=make_docx(*WORK_REPORT))
        services.table_version(actor, report.versions[0])
        db.session.commit()
        return report.id


def _act_everywhere(term, delegate, mid, ballot, queue, report):
    """Vote, ask for the floor, file a proposal and comment at `mid`: the answers."""
    ballot_id, choices = ballot
    return {
        "vote": term.call("POST", f"/api/v1/ballots/{ballot_id}/votes", delegate,
                          {"choices": choices}),
        "floor": term.call("POST", f"/api/v1/queues/{queue}/requests", delegate,
                           {"kind": "question"}),
        "proposal": term.call("POST", f"/api/v1/meetings/{mid}/proposals", delegate, GOOD),
        "comment": term.call("POST", f"/api/v1/reports/{report}/comments", delegate,
                             {"text": "报告实事求是。"}),
    }


def test_one_login_acts_in_two_meetings_and_termination_refuses_every_action(app, client,
                                                                             make):
    term = make_term(app, client, make, starts=(-365, -1, 30))
    first, second, third = term.meetings
    delegate = add_delegate(term, "张三")
    others = [add_delegate(term, f"代表{i}") for i in range(3)]

    queues = {}
    for mid in (first, second):  # the same login, the same delegate id, both meetings
        checked_in = term.call("POST", f"/api/v1/meetings/{mid}/checkins", delegate, {})
        assert checked_in.status_code == 201, checked_in.get_json()
        assert checked_in.get_json()["delegate_id"] == delegate.delegate_id
        for other in others:
            make.check_in(other, mid)
        queues[mid] = _queue(term, mid)
        answers = _act_everywhere(term, delegate, mid, _ballot(term, mid), queues[mid],
                                  _report(app, term, mid))
        assert {what: r.status_code for what, r in answers.items()} == {
            "vote": 201, "floor": 201, "proposal": 201, "comment": 201}, \
            {what: r.get_json() for what, r in answers.items()}

    term.ok("POST", f"/api/v1/delegates/{delegate.delegate_id}/termination", term.secretariat,
            {"on": today(app).isoformat(), "reason": "调离本行政区域"})

    # off the next meeting's roster; still on those that began before the termination
    for mid, on_roster in ((first, True), (second, True), (third, False)):
        listed = term.ok("GET", f"/api/v1/meetings/{mid}/delegates", term.secretariat)
        assert (delegate.delegate_id in {d["id"] for d in listed["delegates"]}) is on_roster
        assert len(listed["delegates"]) == len(others) + on_roster

    # a fresh ballot and report of the meeting they are still on the roster of
    fresh = (_ballot(term, second), queues[second], _report(app, term, second))
    answers = _act_everywhere(term, delegate, second, *fresh)
    answers["check in"] = term.call("POST", f"/api/v1/meetings/{second}/checkins", delegate, {})
    for what, r in answers.items():
        assert r.status_code == 403, (what, r.get_json())
        error = r.get_json()["error"]
        assert error["code"] == "delegate_terminated", what
        assert today(app).isoformat() in error["message"]
    assert term.call("POST", f"/api/v1/meetings/{third}/checkins", delegate, {}) \
        .status_code in (403, 404)

    # what they did stays: check-ins, votes (participations), questions, proposals, comments
    from congress.ballots.models import Participation
    from congress.debriefs.models import FloorRequest
    from congress.meetings.models import Attendance
    from congress.proposals.models import Proposal
    from congress.reports.models import ReviewComment
    with app.app_context():
        mine = delegate.delegate_id
        assert db.session.scalar(select(func.count()).select_from(Attendance)
                                 .where(Attendance.delegate_id == mine)) == 2
        assert db.session.scalar(select(func.count()).select_from(Participation)
                                 .where(Participation.delegate_id == mine)) == 2
        assert db.session.scalar(select(func.count()).select_from(FloorRequest)
                                 .where(FloorRequest.delegate_id == mine)) == 2
        assert db.session.scalar(select(func.count()).select_from(Proposal)
                                 .where(Proposal.lead_id == mine)) == 2
        assert db.session.scalar(select(func.count()).select_from(ReviewComment)
                                 .where(ReviewComment.delegate_id == mine)) == 2

    # signing in still works, to read their own record
    record = term.ok("GET", f"/api/v1/delegates/{mine}", delegate)
    assert record["status"] == "terminated"
    assert [m["attendance"] for m in record["meetings"]] == ["present", "present"]
    assert [h["action"] for h in record["history"]][:1] == ["created"]
    assert "terminated" in [h["action"] for h in record["history"]]
    assert [h["action"] for h in record["history"]].count("checked_in") == 2


def test_a_terminated_delegate_clicking_an_action_sees_the_reason(app, client, make):
    term = make_term(app, client, make, starts=(-1,))
    (mid,) = term.meetings
    delegate = add_delegate(term, "李四")
    add_delegate(term, "王五")
    term.ok("POST", f"/api/v1/delegates/{delegate.delegate_id}/termination", term.secretariat,
            {"on": today(app).isoformat(), "reason": "辞去代表职务"})
    english(client)
    login(client, delegate)  # signing in still works
    r = post_form(client, f"/meetings/{mid}/tablet/checkin", page="/my/term")
    assert r.status_code == 302  # back to the page, with the reason (not a bare 403 page)
    shown = client.get(r.headers["Location"]).get_data(as_text=True)
    assert f"Your qualification as a delegate ended on {today(app).isoformat()}" in shown
    page = client.get("/my/term").get_data(as_text=True)
    assert "Your qualification as a delegate ended on" in page
    assert "李四" in page and "年会1" in page
    with app.app_context():
        from congress.meetings.models import Attendance
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0


def test_home_sends_a_delegate_of_no_current_meeting_to_their_term(app, client, make):
    term = make_term(app, client, make, starts=(-10,))
    delegate = add_delegate(term, "赵六", active_from=today(app).isoformat())  # 补选
    login(client, delegate)
    r = client.get("/")
    assert r.status_code == 302 and r.headers["Location"].endswith("/my/term")
    page = client.get("/my/term").get_data(as_text=True)
    assert "赵六" in page and "年会1" not in page  # elected after that meeting began
