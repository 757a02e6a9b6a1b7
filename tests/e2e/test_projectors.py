"""Issue 18 point 16 at 1920x1080: the chair switches what projector 2 shows and types a
message; projector 2 (opened with the read-only key link) follows live without a reload, and
projector 1 keeps showing the debrief. With CONGRESS_SCREENSHOTS=dir the before and after
images of projector 2 are written there (docs/screenshots/)."""
import io
import os

import pytest
from playwright.sync_api import expect

from tests.e2e.rooms import open_room
from tests.e2e.test_checkin import sign_in
from tests.e2e.test_live_room import assert_not_reloaded, mark_no_reload

pytestmark = pytest.mark.e2e
LIVE_WAIT_MS = 10_000
PROJECTOR = (1920, 1080)


def _snapshot(page, name):
    folder = os.environ.get("CONGRESS_SCREENSHOTS")
    if not folder:
        return
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    image.thumbnail((960, 540))
    image.quantize(colors=64).save(os.path.join(folder, name), optimize=True)


def test_a_projector_follows_the_chairs_switch_live(app, make, page_factory):
    from congress.core.projector import projector_key
    from congress.extensions import db
    from congress.meetings.models import Meeting

    room = open_room(app, make, checked_in=2)
    mid, chair = room.mid, room.chair
    room.debrief("李书记", "庐阳区委书记")
    with app.app_context():
        key = projector_key(db.session.get(Meeting, mid))

    screens = {}
    for screen in (1, 2):
        page = page_factory(*PROJECTOR)  # not signed in: the key link
        page.goto(f"/projector/{mid}?key={key}&screen={screen}")
        expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
        expect(page.locator('[data-testid="projector-reporter"]')).to_have_text("李书记")
        mark_no_reload(page)
        screens[screen] = page
    _snapshot(screens[2], "projector-before.png")

    console = page_factory(*PROJECTOR)
    sign_in(console, chair)
    console.goto(f"/meetings/{mid}/projectors")
    control = console.locator('[data-testid="projector-control-2"]')
    control.locator('select[name="view"]').select_option("attendance")
    control.locator('[data-testid="projector-show-2"]').click()
    control = console.locator('[data-testid="projector-control-2"]')
    control.locator('input[name="message"]').fill("请代表们就座，会议即将开始")
    control.locator('[data-testid="projector-message-2"]').click()
    # the console's preview shows what projector 2 shows
    expect(console.locator('[data-testid="projector-control-2"] [data-testid="projector-message"]')
           ).to_have_text("请代表们就座，会议即将开始")

    two = screens[2]
    expect(two.locator('[data-testid="projector-attendance"]')).to_contain_text(
        "应到代表3名，实到2名", timeout=LIVE_WAIT_MS)
    expect(two.locator('[data-testid="projector-message"]')).to_have_text(
        "请代表们就座，会议即将开始", timeout=LIVE_WAIT_MS)
    assert_not_reloaded(two)
    _snapshot(two, "projector-after.png")
    _snapshot(console, "projector-console.png")

    one = screens[1]
    expect(one.locator('[data-testid="projector-screen"]')).to_have_attribute("data-view",
                                                                              "debrief")
    expect(one.locator('[data-testid="projector-message"]')).to_have_count(0)
    assert_not_reloaded(one)
