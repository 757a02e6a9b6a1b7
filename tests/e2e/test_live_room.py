"""Two tablets and the chair's console follow one debrief live: a delegate requests the floor,
the chair admits, both tablets update without a reload; the projector follows too."""
import pytest
from playwright.sync_api import expect

from tests.e2e.rooms import open_room
from tests.e2e.test_checkin import DESKTOP, TABLET, TABLET_PORTRAIT, sign_in

pytestmark = pytest.mark.e2e
LIVE_WAIT_MS = 10_000


def mark_no_reload(page):
    page.evaluate("window.__stillTheSamePage = true")


def assert_not_reloaded(page):
    assert page.evaluate("window.__stillTheSamePage === true")


def test_floor_request_and_admission_reach_both_tablets_live(app, make, page_factory):
    room = open_room(app, make)
    mid, chair = room.mid, room.chair
    d1, d2, _d3 = room.delegates
    debrief = room.debrief()

    tablets = []
    for delegate, size in ((d1, TABLET), (d2, TABLET_PORTRAIT)):
        page = page_factory(*size)
        sign_in(page, delegate)
        page.goto(f"/meetings/{mid}/tablet")
        expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
        mark_no_reload(page)
        tablets.append(page)
    t1, t2 = tablets

    console = page_factory(*DESKTOP)
    sign_in(console, chair)
    console.goto(f"/debriefs/{debrief['id']}")
    expect(console.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
    console.locator('[data-testid="next-phase"]').click()      # → report
    for page in tablets:
        expect(page.locator('[data-testid="tablet-phase"]')).to_have_text("述职",
                                                                       timeout=LIVE_WAIT_MS)
        expect(page.locator('[data-testid="timer"]')).to_be_visible()
    console.locator('[data-testid="next-phase"]').click()      # → questions
    expect(t1.locator('[data-testid="request-floor"]')).to_be_visible(timeout=LIVE_WAIT_MS)

    t1.locator("label.choice", has_text="质询").click()
    t1.locator("textarea[name=text]").fill("关于老旧小区改造进度的质询")
    t1.locator('[data-testid="request-floor"]').click()          # a form post: t1 reloads
    expect(t1.locator('[data-testid="my-request"]')).to_contain_text("第 1 位")
    mark_no_reload(t1)
    expect(t2.locator(".debrief-now")).to_contain_text("1 人等候", timeout=LIVE_WAIT_MS)
    expect(console.locator('[data-testid="waiting"]')).to_contain_text(d1.name,
                                                                     timeout=LIVE_WAIT_MS)
    expect(console.locator('[data-testid="waiting"]')).to_contain_text("关于老旧小区改造进度的质询")

    console.get_by_role("button", name="下一位提问人").click()
    expect(console.locator('[data-testid="speaker"]')).to_contain_text(d1.name)
    expect(t1.locator('[data-testid="my-request"]')).to_contain_text("请您发言提问",
                                                                      timeout=LIVE_WAIT_MS)
    expect(t2.locator(".on-floor")).to_contain_text(d1.name, timeout=LIVE_WAIT_MS)
    for page in tablets:
        assert_not_reloaded(page)


def test_projector_follows_with_the_read_only_link(app, make, page_factory):
    room = open_room(app, make, delegates=2)
    mid, secretariat = room.mid, room.secretariat
    debrief = room.debrief("李书记", "庐阳区委书记")
    desk = page_factory(*TABLET)
    sign_in(desk, secretariat)
    desk.goto(f"/meetings/{mid}/debriefs")
    link = desk.locator("a.mono").get_attribute("href")

    projector = page_factory(*DESKTOP)          # not signed in: the link is the key
    projector.goto(link)
    expect(projector.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
    expect(projector.locator('[data-testid="projector-reporter"]')).to_have_text("李书记")
    mark_no_reload(projector)
    room.step(debrief, "report")
    expect(projector.locator(".steps li.now")).to_have_text("述职", timeout=LIVE_WAIT_MS)
    expect(projector.locator(".projector-timer")).to_contain_text("8:00", timeout=LIVE_WAIT_MS)
    assert_not_reloaded(projector)
    # a wrong key opens nothing
    bad = page_factory(*DESKTOP)
    response = bad.goto(link[:-4] + "0000")
    assert response.status == 403
