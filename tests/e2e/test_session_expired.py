"""Issue 18 point 7: a session that ends while a page is open is reported as "please sign in
again" (not "offline"), and signing in brings the user back to the page with nothing lost:
the proposal draft stays on the tablet and is saved, the check-in desk takes the code again.
At tablet (1024x768) and phone (390x844) sizes."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkin import TABLET, sign_in
from tests.helpers import bearer, token_for

pytestmark = pytest.mark.e2e

PHONE = (390, 844)
TITLE = "关于在瑶海区增设社区食堂的提案"


def _sign_in_here(page, account):
    """Fill the sign-in form the page is on (kept ?next= in its address)."""
    page.locator('input[name="username"]').fill(account.username)
    page.locator('input[name="password"]').fill(account.password)
    page.locator('.login button[type="submit"]').click()


def _draft_open_in_the_editor(app, make, page_factory, size):
    """A delegate's proposal draft open in the editor at `size`: (page, lead, proposal id,
    the lead's API client and headers)."""
    mid = make.meeting()
    lead = make.delegate(mid)
    client = app.test_client()
    headers = bearer(token_for(client, lead))
    pid = client.post(f"/api/v1/meetings/{mid}/proposals", headers=headers, json={
        "title": TITLE, "category": "社会民生", "grounds": "居民就餐难。"}).get_json()["id"]
    page = page_factory(*size)
    sign_in(page, lead)
    page.goto(f"/proposals/{pid}/edit")
    return page, lead, pid, client, headers


@pytest.mark.parametrize("size", [TABLET, PHONE], ids=["tablet", "phone"])
def test_autosave_after_the_session_ended_says_sign_in_and_keeps_the_draft(
        app, make, page_factory, size):
    page, lead, pid, client, headers = _draft_open_in_the_editor(app, make, page_factory, size)
    page.context.clear_cookies()  # the session ends (expired, or signed out elsewhere)
    page.locator('textarea[name="measures"]').fill("会话结束后写的方案")
    state = page.locator('[data-field="save-state"]')
    expect(state).to_have_attribute("data-state", "signedOut")
    expect(state).to_contain_text("请重新登录")
    again = page.locator('[data-field="sign-in"]')
    expect(again).to_be_visible()
    expect(again).to_be_in_viewport()
    page.screenshot(path=f"/tmp/e2e-session-expired-{size[0]}.png")
    again.click()

    expect(page).to_have_url(re.compile(r"/login\?next="))
    _sign_in_here(page, lead)
    expect(page).to_have_url(re.compile(rf"/proposals/{pid}/edit$"))
    expect(page.locator('textarea[name="measures"]')).to_have_value("会话结束后写的方案")
    expect(state).to_have_attribute("data-state", "saved")
    assert client.get(f"/api/v1/proposals/{pid}", headers=headers).get_json()["measures"] == \
        "会话结束后写的方案"


@pytest.mark.parametrize("size", [TABLET, PHONE], ids=["tablet", "phone"])
def test_saving_the_form_after_the_session_ended_leads_back_through_sign_in(
        app, make, page_factory, size):
    page, lead, pid, _client, _headers = _draft_open_in_the_editor(app, make, page_factory, size)
    page.context.clear_cookies()
    page.locator('textarea[name="measures"]').fill("点保存时会话已结束")
    page.locator('#draft-form button[type="submit"]').click()

    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.locator("body")).to_contain_text("请重新登录")
    expect(page.locator("body")).not_to_contain_text("400")
    _sign_in_here(page, lead)
    expect(page).to_have_url(re.compile(rf"/proposals/{pid}/edit$"))
    expect(page.locator('textarea[name="measures"]')).to_have_value("点保存时会话已结束")
    expect(page.locator('[data-field="save-state"]')).to_have_attribute("data-state", "saved")


@pytest.mark.parametrize("size", [TABLET, PHONE], ids=["tablet", "phone"])
def test_check_in_desk_after_the_session_ended_signs_in_and_returns(make, page_factory, size):
    mid = make.meeting()
    delegate = make.delegate(mid, name="赵晓东")
    desk = make.user("secretariat")

    page = page_factory(*size)
    sign_in(page, desk)
    page.goto(f"/meetings/{mid}/checkin")
    page.context.clear_cookies()
    page.locator('input[name="code"]').fill(delegate.username)
    page.locator('form.scan button[type="submit"]').click()

    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.locator("body")).to_contain_text("请重新登录")
    _sign_in_here(page, desk)
    # back at the desk with the scanned code still in the field: one press checks in
    expect(page).to_have_url(re.compile(rf"/meetings/{mid}/checkin\?code="))
    expect(page.locator('input[name="code"]')).to_have_value(delegate.username)
    page.locator('form.scan button[type="submit"]').click()
    expect(page.locator(".flash")).to_contain_text("赵晓东 签到成功")
