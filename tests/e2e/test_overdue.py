"""The secretariat's overdue list (督办) follows the concerns' live events: another's follow-up
changes a row's count with no reload, and a note being written in another row is kept."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from congress.core.time import local_today
from tests.e2e.test_checkin import DESKTOP, sign_in
from tests.followup import world as w
from tests.helpers import csrf_from, login

pytestmark = pytest.mark.e2e


def test_the_overdue_list_follows_live_and_keeps_a_note_being_written(app, make, client,
                                                                      page_factory):
    world = w.build(app, make, emails=False)
    with app.app_context():
        yesterday = local_today() - timedelta(days=1)
    typing = w.concern(app, world, step="referred", due_on=yesterday)
    other = w.concern(app, world, step="referred", due_on=yesterday)
    url = f"/organisations/{world.organisation_id}/concerns/overdue"
    page = page_factory(*DESKTOP)
    sign_in(page, world.secretariat)
    page.goto(url)
    counts = page.locator(f'[data-concern="{other}"] [data-testid="follow-ups"]')
    expect(counts).to_have_text("0")
    note = page.locator(f"#note-{typing}")
    note.fill("请本周内答复并说明原因")
    page.locator("h1").click()  # the field is left, not sent

    login(client, world.secretariat)  # a colleague follows the other one up
    assert client.post(f"/concerns/{other}/follow-up", data={
        "note": "", "csrf_token": csrf_from(client, url)}).status_code == 303

    expect(counts).to_contain_text("1")  # no reload
    expect(page.locator("#overdue-list")).to_have_attribute("data-live-refreshed", "1")
    expect(note).to_have_value("请本周内答复并说明原因")
