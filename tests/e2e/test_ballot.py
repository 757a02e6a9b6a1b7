"""A delegate votes on a tablet and sees the receipt; the chair's turnout follows live."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.rooms import open_room
from tests.e2e.test_checkin import DESKTOP, POLL_WAIT_MS, TABLET, sign_in

pytestmark = pytest.mark.e2e


def test_delegate_votes_on_tablet_and_chair_sees_turnout(app, make, page_factory):
    room = open_room(app, make)
    delegates, chair = room.delegates, room.chair
    bid = room.ballot("述职测评", "rating", ("瑶海区委书记", "庐阳区委书记"))["id"]

    console = page_factory(*DESKTOP)
    sign_in(console, chair)
    console.goto(f"/ballots/{bid}")
    console.locator("form[action$='/open'] button").click()
    voted = console.locator('[data-field="voted"]')
    expect(voted).to_have_text("0")
    expect(console.locator('[data-field="not_voted"] li')).to_have_count(3)

    tablet = page_factory(*TABLET)
    sign_in(tablet, delegates[0])
    tablet.locator(".ballots-now a").click()
    expect(tablet).to_have_url(re.compile(rf"/ballots/{bid}$"))
    tablet.locator("fieldset.subject").nth(0).get_by_text("好", exact=True).click()
    tablet.locator("fieldset.subject").nth(1).get_by_text("较好", exact=True).click()
    tablet.locator(".ballot-form button[type=submit]").click()
    expect(tablet.locator("table.review td.choice").nth(0)).to_have_text("好")
    expect(tablet.locator("table.review td.choice").nth(1)).to_have_text("较好")
    tablet.locator(".confirm-form button[name=confirm]").click()
    receipt = tablet.locator('[data-testid="receipt"]')
    expect(receipt).to_have_text(re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$"))

    expect(voted).to_have_text("1", timeout=POLL_WAIT_MS)
    expect(console.locator('[data-field="not_voted"] li')).to_have_count(2, timeout=POLL_WAIT_MS)
    expect(console.locator('[data-field="not_voted"]')).not_to_contain_text(delegates[0].name)
    # nothing about the choice reaches the console while the ballot is open
    expect(console.locator("table.results")).to_have_count(0)


def test_back_after_voting_shows_the_receipt_page_again_not_a_resubmission(app, make,
                                                                           page_factory):
    room = open_room(app, make, delegates=2)
    mid, delegate = room.mid, room.delegates[0]
    bid = room.ballot(open=True)["id"]

    tablet = page_factory(*TABLET)
    sign_in(tablet, delegate)
    tablet.goto(f"/ballots/{bid}")
    tablet.locator("fieldset.subject").nth(0).get_by_text("赞成", exact=True).click()
    tablet.locator(".ballot-form button[type=submit]").click()
    tablet.locator(".confirm-form button[name=confirm]").click()
    expect(tablet).to_have_url(re.compile(rf"/ballots/{bid}/receipt$"))
    receipt = tablet.locator('[data-testid="receipt"]')
    expect(receipt).to_have_text(re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$"))
    code = receipt.inner_text()
    assert code not in tablet.url
    tablet.screenshot(path="/tmp/e2e-receipt.png")

    tablet.get_by_role("link", name="返回").click()
    expect(tablet).to_have_url(re.compile(rf"/meetings/{mid}/tablet$"))
    tablet.go_back()  # a GET page: Chromium reloads it without "Confirm Form Resubmission"
    expect(tablet).to_have_url(re.compile(rf"/ballots/{bid}/receipt$"))
    expect(receipt).to_have_text(code)
    tablet.reload()
    expect(receipt).to_have_text(code)
