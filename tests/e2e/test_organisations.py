"""Organisations in the browser, on the demo (issue 15): the city's organisation department
(组织部) sees the meetings of both counties below it and opens one; a county's secretariat
sees only its own meeting, and the other county's meeting is not found."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from congress.demo import COUNTIES, DEMO_PASSWORD
from congress.extensions import db
from congress.meetings.models import Meeting
from tests.conftest import Account
from tests.e2e.test_checkin import DESKTOP, sign_in

pytestmark = pytest.mark.e2e

CITY_MEETING = "中国共产党合肥市第十二次代表大会2026年年会"
SHUSHAN_MEETING, FEIXI_MEETING = (f"{c.congress}2026年年会" for c in COUNTIES)


def _seed_demo(app):
    """The demo (not played); returns {meeting title: id}."""
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        return dict(db.session.execute(select(Meeting.title, Meeting.id)).all())


def _account(username, role):
    return Account(0, username, DEMO_PASSWORD, role)


def _meeting_rows(page):
    return page.locator("table.table tbody tr")


def test_the_city_organiser_sees_both_counties_meetings(app, page_factory):
    meetings = _seed_demo(app)
    page = page_factory(*DESKTOP)
    sign_in(page, _account("organiser", "organiser"))
    page.goto("/meetings/")
    rows = _meeting_rows(page)
    for title in (CITY_MEETING, SHUSHAN_MEETING, FEIXI_MEETING):
        expect(rows.filter(has=page.get_by_role("link", name=title, exact=True))).to_have_count(1)
    page.get_by_role("link", name=FEIXI_MEETING, exact=True).click()
    expect(page).to_have_url(f"{page.url.split('/meetings')[0]}/meetings/{meetings[FEIXI_MEETING]}")
    expect(page.locator("h1")).to_have_text(FEIXI_MEETING)


def test_a_county_secretariat_sees_only_its_own_meeting(app, page_factory):
    meetings = _seed_demo(app)
    page = page_factory(*DESKTOP)
    sign_in(page, _account("shushan", "secretariat"))
    expect(page.locator("h1")).to_have_text(SHUSHAN_MEETING)  # the start page: its meeting

    page.goto("/meetings/")
    rows = _meeting_rows(page)
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("link", name=SHUSHAN_MEETING, exact=True)).to_have_count(1)
    expect(page.get_by_text(FEIXI_MEETING)).to_have_count(0)
    expect(page.get_by_text(CITY_MEETING)).to_have_count(0)

    for title in (FEIXI_MEETING, CITY_MEETING):
        mid = meetings[title]
        for url in (f"/meetings/{mid}", f"/meetings/{mid}/delegates"):
            response = page.goto(url)
            assert response.status == 404, (url, response.status)
            expect(page.get_by_text(title)).to_have_count(0)
