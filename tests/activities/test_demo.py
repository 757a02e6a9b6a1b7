"""The term work demo on top of the demo meeting: every page has content."""
from sqlalchemy import func, select

from congress.extensions import db


def test_the_demo_seeds_a_year_of_term_work(app):
    from congress.activities.demo import seed_activities
    from congress.activities.ledger import organisation_ledgers
    from congress.activities.models import Activity, Contact, ContactLog
    from congress.activities.statistics import default_period, statistics
    from congress.organisations.models import Organisation
    from congress.people.models import DelegateGroup

    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        summary = seed_activities()
        db.session.commit()
        assert "groups" in summary
        organisations = db.session.scalars(select(Organisation)).all()
        assert len(organisations) == 3
        for organisation in organisations:  # the city and both counties have activities
            assert db.session.scalar(select(func.count(Activity.id)).where(
                Activity.organisation_id == organisation.id)) >= 2
        groups = db.session.scalars(select(DelegateGroup).where(
            DelegateGroup.convener_id.is_not(None))).all()
        assert len(groups) >= 3
        assert all(g.convener.group_id == g.id for g in groups)
        assert db.session.scalar(select(func.count(Contact.id))) > 0
        assert db.session.scalar(select(func.count(ContactLog.id))) > 0
        city = next(o for o in organisations if o.parent_id is None)
        year = default_period()[0].year
        rows = organisation_ledgers(city, year)
        assert rows and any(ledger.activities_total for _d, ledger in rows)
        stats = statistics(city, *default_period())
        assert stats["total"].delegates == sum(t.delegates for _o, t in stats["rows"]) > 300
