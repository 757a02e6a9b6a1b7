"""A delegate checks in on a tablet; the secretariat's attendance page follows without reload."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TABLET = (1024, 768)
TABLET_PORTRAIT = (768, 1024)
DESKTOP = (1920, 1080)
POLL_WAIT_MS = 10_000  # attendance.js polls every 3 s


def sign_in(page, account):
    page.goto("/login")
    page.locator('input[name="username"]').fill(account.username)
    page.locator('input[name="password"]').fill(account.password)
    page.locator('.login button[type="submit"]').click()


def test_delegate_checks_in_on_tablet_and_secretariat_sees_the_count(make, page_factory):
    mid = make.meeting(quorum_ratio="0.5")
    delegates = make.delegates(mid, 4)  # due 4: quorum needs present > 2, i.e. 3
    for early in delegates[:2]:
        make.check_in(early)
    newcomer = delegates[2]
    secretariat = make.user("secretariat")

    desk = page_factory(*DESKTOP)
    sign_in(desk, secretariat)
    expect(desk).not_to_have_url(re.compile(r"/login"))
    desk.goto(f"/meetings/{mid}/attendance")
    present = desk.locator('[data-field="present"]')
    quorum = desk.locator('[data-field="quorum_met"]')
    expect(present).to_have_text("2")
    expect(desk.locator('[data-field="quorum_needed"]')).to_have_text("3")
    expect(quorum).to_have_class(re.compile(r"\bunmet\b"))
    desk.evaluate("window.__sameDocument = true")  # gone if the page reloads

    tablet = page_factory(*TABLET)
    sign_in(tablet, newcomer)
    expect(tablet).to_have_url(re.compile(rf"/meetings/{mid}/tablet$"))
    expect(tablet.locator('[data-testid="checked-in"]')).to_have_count(0)
    check_in = tablet.locator(f'form[action$="/meetings/{mid}/tablet/checkin"] button')
    expect(check_in).to_be_visible()
    check_in.click()
    expect(tablet).to_have_url(re.compile(rf"/meetings/{mid}/tablet$"))
    expect(tablet.locator('[data-testid="checked-in"]')).to_be_visible()
    expect(tablet.locator('[data-field="present"]')).to_have_text("3")

    expect(present).to_have_text("3", timeout=POLL_WAIT_MS)
    expect(quorum).to_have_class(re.compile(r"\bmet\b"), timeout=POLL_WAIT_MS)
    expect(quorum).to_have_text(quorum.get_attribute("data-met"))
    assert desk.evaluate("window.__sameDocument") is True


def test_wrong_pin_shows_an_error_and_stays_on_login(make, page_factory):
    mid = make.meeting()
    delegate = make.delegate(mid)
    wrong_pin = "000000" if delegate.password != "000000" else "111111"

    page = page_factory(*TABLET_PORTRAIT)
    page.goto("/locale/en?next=/login")
    page.locator('input[name="username"]').fill(delegate.username)
    page.locator('input[name="password"]').fill(wrong_pin)
    page.locator('.login button[type="submit"]').click()

    error = page.locator('.field.has-error .error[role="alert"]')
    expect(error).to_have_text("Wrong username or password.")
    expect(error).to_be_in_viewport()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator('input[name="username"]')).to_have_value(delegate.username)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))  # still signed out
