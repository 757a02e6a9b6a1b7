"""The ledger (履职档案) in the browser (issue 17): a delegate checks in for a studio duty and
logs a contact on a tablet, and sees both counted in their ledger, with the requirement not
yet met marked, and their contact list on a phone; the secretariat finds the same figures in
the organisation's ledgers and prints the delegate's 履职情况表."""
import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkin import DESKTOP, sign_in
from tests.studios.conftest import world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.e2e
PORTRAIT, PHONE = (768, 1024), (390, 844)


def _row(page, item):
    return page.locator("tr", has=page.get_by_role("cell", name=item, exact=True))


def test_a_delegates_work_counts_in_their_ledger_and_the_secretariats(app, page_factory,
                                                                     world):  # noqa: F811
    from congress.core.time import local_today
    from congress.people.services import root_organisation

    with app.app_context():
        today, oid = local_today(), root_organisation().id
    delegate = page_factory(*PORTRAIT)
    sign_in(delegate, world.on_duty)
    delegate.goto("/my/duties")
    duties = delegate.get_by_test_id("my-duties")
    duties.get_by_role("button", name="签到").click()
    expect(delegate.get_by_test_id("my-duties")).to_contain_text("已签到")

    delegate.goto("/my/contacts")
    delegate.locator('input[name="name"]').fill("王大爷")
    delegate.get_by_role("button", name="添加").click()
    contact = delegate.locator("tr[data-contact]", has_text="王大爷")
    contact.locator('input[name="on"]').fill(today.isoformat())
    contact.locator('input[name="note"]').fill("走访了解楼道照明")
    contact.get_by_role("button", name="记录").click()
    expect(delegate.locator("tr[data-contact]", has_text="王大爷")).to_contain_text(
        today.isoformat())

    delegate.goto("/my/ledger")
    expect(_row(delegate, "工作室值班")).to_contain_text("1")
    expect(_row(delegate, "工作室值班").locator('[data-short="duties"]')).to_have_text(
        "未达到要求")  # 1 of the 2 a year
    expect(_row(delegate, "联系党员群众次数").locator("td").nth(1)).to_have_text("1")
    expect(delegate.locator("[data-met]")).to_have_attribute("data-met", "no")
    assert delegate.evaluate("document.documentElement.scrollWidth") <= PORTRAIT[0]

    phone = page_factory(*PHONE)  # the contact list as cards, nothing wider than the screen
    sign_in(phone, world.on_duty)
    phone.goto("/my/contacts")
    expect(phone.locator("tr[data-contact]", has_text="王大爷")).to_contain_text("走访了解楼道照明")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE[0]

    desk = page_factory(*DESKTOP)
    sign_in(desk, world.secretariat)
    desk.goto(f"/organisations/{oid}/ledgers")
    desk.get_by_role("link", name=world.on_duty.name).click()
    expect(_row(desk, "工作室值班").locator("td").nth(1)).to_contain_text("1")
    expect(_row(desk, "联系党员群众次数").locator("td").nth(1)).to_have_text("1")
    printed = desk.request.get(desk.get_by_role("link", name="打印履职情况表").get_attribute(
        "href"))
    assert printed.status == 200 and printed.headers["content-type"] == "application/pdf"
    assert printed.body().startswith(b"%PDF")
