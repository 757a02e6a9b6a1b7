"""The resolution on the reports goes to a motion ballot through the ballots service; its
result shows with the report."""
from sqlalchemy import select

from congress.ballots.models import Ballot, BallotKind, BallotStatus
from congress.core.audit import AuditEntry
from congress.extensions import db
from congress.reports.models import Resolution
from tests.helpers import login, post_form
from tests.reports.conftest import import_report

TEXT = "大会同意中共合肥市委员会工作报告和中共合肥市纪律检查委员会工作报告。"


def _draft(client, hall, rids, title="关于两个工作报告的决议"):
    return post_form(client, f"/meetings/{hall.mid}/resolutions",
                     {"title": title, "text": TEXT, "reports": [str(r) for r in rids]})


def test_resolution_goes_to_a_motion_ballot_and_the_result_shows_with_the_report(
        app, client, hall, make):
    rid = import_report(app, hall)
    jw = import_report(app, hall, title="市纪委工作报告", kind="discipline")
    for d in hall.delegates:
        make.check_in(d)
    login(client, hall.secretariat)
    client.get("/locale/en")
    r = _draft(client, hall, [rid, jw])
    assert r.status_code == 302
    with app.app_context():
        resolution = db.session.scalar(select(Resolution))
        rsid = resolution.id
        assert [x.id for x in resolution.reports] == [rid, jw]
    post_form(client, f"/resolutions/{rsid}/vote", page=f"/resolutions/{rsid}")
    with app.app_context():
        resolution = db.session.get(Resolution, rsid)
        ballot = resolution.ballot
        assert ballot.kind is BallotKind.motion and ballot.status is BallotStatus.draft
        assert [s.title for s in ballot.subjects] == ["关于两个工作报告的决议"]
        assert [o.label for o in ballot.options] == ["赞成", "反对", "弃权"]
        bid = ballot.id
        options = {o.label: o.id for o in ballot.options}
        subject = ballot.subjects[0].id
    # the text is final once it is put to the vote
    r = post_form(client, f"/resolutions/{rsid}", {"title": "改", "text": "改",
                                                   "reports": [str(rid)]})
    assert "its text is final" in r.get_data(as_text=True)
    post_form(client, f"/resolutions/{rsid}/open", page=f"/resolutions/{rsid}")
    choices = ("赞成", "赞成", "赞成", "反对", "弃权")
    for delegate, choice in zip(hall.delegates, choices, strict=True):
        r = client.post(f"/api/v1/ballots/{bid}/votes", headers=hall.headers(delegate),
                        json={"choices": {str(subject): options[choice]}})
        assert r.status_code == 201
    post_form(client, f"/resolutions/{rsid}/close", page=f"/resolutions/{rsid}")
    page = client.get(f"/resolutions/{rsid}").get_data(as_text=True)
    assert "Adopted" in page and "Result sheet (PDF)" in page
    # the result shows with the report, on the page and in the API
    data = client.get(f"/api/v1/reports/{rid}", headers=hall.headers(hall.yaohai[0])).get_json()
    assert data["resolutions"] == [{
        "id": rsid, "title": "关于两个工作报告的决议", "ballot_id": bid, "status": "closed",
        "passed": True, "counts": {"赞成": 3, "反对": 1, "弃权": 1}, "unmarked": 0,
        "present": 5}]
    login(client, hall.yaohai[0])
    client.get("/locale/en")
    reader = client.get(f"/reports/{jw}").get_data(as_text=True)
    assert "关于两个工作报告的决议" in reader and "Adopted" in reader and "赞成 3" in reader
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("resolution.%") | AuditEntry.action.like("ballot.%"))
            .order_by(AuditEntry.id)).all()
        assert actions[:4] == ["resolution.create", "ballot.create",
                               "resolution.put_to_vote", "ballot.open"]
        assert actions[-1] == "ballot.close"


def test_opening_without_quorum_is_refused_with_a_message(app, client, hall):
    rid = import_report(app, hall)
    login(client, hall.secretariat)
    client.get("/locale/en")
    _draft(client, hall, [rid])
    with app.app_context():
        rsid = db.session.scalar(select(Resolution.id))
    post_form(client, f"/resolutions/{rsid}/vote", page=f"/resolutions/{rsid}")
    r = post_form(client, f"/resolutions/{rsid}/open", page=f"/resolutions/{rsid}")
    assert "No quorum" in client.get(r.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Ballot.status)) is BallotStatus.draft


def test_a_resolution_needs_title_text_and_tabled_reports(app, client, hall):
    untabled = import_report(app, hall, table=False)
    login(client, hall.secretariat)
    client.get("/locale/en")
    r = _draft(client, hall, [untabled])
    assert r.status_code == 422
    r = post_form(client, f"/meetings/{hall.mid}/resolutions",
                  {"title": "决议", "text": TEXT, "reports": []})
    assert r.status_code == 422 and "choose the reports" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Resolution)) is None


def test_the_chair_runs_the_vote_but_does_not_draft(app, client, hall, make):
    rid = import_report(app, hall)
    login(client, hall.secretariat)
    _draft(client, hall, [rid])
    with app.app_context():
        rsid = db.session.scalar(select(Resolution.id))
    post_form(client, f"/resolutions/{rsid}/vote", page=f"/resolutions/{rsid}")
    for d in hall.delegates:
        make.check_in(d)
    chair = app.test_client()
    login(chair, hall.chair)
    assert _draft(chair, hall, [rid]).status_code == 403
    assert post_form(chair, f"/resolutions/{rsid}/open",
                     page=f"/resolutions/{rsid}").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Ballot.status)) is BallotStatus.open
