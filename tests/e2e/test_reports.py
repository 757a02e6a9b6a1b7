"""A delegate reads a tabled report on a 1024x768 tablet: contents, font size, remembered
position, and a review comment on one paragraph."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkin import TABLET, sign_in
from tests.reports.conftest import WORK_REPORT, Hall, import_report, make_docx

pytestmark = pytest.mark.e2e

LONG = tuple(("p", f"第{n}段：坚持以人民为中心的发展思想，推动各项工作落地见效。" * 4)
             for n in range(1, 25))


def test_delegate_reads_and_comments_on_a_tablet(app, make, page_factory):
    mid = make.meeting()
    delegate = make.delegate(mid, delegation="瑶海区代表团")
    secretariat = make.user("secretariat")
    hall = Hall(mid, secretariat, None, [delegate], [], {})
    rid = import_report(app, hall, data=make_docx(*WORK_REPORT, ("h1", "三、附件"), *LONG))

    tablet = page_factory(*TABLET)
    sign_in(tablet, delegate)
    tablet.locator(".reports-now a").click()
    tablet.locator(".report-link").first.click()
    expect(tablet).to_have_url(re.compile(rf"/reports/{rid}$"))
    expect(tablet.locator('[data-testid="version"]')).to_have_text("第1版")

    # contents: the headings, and a tap jumps there
    toc = tablet.locator(".toc-list a")
    expect(toc).to_have_count(4)
    expect(toc.nth(1)).to_have_text("（一）坚持创新驱动")
    toc.nth(3).click()
    expect(tablet).to_have_url(re.compile(r"#b\d+$"))
    expect(tablet.locator(".rh", has_text="三、附件")).to_be_in_viewport()

    # font size: larger, kept across pages
    text = tablet.locator(".report-text")
    size = lambda: text.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")  # noqa: E731
    before = size()
    tablet.locator('[data-font="1"]').click()
    tablet.locator('[data-font="1"]').click()
    expect(tablet.locator(".reader")).to_have_attribute("data-font-size", "25")
    assert size() > before

    # reading position: scroll to paragraph 24, come back later, land there again
    para = tablet.locator('.para[data-number="24"]')
    para.scroll_into_view_if_needed()
    tablet.evaluate("window.scrollBy(0, 1)")
    key = f"congress.reader.pos.report-{rid}-v1"
    # the page marks what it kept (wait_for_function would need eval, which the CSP forbids)
    expect(tablet.locator(".reader")).to_have_attribute("data-position", re.compile(r"^b\d+$"))
    saved = tablet.evaluate(f"localStorage.getItem('{key}')")
    assert saved == tablet.locator(".reader").get_attribute("data-position")
    tablet.goto(f"/reports/{rid}")
    expect(tablet.locator(".reader")).to_have_attribute("data-restored", saved)
    expect(tablet.locator(f"#{saved}")).to_be_in_viewport()
    expect(tablet.locator(".reader")).to_have_attribute("data-font-size", "25")

    # comment on paragraph 2: the form comes to the paragraph with it chosen
    second = tablet.locator('.para[data-number="2"]')
    second.scroll_into_view_if_needed()
    second.locator(".comment-here").click()
    form = tablet.locator(".comment-form")
    expect(form).to_have_class(re.compile(r"\binline-comment\b"))
    expect(form.locator("select[name=block_id] option:checked")).to_have_text("第2段")
    expect(form.locator("textarea")).to_be_focused()
    form.locator("textarea").fill("建议补充研发投入的具体措施。")
    form.locator("button[type=submit]").click()

    expect(tablet.locator(".flash-success")).to_be_visible()
    mine = tablet.locator('.para[data-number="2"] .my-comment')
    expect(mine).to_contain_text("建议补充研发投入的具体措施。")
    expect(mine).to_be_in_viewport()
    expect(tablet.locator("#my-comments")).to_contain_text("第2段")
    assert tablet.viewport_size == {"width": 1024, "height": 768}
    # nothing overflows the tablet's width
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 1024
