"""On tablets (1024x768): a delegate drafts a proposal (autosaved), invites a co-signer, who
signs on their own tablet; the lead files it. And a draft typed while the connection is down
survives on the tablet and reaches the server when it is back."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkin import TABLET, sign_in
from tests.helpers import bearer, token_for

pytestmark = pytest.mark.e2e

TITLE = "关于维修天鹅湖小学门前人行天桥楼梯的提案"
GROUNDS = "天桥楼梯台阶破损，雨天湿滑。"
MEASURES = "尽快维修台阶，加装防滑条和扶手。"


def _accept_confirms(page):
    page.on("dialog", lambda dialog: dialog.accept())


def test_draft_invite_sign_and_file_on_tablets(app, make, page_factory):
    mid = make.meeting(min_signers=2)
    lead = make.delegate(mid, name="王建国")
    cosigner = make.delegate(mid, name="李红梅", delegation="庐阳区代表团")

    tablet = page_factory(*TABLET)
    _accept_confirms(tablet)
    sign_in(tablet, lead)
    expect(tablet).to_have_url(re.compile(rf"/meetings/{mid}/tablet$"))
    tablet.get_by_test_id("proposals-link").click()
    tablet.get_by_test_id("new-proposal").click()
    tablet.locator('input[name="title"]').fill(TITLE)
    tablet.locator('select[name="category"]').select_option("社会民生")
    tablet.locator('textarea[name="grounds"]').fill(GROUNDS)
    tablet.locator('textarea[name="measures"]').press_sequentially(MEASURES)
    expect(tablet.get_by_test_id("counter")).to_contain_text(str(len(GROUNDS) + len(MEASURES)))
    # autosave created the draft: the address is now the draft's own
    expect(tablet).to_have_url(re.compile(r"/proposals/\d+/edit$"))
    expect(tablet.locator('[data-field="save-state"]')).to_have_attribute("data-state", "saved")
    pid = int(re.search(r"/proposals/(\d+)/edit", tablet.url).group(1))
    tablet.locator('#draft-form button[type="submit"]').click()
    expect(tablet).to_have_url(re.compile(rf"/proposals/{pid}$"))
    expect(tablet.get_by_test_id("blockers")).to_be_visible()  # 1 of 2 signers

    tablet.get_by_test_id("invite-link").click()
    tablet.locator('input[name="q"]').fill("李红梅")
    tablet.locator('form[role="search"] button').click()
    tablet.get_by_text("李红梅", exact=False).first.click()
    tablet.locator('.invite-form button[type="submit"]').click()
    expect(tablet.locator('[data-testid="signers"] [data-name="李红梅"] .badge')
           ).to_have_text("已邀请")

    other = page_factory(*TABLET)
    sign_in(other, cosigner)
    other.get_by_test_id("proposals-link").click()
    other.get_by_test_id("invitations").get_by_text(TITLE).click()
    expect(other.get_by_test_id("invitation")).to_contain_text("王建国")
    other.get_by_test_id("invitation").get_by_role("button", name="附议").click()
    expect(other.get_by_test_id("invitation")).to_contain_text("您已附议")

    tablet.reload()
    expect(tablet.get_by_test_id("blockers")).to_have_count(0)
    tablet.get_by_role("button", name="提交提案").click()
    expect(tablet.locator(".pstatus")).to_have_attribute("data-status", "submitted")
    expect(tablet.get_by_test_id("timeline")).to_contain_text("提交，联名代表 2 人")

    client = app.test_client()
    p = client.get(f"/api/v1/proposals/{pid}", headers=bearer(token_for(client, lead))).get_json()
    assert p["status"] == "submitted" and [s["name"] for s in p["signers"]] == ["王建国", "李红梅"]
    assert p["title"] == TITLE and p["measures"] == MEASURES


def test_text_typed_offline_survives_and_is_saved_later(app, make, page_factory):
    mid = make.meeting()
    lead = make.delegate(mid)
    client = app.test_client()
    headers = bearer(token_for(client, lead))
    pid = client.post(f"/api/v1/meetings/{mid}/proposals", headers=headers, json={
        "title": TITLE, "category": "社会民生", "grounds": GROUNDS}).get_json()["id"]

    page = page_factory(*TABLET)
    sign_in(page, lead)
    page.goto(f"/proposals/{pid}/edit")
    context = page.context
    context.set_offline(True)
    page.locator('textarea[name="measures"]').fill("断网时写的方案")
    expect(page.locator('[data-field="save-state"]')).to_have_attribute("data-state", "offline")
    page.close()  # the tab is closed while offline
    assert client.get(f"/api/v1/proposals/{pid}", headers=headers).get_json()["measures"] == ""

    context.set_offline(False)
    again = context.new_page()
    again.goto(f"/proposals/{pid}/edit")
    expect(again.locator('textarea[name="measures"]')).to_have_value("断网时写的方案")
    expect(again.locator('[data-field="save-state"]')).to_have_attribute("data-state", "saved")
    assert client.get(f"/api/v1/proposals/{pid}", headers=headers).get_json()["measures"] == \
        "断网时写的方案"
