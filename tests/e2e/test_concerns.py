"""A resident's concern in the browser (issue 17): sent on a phone-sized page (390x844)
without an account, referred by the delegate on duty, replied by the unit, and the reply
followed by the resident with the tracking code, live on the page they kept open."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkin import DESKTOP, TABLET, sign_in
from tests.studios.conftest import world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.e2e
PHONE = (390, 844)
STUDIO = "蜀山区三里庵街道党代表工作室"


def test_a_resident_follows_the_reply_with_the_tracking_code(page_factory, world):  # noqa: F811
    resident = page_factory(*PHONE)
    resident.goto("/public/concerns")
    form = resident.get_by_test_id("public-concern")
    form.locator('select[name="studio_id"]').select_option(index=1)  # the one studio
    form.locator('textarea[name="text"]').fill("小区外楼梯湿滑，老人容易摔倒。")
    form.locator('input[name="resident_name"]').fill("张三")
    form.locator('input[name="contact"]').fill("13812341234")
    form.get_by_role("button", name="提交").click()
    code_box = resident.get_by_test_id("tracking-code")
    expect(code_box).to_have_text(_code_pattern())
    code = code_box.inner_text()
    expect(resident.get_by_test_id("public-status")).to_have_text("已受理")
    expect(resident.locator("body")).not_to_contain_text("张三")
    # the page fits the phone: nothing wider than the screen
    assert resident.evaluate("document.documentElement.scrollWidth") <= PHONE[0]

    delegate = page_factory(*TABLET)
    sign_in(delegate, world.on_duty)
    delegate.goto("/my/duties")
    delegate.get_by_role("link", name=STUDIO).first.click()
    delegate.get_by_test_id("concerns").get_by_role("link").first.click()
    refer = delegate.get_by_test_id("refer-form")
    refer.locator('select[name="unit_id"]').select_option(label="市住建局")
    refer.get_by_role("button", name="转办").click()
    expect(delegate.get_by_test_id("concern-status")).to_have_text("已转办")
    expect(delegate.get_by_test_id("resident-name")).to_have_text("张三")  # now theirs
    # the resident's page, still open, follows its concern's stream: no reload
    expect(resident.get_by_test_id("public-status")).to_have_text("已转办")
    expect(resident.get_by_test_id("tracking-code")).to_have_text(code)  # the notice stays

    unit = page_factory(*DESKTOP)
    sign_in(unit, world.unit_user)
    unit.goto("/handling")
    unit.get_by_test_id("unit-concerns").get_by_role("link").first.click()
    reply = unit.get_by_test_id("reply-form")
    reply.locator('textarea[name="text"]').fill("已安排加装防滑条和扶手。")
    reply.get_by_role("button", name="发送答复").click()
    expect(unit.get_by_test_id("concern-status")).to_have_text("已答复")
    expect(resident.get_by_test_id("public-replies")).to_contain_text("已安排加装防滑条和扶手。")
    expect(resident.get_by_test_id("public-status")).to_have_text("已答复")

    resident.goto("/public/concerns")
    resident.locator('input[name="code"]').fill(code.lower())
    resident.get_by_role("button", name="查询").click()
    expect(resident.get_by_test_id("public-status")).to_have_text("已答复")
    expect(resident.get_by_test_id("public-replies")).to_contain_text("已安排加装防滑条和扶手。")
    expect(resident.locator("body")).not_to_contain_text("13812341234")
    resident.locator('select[name="rating"]').select_option("satisfied")
    resident.get_by_role("button", name="提交").click()
    expect(resident.get_by_test_id("public-status")).to_have_text("已办结")


def _code_pattern():
    return re.compile(r"^[2-9A-HJKMNP-Z]{12}$")


def test_the_secretariats_pages_follow_a_concern_live(app, client, page_factory,
                                                      world):  # noqa: F811
    """The secretariat has the concern and the organisation's list open; the delegate refers
    it and the unit replies through the API: both pages show it with no reload, and what the
    secretariat was typing is still there."""
    from congress.people.services import root_organisation
    from tests.studios.test_concerns_api import call, take

    cid = take(client, world)["id"]
    with app.app_context():
        oid = root_organisation().id
    page = page_factory(*DESKTOP)
    sign_in(page, world.secretariat)
    listing = page_factory(*TABLET)
    sign_in(listing, world.secretariat)
    listing.goto(f"/organisations/{oid}/studios")
    row = listing.locator(f'[data-concern="{cid}"]').first
    expect(row).to_contain_text("已受理")
    page.goto(f"/concerns/{cid}")
    expect(page.get_by_test_id("concern-status")).to_have_text("已受理")
    page.locator('form[action$="/answer"] textarea[name="text"]').fill("正在打字的答复")
    assert call(client, world.on_duty, "post", f"/api/v1/concerns/{cid}/referral",
                {"unit_id": world.unit_id}).status_code == 200
    expect(page.get_by_test_id("concern-status")).to_have_text("已转办")
    expect(row).to_contain_text("已转办")
    assert call(client, world.unit_user, "post", f"/api/v1/concerns/{cid}/replies",
                {"text": "已安排维修"}).status_code == 200
    expect(page.get_by_test_id("concern-history")).to_contain_text("已安排维修")
    expect(page.get_by_test_id("concern-status")).to_have_text("已答复")
    expect(listing.locator(f'[data-concern="{cid}"]').first).to_contain_text("已答复")
    assert page.locator('form[action$="/answer"] textarea[name="text"]').input_value() == \
        "正在打字的答复"


def test_the_unit_and_the_delegate_follow_their_concerns_live(app, client, page_factory,
                                                              world):  # noqa: F811
    """The unit's inbox shows a concern the moment it is referred to the unit, and the
    delegate who took it sees the unit's reply on their duties page, with no reload."""
    from tests.studios.test_concerns_api import call, take

    cid = take(client, world)["id"]
    unit = page_factory(*DESKTOP)
    sign_in(unit, world.unit_user)
    unit.goto("/handling")
    inbox = unit.get_by_test_id("unit-concerns")
    expect(inbox).to_contain_text("没有转给本单位的诉求")  # nothing referred yet
    delegate = page_factory(*TABLET)
    sign_in(delegate, world.on_duty)
    delegate.goto("/my/duties")
    mine = delegate.locator(f'[data-concern="{cid}"]')
    expect(mine).to_contain_text("已受理")
    assert call(client, world.on_duty, "post", f"/api/v1/concerns/{cid}/referral",
                {"unit_id": world.unit_id}).status_code == 200
    expect(inbox.locator(f'[data-concern="{cid}"]')).to_contain_text("已转办")
    expect(mine).to_contain_text("已转办")
    assert call(client, world.unit_user, "post", f"/api/v1/concerns/{cid}/replies",
                {"text": "已安排维修"}).status_code == 200
    expect(mine).to_contain_text("已答复")
    expect(inbox.locator(f'[data-concern="{cid}"]')).to_contain_text("已答复")
