"""A tabled report is frozen: a correction is a new version, the old one stays readable."""
import pytest
from sqlalchemy import select

from congress.core.audit import AuditEntry
from congress.core.errors import Conflict
from congress.extensions import db
from congress.people.models import User
from congress.reports import services
from congress.reports.models import Report, ReportBlock, ReportVersion
from tests.helpers import login, post_form
from tests.reports.conftest import blocks_of, import_report, make_docx


def _actor(hall):
    return db.session.get(User, hall.secretariat.id)


def test_draft_is_invisible_until_tabled(app, client, hall):
    rid = import_report(app, hall, table=False)
    r = client.get(f"/api/v1/reports/{rid}", headers=hall.headers(hall.yaohai[0]))
    assert r.status_code == 404
    assert client.get(f"/api/v1/meetings/{hall.mid}/reports",
                      headers=hall.headers(hall.yaohai[0])).get_json() == {"reports": []}
    # the secretariat previews it
    r = client.get(f"/api/v1/reports/{rid}?version=1", headers=hall.headers(hall.secretariat))
    assert r.status_code == 200 and r.get_json()["version"]["tabled"] is False
    with app.app_context():
        services.table_version(_actor(hall), db.session.get(Report, rid).versions[0])
        db.session.commit()
    data = client.get(f"/api/v1/reports/{rid}", headers=hall.headers(hall.yaohai[0])).get_json()
    assert data["current_version"] == 1 and data["version"]["tabled"] is True
    assert [b["number"] for b in data["version"]["blocks"]] == [None, 1, None, 2, 3, None, 4]


def test_tabled_version_is_frozen_and_a_correction_is_a_new_version(app, client, hall):
    rid = import_report(app, hall)
    before = blocks_of(client, hall, rid)
    with app.app_context():
        report = db.session.get(Report, rid)
        version = report.versions[0]
        with pytest.raises(Conflict):
            services.table_version(_actor(hall), version)  # already tabled
        with pytest.raises(Conflict):
            services.discard_draft(_actor(hall), version)
        # a correction needs a note
        with pytest.raises(Exception, match="note"):
            services.import_version(_actor(hall), report, filename="v2.docx",
                                    data=make_docx(("p", "更正后的正文。")))
        db.session.rollback()
        report = db.session.get(Report, rid)
        v2 = services.import_version(_actor(hall), report, filename="v2.docx",
                                     data=make_docx(("p", "更正后的正文。")), note="更正第一段数字")
        assert v2.number == 2 and not v2.is_tabled
        db.session.commit()
    # delegates still read version 1 until version 2 is tabled
    assert blocks_of(client, hall, rid) == before
    with app.app_context():
        services.table_version(_actor(hall), db.session.get(Report, rid).versions[1])
        db.session.commit()
    data = client.get(f"/api/v1/reports/{rid}", headers=hall.headers(hall.yaohai[0])).get_json()
    assert data["current_version"] == 2 and data["version"]["note"] == "更正第一段数字"
    assert [b["text"] for b in data["version"]["blocks"]] == ["更正后的正文。"]
    assert [v["number"] for v in data["versions"]] == [1, 2]
    assert blocks_of(client, hall, rid, version=1) == before  # the old one stays readable


def test_the_database_layer_refuses_edits_to_a_tabled_version(app, hall):
    rid = import_report(app, hall)
    with app.app_context():
        block = db.session.scalar(select(ReportBlock).join(ReportVersion).where(
            ReportVersion.report_id == rid, ReportBlock.number == 1))
        block.text = "偷偷改过的正文。"
        with pytest.raises(Conflict):
            db.session.flush()
        db.session.rollback()
        version = db.session.scalar(select(ReportVersion).where(ReportVersion.report_id == rid))
        version.blocks.append(ReportBlock(position=99, kind="paragraph", number=99, text="加的"))
        with pytest.raises(Conflict):
            db.session.flush()
        db.session.rollback()
        version = db.session.scalar(select(ReportVersion).where(ReportVersion.report_id == rid))
        db.session.delete(version)
        with pytest.raises(Conflict):
            db.session.flush()
        db.session.rollback()
        assert db.session.get(ReportBlock, block.id).text != "偷偷改过的正文。"


def test_reimporting_a_draft_replaces_its_text(app, hall):
    rid = import_report(app, hall, table=False)
    with app.app_context():
        report = db.session.get(Report, rid)
        draft = services.import_version(_actor(hall), report, filename="fixed.md",
                                        data="第一段。\n\n第二段。".encode())
        db.session.commit()
        assert draft.number == 1 and [b.text for b in draft.blocks] == ["第一段。", "第二段。"]
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions[-2:] == ["report.create", "report.reimport"]


def test_import_page_shows_a_clear_message_for_a_bad_file_and_changes_nothing(app, client, hall):
    import io

    login(client, hall.secretariat)
    client.get("/locale/en")
    r = post_form(client, f"/meetings/{hall.mid}/reports", {
        "kind": "party_committee", "title": "市委工作报告",
        "file": (io.BytesIO(b"not a word file at all"), "report.docx")})
    assert r.status_code == 422
    assert "not a Word (.docx) document" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Report)) is None
        assert db.session.scalar(select(AuditEntry).where(
            AuditEntry.action.like("report.%"))) is None


def test_import_preview_table_and_correct_through_the_pages(app, client, hall):
    import io

    login(client, hall.secretariat)
    client.get("/locale/en")
    r = post_form(client, f"/meetings/{hall.mid}/reports", {
        "kind": "discipline", "title": "",
        "file": (io.BytesIO(make_docx(("p", "正文第一段。"), title="市纪委工作报告")), "jw.docx")})
    assert r.status_code == 302
    with app.app_context():
        report = db.session.scalar(select(Report))
        rid = report.id
        assert report.title == "市纪委工作报告"  # taken from the document's title
    preview = client.get(r.location).get_data(as_text=True)
    assert "Preview: this version is not tabled" in preview and "正文第一段。" in preview
    r = post_form(client, f"/reports/{rid}/v1/table", page=f"/reports/{rid}")
    assert r.status_code == 302
    page = client.get(f"/reports/{rid}").get_data(as_text=True)
    assert "Version 1 is tabled" in page
    r = post_form(client, f"/reports/{rid}/versions", {
        "file": (io.BytesIO("更正后的第一段。".encode()), "v2.md"), "note": ""},
        page=f"/reports/{rid}")
    assert r.status_code == 422 and "say what the correction changes" in r.get_data(as_text=True)
    r = post_form(client, f"/reports/{rid}/versions", {
        "file": (io.BytesIO("更正后的第一段。".encode()), "v2.md"), "note": "文字更正"},
        page=f"/reports/{rid}")
    assert r.status_code == 302 and r.location.endswith(f"/reports/{rid}/v2")
    post_form(client, f"/reports/{rid}/v2/table", page=f"/reports/{rid}")
    with app.app_context():
        versions = db.session.get(Report, rid).versions
        assert [(v.number, v.is_tabled, v.note) for v in versions] == [
            (1, True, None), (2, True, "文字更正")]
        actions = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("report.%")).order_by(AuditEntry.id)).all()
        assert actions == ["report.create", "report.table", "report.correct", "report.table"]
