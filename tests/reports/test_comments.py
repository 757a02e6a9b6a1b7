"""Review comments: on the whole report or a paragraph; each delegate sees only their own, the
group's recorder the group's, the secretariat all; editable until the group session ends."""
from sqlalchemy import func, select

from congress.core.audit import AuditEntry
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.people.models import Delegation, User
from congress.reports import groups
from congress.reports.models import ReviewComment
from tests.reports.conftest import comment, import_report, make_docx, paragraph_id


def _mark_recorder(app, hall, account):
    from congress.people.models import Delegate

    with app.app_context():
        delegate = db.session.get(Delegate, account.delegate_id)
        groups.set_recorder(db.session.get(User, hall.secretariat.id),
                            db.session.get(Meeting, hall.mid), delegate.delegation, delegate)
        db.session.commit()


def _end_session(app, hall, delegation_name):
    with app.app_context():
        meeting = db.session.get(Meeting, hall.mid)
        delegation = db.session.scalar(select(Delegation).where(
            Delegation.congress_id == meeting.congress_id, Delegation.name == delegation_name))
        session = groups.session_for(meeting, delegation, create=True)
        actor = db.session.get(User, hall.secretariat.id)
        groups.change_status(actor, session, "start")
        groups.change_status(actor, session, "end")
        db.session.commit()


def _texts(client, hall, account, rid):
    r = client.get(f"/api/v1/reports/{rid}/comments", headers=hall.headers(account))
    assert r.status_code == 200, r.get_json()
    return sorted(c["text"] for c in r.get_json()["comments"])


def test_comment_on_the_whole_report_and_on_a_paragraph(app, client, hall):
    rid = import_report(app, hall)
    whole = comment(client, hall, hall.yaohai[0], rid, "报告总体很好，同意。")
    para = comment(client, hall, hall.yaohai[0], rid, "建议补充研发投入的具体措施。", number=2)
    assert whole["paragraph_id"] is None and whole["paragraph"] is None
    assert para["paragraph"] == 2 and para["version"] == 1 and para["editable"] is True
    assert para["delegate"]["name"] == hall.yaohai[0].name
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "comment.create")) == 2


def test_each_delegate_sees_only_their_own(app, client, hall):
    rid = import_report(app, hall)
    a, b = hall.yaohai[0], hall.yaohai[1]
    comment(client, hall, a, rid, "甲的意见")
    comment(client, hall, b, rid, "乙的意见")
    comment(client, hall, hall.luyang[0], rid, "庐阳的意见")
    assert _texts(client, hall, a, rid) == ["甲的意见"]
    assert _texts(client, hall, b, rid) == ["乙的意见"]
    # the reader page shows only one's own too
    from tests.helpers import login
    login(client, a)
    page = client.get(f"/reports/{rid}").get_data(as_text=True)
    assert "甲的意见" in page and "乙的意见" not in page and "庐阳的意见" not in page


def test_the_recorder_sees_the_groups_comments_and_no_other_groups(app, client, hall):
    rid = import_report(app, hall)
    comment(client, hall, hall.yaohai[0], rid, "甲的意见")
    comment(client, hall, hall.yaohai[1], rid, "乙的意见")
    comment(client, hall, hall.luyang[0], rid, "庐阳的意见")
    recorder = hall.yaohai[2]
    assert _texts(client, hall, recorder, rid) == []
    _mark_recorder(app, hall, recorder)
    assert _texts(client, hall, recorder, rid) == ["乙的意见", "甲的意见"]
    # another group's recorder sees their own group only
    _mark_recorder(app, hall, hall.luyang[1])
    assert _texts(client, hall, hall.luyang[1], rid) == ["庐阳的意见"]
    # and a plain member still only their own
    assert _texts(client, hall, hall.yaohai[0], rid) == ["甲的意见"]
    # the secretariat sees all; the chair none (the digest is the secretariat's)
    assert len(_texts(client, hall, hall.secretariat, rid)) == 3
    assert _texts(client, hall, hall.chair, rid) == []


def test_a_delegate_cannot_change_another_delegates_comment(app, client, hall):
    rid = import_report(app, hall)
    mine = comment(client, hall, hall.yaohai[0], rid, "甲的意见")
    for other in (hall.yaohai[1], hall.luyang[0], hall.secretariat):
        r = client.put(f"/api/v1/comments/{mine['id']}", headers=hall.headers(other),
                       json={"text": "改掉"})
        assert r.status_code == 403
        assert client.delete(f"/api/v1/comments/{mine['id']}",
                             headers=hall.headers(other)).status_code == 403
    assert _texts(client, hall, hall.yaohai[0], rid) == ["甲的意见"]


