"""The ledger and the term statistics against the figures counted by hand from the world in
conftest.py (2025 in a city, two counties and a township)."""
from datetime import date

import pytest

from congress.extensions import db
from tests.activities.conftest import file_proposals
from tests.helpers import bearer, token_for

YEAR = {"duties": 0, "concerns": 0, "referrals": 0, "contacts": 0, "contacts_kept": 0,
        "proposals": 0, "meetings_attended": 0}
NO_ACTIVITY = dict.fromkeys(("plenary_attendance", "evaluation", "inspection", "research",
                             "contact", "other"), 0)


def _get(app, world, who, url):
    client = app.test_client()
    return client.get(url, headers=bearer(token_for(client, world.accounts[who])))


def test_a1s_ledger_of_2025_counted_by_hand(app, world):
    file_proposals(app, world)
    r = _get(app, world, "a1", f"/api/v1/delegates/{world.ids['a1']}/ledger?year=2025")
    assert r.status_code == 200, r.get_json()
    data = r.get_json()
    assert data["delegate"] == {"id": world.ids["a1"], "name": "a1", "delegation": "第一代表团",
                                "organisation": "瑶海区委"}
    assert data["year"] == 2025
    assert data["counts"] == {
        "duties": 2,            # 6 Feb and 6 Mar served; 3 Apr not checked in; 2024 aside
        "concerns": 3,          # k1, k2, k3 (k4 was taken in 2024)
        "referrals": 2,         # k2, k3 (k3 twice: once); k4 was referred in 2024
        "activities": NO_ACTIVITY | {"plenary_attendance": 2, "evaluation": 2, "research": 1},
        "contacts": 6,          # 李 four times and 赵 twice in 2025
        "contacts_kept": 1,     # 李 in every quarter; 赵 in the first only
        "proposals": 1,         # led and filed; only invited to a2's; the draft is not filed
        "meetings_attended": 1,  # the 2025 meeting (2026's is another year)
    }
    assert data["requirements"] == {"duties": 2, "contacts": 1, "contacts_each_quarter": True,
                                    "activities": 4}
    assert data["met"] is True


def test_a2_has_not_met_and_the_defaults_apply_elsewhere(app, world):
    file_proposals(app, world)
    data = _get(app, world, "secretariat-county",
                f"/api/v1/delegates/{world.ids['a2']}/ledger?year=2025").get_json()
    assert data["counts"] == YEAR | {"concerns": 1, "proposals": 2,
                                     "activities": NO_ACTIVITY | {"plenary_attendance": 1}}
    assert data["met"] is False
    data = _get(app, world, "organiser-city",
                f"/api/v1/delegates/{world.ids['b1']}/ledger?year=2025").get_json()
    assert data["requirements"] == {"duties": 2, "contacts": 5, "contacts_each_quarter": True,
                                    "activities": 2}
    assert data["counts"]["duties"] == 1 and data["counts"]["concerns"] == 1
    assert data["met"] is False


def test_quarterly_contacts_can_be_turned_off(app, world):
    from congress.activities import services
    from congress.activities.ledger import ledgers
    from congress.organisations.models import Organisation

    with app.app_context():
        county = db.session.get(Organisation, world.ids["county_oid"])
        services.set_requirements(None, county, duties=2, contacts=2,
                                  contacts_each_quarter=False, activities=4)
        ledger = ledgers([world.ids["a1"]], 2025)[world.ids["a1"]]
        assert (ledger.contacts_kept, ledger.met) == (2, True)
        services.set_requirements(None, county, duties=3, contacts=2,
                                  contacts_each_quarter=False, activities=4)
        ledger = ledgers([world.ids["a1"]], 2025)[world.ids["a1"]]
        assert ledger.shortfalls == [("duties", 2, 3)]
        db.session.rollback()


def _stats(app, world, who, oid, first, last):
    r = _get(app, world, who, f"/api/v1/organisations/{oid}/statistics?from={first}&to={last}")
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _figures(delegates, plenaries, evaluations, studios, inspections, received, answered,
             referred, replied, closed, overdue, rate):
    return {"delegates": delegates, "attended_plenaries": plenaries,
            "took_part_in_evaluations": evaluations, "active_at_studios": studios,
            "took_part_in_inspections": inspections,
            "concerns": {"received": received, "answered": answered, "referred": referred,
                         "replied": replied, "closed": closed, "overdue": overdue,
                         "satisfaction_rate": rate}}


