"""Pages that show what others change follow the live stream without a reload (tablet size,
1024x768): the sponsor's proposal page, the attendance page's absentees, a second check-in
desk, a delegate's check-in button and the group progress table."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkin import TABLET, sign_in
from tests.helpers import bearer, token_for

pytestmark = pytest.mark.e2e
LIVE_WAIT_MS = 10_000


def _follows(page):
    expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
    page.evaluate("window.__stillTheSamePage = true")


def _not_reloaded(page):
    assert page.evaluate("window.__stillTheSamePage === true")


def test_the_sponsor_sees_signatures_arrive_and_may_then_file(app, make, page_factory):
    mid = make.meeting(min_signers=3)
    lead = make.delegate(mid, name="王建国")
    cosigners = [make.delegate(mid, name=n, delegation="庐阳区代表团") for n in ("李红梅", "张伟")]
    client = app.test_client()
    headers = bearer(token_for(client, lead))
    pid = client.post(f"/api/v1/meetings/{mid}/proposals", headers=headers, json={
        "title": "关于维修人行天桥的提案", "category": "社会民生",
        "grounds": "天桥楼梯台阶破损，雨天湿滑。",
        "measures": "尽快维修台阶，加装防滑条和扶手。"}).get_json()["id"]
    for c in cosigners:
        assert client.post(f"/api/v1/proposals/{pid}/invitations", headers=headers,
                           json={"delegate_id": c.delegate_id}).status_code == 201

    page = page_factory(*TABLET)
    sign_in(page, lead)
    page.goto(f"/proposals/{pid}")
    _follows(page)
    blockers = page.get_by_test_id("blockers")
    expect(page.locator(".proposal-head")).to_contain_text("1/3")
    expect(blockers.locator('[data-code="too_few_signers"]')).to_be_visible()
    file_button = page.get_by_role("button", name="提交提案")
    expect(file_button).to_have_count(0)

    for c in cosigners:
        r = client.post(f"/api/v1/proposals/{pid}/signatures",
                        headers=bearer(token_for(client, c)))
        assert r.status_code == 201, r.get_json()
    expect(page.locator('[data-testid="signers"] [data-name="张伟"] .badge')).to_have_text(
        "已附议", timeout=LIVE_WAIT_MS)
    expect(blockers).to_have_count(0, timeout=LIVE_WAIT_MS)
    expect(file_button).to_be_visible()
    expect(page.locator(".proposal-head")).to_contain_text("3/3")
    _not_reloaded(page)
    page.screenshot(path="/tmp/e2e-proposal-live.png")


def test_attendance_and_a_second_desk_follow_check_ins(make, page_factory):
    mid = make.meeting()
    d1, d2, d3 = make.delegates(mid, 3)
    secretariat = make.user("secretariat")

    absentees = page_factory(*TABLET)
    sign_in(absentees, secretariat)
    absentees.goto(f"/meetings/{mid}/attendance")
    _follows(absentees)
    missing = absentees.locator("#not-present")
    expect(missing).to_contain_text(d1.name)

    desks = []
    for _ in range(2):
        desk = page_factory(*TABLET)
        sign_in(desk, secretariat)
        desk.goto(f"/meetings/{mid}/checkin")
        _follows(desk)
        desks.append(desk)
    here, there = desks
    row_there = there.locator(f'tr[data-delegate="{d1.delegate_id}"]')
    expect(row_there.get_by_role("button", name="签到")).to_have_count(1)

    here.locator(f'tr[data-delegate="{d1.delegate_id}"]').get_by_role("button",
                                                                     name="签到").click()
    expect(here.locator(f'tr[data-delegate="{d1.delegate_id}"]')).to_contain_text("已签到")
    # the other desk: the row says checked in, its 签到 button is gone; no reload
    expect(row_there.get_by_role("button", name="签到")).to_have_count(0, timeout=LIVE_WAIT_MS)
    expect(row_there).to_contain_text("已签到")
    expect(missing).not_to_contain_text(d1.name, timeout=LIVE_WAIT_MS)
    expect(missing).to_contain_text(d2.name)
    expect(missing.locator("h2")).to_contain_text("2")
    for page in (absentees, there):
        _not_reloaded(page)
    there.screenshot(path="/tmp/e2e-second-desk.png")

    make.check_in(d3)                                       # a third way in: the same
    expect(row_there.page.locator(f'tr[data-delegate="{d3.delegate_id}"]')
           .get_by_role("button", name="签到")).to_have_count(0, timeout=LIVE_WAIT_MS)
    expect(missing).not_to_contain_text(d3.name, timeout=LIVE_WAIT_MS)


def test_the_tablet_drops_its_check_in_button_when_the_desk_checks_the_delegate_in(
        make, page_factory):
    mid = make.meeting()
    delegate, other = make.delegates(mid, 2)
    tablet = page_factory(*TABLET)
    sign_in(tablet, delegate)
    expect(tablet).to_have_url(re.compile(rf"/meetings/{mid}/tablet$"))
    _follows(tablet)
    button = tablet.locator(f'form[action$="/meetings/{mid}/tablet/checkin"] button')
    expect(button).to_be_visible()
    hello = tablet.locator("#tablet-hello")
    make.check_in(other)                    # another delegate's check-in: nothing to redo here
    expect(tablet.locator('[data-field="present"]')).to_have_text("1", timeout=LIVE_WAIT_MS)
    expect(hello).not_to_have_attribute("data-live-refreshed", re.compile(r"."))
    make.check_in(delegate)                 # at the desk
    expect(tablet.get_by_test_id("checked-in")).to_be_visible(timeout=LIVE_WAIT_MS)
    expect(button).to_have_count(0)
    _not_reloaded(tablet)


def test_group_progress_follows_the_groups(app, make, page_factory):
    from congress.extensions import db
    from congress.meetings.models import Meeting
    from congress.people.models import Delegate
    from congress.reports import groups

    mid = make.meeting()
    recorder = make.delegates(mid, 2)[0]
    chair = make.user("chair")
    page = page_factory(*TABLET)
    sign_in(page, chair)
    page.goto(f"/meetings/{mid}/groups")
    _follows(page)
    expect(page.locator("script[src*='refresh.js']")).to_have_count(0)
    row = page.locator("tr[data-delegation]").first
    expect(row).not_to_contain_text(recorder.name)

    with app.app_context():
        delegate = db.session.get(Delegate, recorder.delegate_id)
        groups.set_recorder(None, db.session.get(Meeting, mid), delegate.delegation, delegate)
        db.session.commit()
    expect(row).to_contain_text(recorder.name, timeout=LIVE_WAIT_MS)
    _not_reloaded(page)
