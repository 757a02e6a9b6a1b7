"""Issue 18 point 9: a form sent with a mistake shows its message next to the field, in view,
with the field focused: an empty comment on a paragraph far down a report, and a delegate
added with an empty name below a long roster, a rejection without its reason. At 1024x768 and
390x844."""
import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkin import TABLET, sign_in
from tests.e2e.test_reports import LONG
from tests.proposals.conftest import desk  # noqa: F401 (a fixture: a meeting with its committee)
from tests.reports.conftest import WORK_REPORT, Hall, import_report, make_docx

pytestmark = pytest.mark.e2e

PHONE = (390, 844)


@pytest.mark.parametrize("size", [TABLET, PHONE], ids=["tablet", "phone"])
def test_an_empty_paragraph_comment_is_refused_in_view(app, make, page_factory, size):
    mid = make.meeting()
    delegate = make.delegate(mid, delegation="瑶海区代表团")
    hall = Hall(mid, make.user("secretariat"), None, [delegate], [], {})
    rid = import_report(app, hall, data=make_docx(*WORK_REPORT, *LONG))

    page = page_factory(*size)
    sign_in(page, delegate)
    page.goto(f"/reports/{rid}")
    para = page.locator('.para[data-number="12"]')
    para.scroll_into_view_if_needed()
    para.locator(".comment-here").click()
    form = page.locator(".comment-form")
    form.locator("button[type=submit]").click()  # nothing typed

    error = form.locator(".field.has-error .error")
    expect(error).to_be_visible()
    expect(error).to_be_in_viewport()
    expect(form.locator("textarea")).to_be_focused()
    # still under the paragraph it was for
    expect(form).to_have_class("comment-form inline-comment")
    expect(form.locator("select[name=block_id] option:checked")).to_have_text("第12段")
    page.screenshot(path=f"/tmp/e2e-comment-error-{size[0]}.png")


@pytest.mark.parametrize("size", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_delegate_without_a_name_is_refused_beside_the_field(make, page_factory, size):
    mid = make.meeting()
    make.delegates(mid, 40)  # a long roster above the form
    secretariat = make.user("secretariat")

    page = page_factory(*size)
    sign_in(page, secretariat)
    page.goto(f"/meetings/{mid}/delegates")
    add = page.locator(f'form[method="post"][action="/meetings/{mid}/delegates"]')
    add.locator('input[name="work_unit"]').fill("瑶海区红光街道")
    add.locator('button[type="submit"]').click()

    name = page.locator('form[method="post"][action$="/delegates"] .field.has-error')
    expect(name.locator(".error")).to_be_in_viewport()
    expect(name.locator("input")).to_be_focused()
    expect(page.locator('input[name="work_unit"]')).to_have_value("瑶海区红光街道")
    page.screenshot(path=f"/tmp/e2e-roster-error-{size[0]}.png")


@pytest.mark.parametrize("size", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_rejection_without_a_reason_is_refused_beside_the_reason(desk, page_factory, size):
    pid = desk.submitted()["id"]
    page = page_factory(*size)
    sign_in(page, desk.committee)
    page.goto(f"/proposals/{pid}")
    review = page.locator(f'form[action="/proposals/{pid}/review"]')
    review.locator('input[name="decision"][value="reject"]').check()
    review.locator('button[type="submit"]').click()

    reason = page.locator(f'form[action="/proposals/{pid}/review"] .field.has-error')
    expect(reason.locator(".error")).to_be_in_viewport()
    expect(reason.locator("textarea")).to_be_focused()
    expect(page.locator(f'form[action="/proposals/{pid}/review"] '
                        'input[name="decision"][value="reject"]')).to_be_checked()
    page.screenshot(path=f"/tmp/e2e-reject-error-{size[0]}.png")