def test_the_citys_statistics_of_2025_counted_by_hand(app, world):
    data = _stats(app, world, "organiser-city", world.ids["city_oid"], "2025-01-01",
                  "2025-12-31")
    # delegates: c1 c2, a1 a2 a3, t1, b1 b2 (b3's term ended in 2024)
    # plenaries: a1 (twice: once), a2, t1, c1 (a3's was in 2024); evaluations: a1 (twice), b1;
    # studios: a1 (duties, concerns), a2 (a concern; their duty was not served), b1;
    # inspections: b2 (a1's and a3's were on 31 December 2024)
    # concerns received k1 k2 k3 k5 k6; answered k1; referred k2 k3 (twice: once) k6;
    # replied k2 k3 k4 k6; closed k2 k6; overdue k3 (sent back, its new due day passed) and
    # k5 (never referred, its refer-by day passed);
    # rated k2 (satisfied), k3 (unsatisfied), k6 (basically satisfied): 2 of 3
    total = _figures(8, 4, 2, 3, 1, 5, 1, 3, 4, 2, 2, round(2 / 3, 6))
    assert {k: v for k, v in data.items() if k != "organisations"} == total
    rows = {row.pop("name"): row for row in data["organisations"]}
    assert [r["id"] for r in data["organisations"]] == [
        world.ids["city_oid"], world.ids["county_oid"], world.ids["sibling_oid"]]
    for row in rows.values():
        row.pop("id")
    assert rows == {
        "中共合肥市委": _figures(2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, None),
        "瑶海区委": _figures(4, 3, 1, 2, 0, 4, 1, 2, 3, 1, 2, 0.5),  # with 大兴镇党委
        "庐阳区委": _figures(2, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1.0),
    }


def test_each_delegate_once_across_periods_and_organisations(app, world):
    first_quarter = _stats(app, world, "organiser-city", world.ids["city_oid"], "2025-01-01",
                           "2025-03-31")
    # studios: a1 (duties 6 Feb, 6 Mar; concern 10 Mar), b1 (duty 6 Feb): two delegates
    assert first_quarter["active_at_studios"] == 2
    assert first_quarter["took_part_in_inspections"] == 1
    assert first_quarter["concerns"]["received"] == 1 and \
        first_quarter["concerns"]["replied"] == 1  # k4's reply on 10 January
    second_quarter = _stats(app, world, "organiser-city", world.ids["city_oid"], "2025-04-01",
                            "2025-06-30")
    assert second_quarter["attended_plenaries"] == 4  # a1 twice, a2, t1, c1
    assert second_quarter["took_part_in_evaluations"] == 1  # a1, twice
    county = _stats(app, world, "secretariat-county", world.ids["county_oid"], "2025-01-01",
                    "2025-12-31")
    assert county["delegates"] == 4 and county["attended_plenaries"] == 3
    assert [r["name"] for r in county["organisations"]] == ["瑶海区委", "大兴镇党委"]
    assert [r["attended_plenaries"] for r in county["organisations"]] == [2, 1]


def test_the_statistics_statements_do_not_grow_with_the_rows(app, world):
    """Statement count is fixed: a second, bigger year of activities changes nothing."""
    from sqlalchemy import event

    from congress.activities import services
    from congress.organisations.models import Organisation

    url = f"/api/v1/organisations/{world.ids['city_oid']}/statistics?from=2025-01-01&to=2025-12-31"
    client = app.test_client()
    headers = bearer(token_for(client, world.accounts["organiser-city"]))

    def count():
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *a: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(url, headers=headers).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    before = count()
    with app.app_context():
        county = db.session.get(Organisation, world.ids["county_oid"])
        for month in range(1, 13):
            services.create_activity(None, county, kind="evaluation", title="评议",
                                     on=date(2025, month, 15),
                                     delegate_ids=[world.ids["a2"], world.ids["a3"]])
        db.session.commit()
    assert count() == before


@pytest.mark.parametrize("query", ["from=2025-13-01", "from=2025-06-01&to=2025-01-01"])
def test_a_bad_period_is_refused(app, world, query):
    r = _get(app, world, "organiser-city",
             f"/api/v1/organisations/{world.ids['city_oid']}/statistics?{query}")
    assert r.status_code == 422, r.get_json()


def test_the_pages_studio_chart_has_the_exports_figures(app, world):
    """The page's studio chart computes only what it draws (concerns received, active
    delegates); those two figures equal the export's full computation, studio by studio."""
    from congress.activities.statistics import studio_statistics
    from congress.organisations.models import Organisation

    with app.app_context():
        city = db.session.get(Organisation, world.ids["city_oid"])
        first, last = date(2025, 1, 1), date(2025, 12, 31)
        full = studio_statistics(city, first, last)
        chart = studio_statistics(city, first, last, chart_only=True)
        drawn = [(s.id, t.concerns["received"], t.active_at_studios) for s, t in chart]
        assert drawn == [(s.id, t.concerns["received"], t.active_at_studios) for s, t in full]
        assert sum(received for _, received, _ in drawn) == 5  # k1 k2 k3 k5 k6
        assert any(t.concerns["referred"] for _, t in full)
        assert not any(t.concerns["referred"] for _, t in chart)
