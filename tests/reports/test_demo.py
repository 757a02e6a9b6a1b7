"""The demo meeting comes with the two work reports tabled, recorders and a draft resolution."""
from sqlalchemy import func, select

from congress.extensions import db
from congress.reports.group_models import GroupSession
from congress.reports.models import Report, Resolution


def test_demo_seed_tables_the_two_work_reports(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "2 tabled reports" in result.output
    with app.app_context():
        reports = db.session.scalars(select(Report).order_by(Report.position)).all()
        assert [(r.title, r.kind.value, r.current_version.number) for r in reports] == [
            ("中共合肥市委员会工作报告", "party_committee", 1),
            ("中共合肥市纪律检查委员会工作报告", "discipline", 1)]
        for report in reports:
            version = report.current_version
            assert len(version.headings) >= 4 and len(version.numbered) >= 5
            assert any(b.kind.value == "table" for b in version.blocks)
        assert db.session.scalar(select(func.count(GroupSession.id)).where(
            GroupSession.recorder_id.is_not(None))) == 9
        resolution = db.session.scalar(select(Resolution))
        assert resolution.ballot_id is None and len(resolution.reports) == 2