def test_editable_until_the_group_session_ends(app, client, hall):
    rid = import_report(app, hall)
    mine = comment(client, hall, hall.yaohai[0], rid, "初稿意见")
    other_group = comment(client, hall, hall.luyang[0], rid, "庐阳意见")
    r = client.put(f"/api/v1/comments/{mine['id']}", headers=hall.headers(hall.yaohai[0]),
                   json={"text": "修改后的意见"})
    assert r.status_code == 200 and r.get_json()["text"] == "修改后的意见"
    _end_session(app, hall, "瑶海区代表团")
    headers = {**hall.headers(hall.yaohai[0]), "Accept-Language": "en"}
    r = client.put(f"/api/v1/comments/{mine['id']}", headers=headers, json={"text": "再改"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "group_session_ended"
    assert client.delete(f"/api/v1/comments/{mine['id']}", headers=headers).status_code == 409
    r = client.post(f"/api/v1/reports/{rid}/comments", headers=headers, json={"text": "新的"})
    assert r.status_code == 409
    listed = client.get(f"/api/v1/reports/{rid}/comments", headers=headers).get_json()
    assert [(c["text"], c["editable"]) for c in listed["comments"]] == [("修改后的意见", False)]
    # the other group's session goes on
    r = client.put(f"/api/v1/comments/{other_group['id']}", headers=hall.headers(hall.luyang[0]),
                   json={"text": "庐阳修改"})
    assert r.status_code == 200


def test_bad_comments_are_refused_and_change_nothing(app, client, hall):
    rid = import_report(app, hall)
    untabled = import_report(app, hall, table=False, title="规划建议", kind="development")
    headers = {**hall.headers(hall.yaohai[0]), "Accept-Language": "en"}
    cases = [
        ({"text": "  "}, 422, "text"),
        ({"text": "x" * 2001}, 422, "text"),
        ({}, 422, "text"),
        ({"text": "好", "paragraph_id": 999999}, 422, "paragraph_id"),
        ({"text": "好", "paragraph_id": "3"}, 422, "paragraph_id"),
    ]
    for body, status, name in cases:
        r = client.post(f"/api/v1/reports/{rid}/comments", headers=headers, json=body)
        assert r.status_code == status, (body, r.get_json())
        assert r.get_json()["error"]["message"].startswith(name)
    # a heading is not a numbered paragraph
    heading = next(b["id"] for b in client.get(f"/api/v1/reports/{rid}", headers=headers)
                   .get_json()["version"]["blocks"] if b["kind"] == "heading")
    r = client.post(f"/api/v1/reports/{rid}/comments", headers=headers,
                    json={"text": "好", "paragraph_id": heading})
    assert r.status_code == 422
    assert client.post(f"/api/v1/reports/{untabled}/comments", headers=headers,
                       json={"text": "好"}).status_code == 404
    r = client.post(f"/api/v1/reports/{rid}/comments", headers=headers, data="{not json",
                    content_type="application/json")
    assert r.status_code == 400
    for staff in (hall.secretariat, hall.chair):
        assert client.post(f"/api/v1/reports/{rid}/comments", headers=hall.headers(staff),
                           json={"text": "好"}).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewComment.id))) == 0


def test_comments_on_an_old_version_stay_with_that_version(app, client, hall):
    from congress.reports import services
    from congress.reports.models import Report

    rid = import_report(app, hall)
    old = comment(client, hall, hall.yaohai[0], rid, "旧版意见", number=1)
    old_paragraph = paragraph_id(client, hall, rid, 1)
    with app.app_context():
        actor = db.session.get(User, hall.secretariat.id)
        report = db.session.get(Report, rid)
        services.import_version(actor, report, filename="v2.docx",
                                data=make_docx(("p", "新版正文。")), note="更正")
        services.table_version(actor, report.versions[1])
        db.session.commit()
    # the old paragraph no longer takes comments; the new one does
    r = client.post(f"/api/v1/reports/{rid}/comments", headers=hall.headers(hall.yaohai[0]),
                    json={"text": "再评旧段", "paragraph_id": old_paragraph})
    assert r.status_code == 422
    new = comment(client, hall, hall.yaohai[0], rid, "新版意见", number=1)
    assert (old["version"], new["version"]) == (1, 2)
    listed = client.get(f"/api/v1/reports/{rid}/comments",
                        headers=hall.headers(hall.yaohai[0])).get_json()["comments"]
    assert [(c["text"], c["version"], c["paragraph"]) for c in listed] == [
        ("旧版意见", 1, 1), ("新版意见", 2, 1)]
