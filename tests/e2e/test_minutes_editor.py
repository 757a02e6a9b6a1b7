"""Issue 18 point 8: the minutes editor is one form with one save (a header change is kept with
a section's), and leaving it with unsaved changes asks first. At 1024x768 and 390x844."""
import pytest
from playwright.sync_api import expect

from congress.extensions import db
from tests.e2e.test_checkin import TABLET, sign_in

pytestmark = pytest.mark.e2e

PHONE = (390, 844)


@pytest.mark.parametrize("size", [TABLET, PHONE], ids=["tablet", "phone"])
def test_header_and_section_are_saved_together_and_leaving_unsaved_asks(
        app, make, page_factory, size):
    mid = make.meeting()
    secretariat = make.user("secretariat")
    page = page_factory(*size)
    sign_in(page, secretariat)
    page.goto(f"/meetings/{mid}/records/minutes")
    page.wait_for_load_state()  # unsaved.js has run
    save = page.get_by_test_id("save-minutes")
    before = save.bounding_box()

    page.locator('input[name="chair"]').fill("张主任")  # the header, not saved yet
    # the note appears and the button stays where it was: a change noted on the press of a
    # click (a field's change event comes as it loses focus) must not move the button from
    # under the release, which would lose the click
    expect(page.get_by_test_id("unsaved-note")).to_be_visible()
    assert save.bounding_box() == before
    summary = page.locator("fieldset.minutes-section").first
    summary.locator("textarea").fill("会议开得隆重热烈、务实高效。")
    save.click()
    expect(page.locator(".flash")).to_contain_text("纪要已保存")
    expect(page.locator('input[name="chair"]')).to_have_value("张主任")
    expect(page.locator("fieldset.minutes-section").first.locator("textarea")).to_have_value(
        "会议开得隆重热烈、务实高效。")
    with app.app_context():
        from congress.meetings.models import Meeting
        from congress.records.minutes import header_of
        assert header_of(db.session.get(Meeting, mid)).chair == "张主任"

    # an unsaved change, then a link: the browser asks; staying keeps the text
    page.locator('input[name="recorder"]').fill("李秘书")
    asked = []

    def stay(dialog):  # the click returns only once this has answered the dialog
        asked.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.locator(f'a[href="/meetings/{mid}/records"]').first.click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(page.locator('input[name="recorder"]')).to_have_value("李秘书")
    assert page.url.endswith(f"/meetings/{mid}/records/minutes")
    page.screenshot(path=f"/tmp/e2e-minutes-{size[0]}.png", full_page=True)
