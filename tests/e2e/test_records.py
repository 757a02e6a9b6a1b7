"""The secretariat writes the minutes' summary, finalises them in the browser, and the records
centre shows the version; a change afterwards offers the next version."""
import pytest
from playwright.sync_api import expect

from congress.extensions import db
from tests.e2e.jobs import download_when_done
from tests.e2e.test_checkin import DESKTOP, sign_in
from tests.records.conftest import hold_meeting

pytestmark = pytest.mark.e2e


def test_secretariat_writes_and_finalises_the_minutes(app, make, page_factory):
    held = hold_meeting(app, make)
    page = page_factory(*DESKTOP)
    sign_in(page, held.secretariat)
    page.goto(f"/meetings/{held.mid}/records")
    page.get_by_role("link", name="编辑与定稿").click()

    summary = page.locator("fieldset.minutes-section").first
    summary.locator("textarea").fill("会议开得隆重热烈、务实高效。")
    page.get_by_test_id("save-minutes").click()
    expect(page.locator(".flash")).to_contain_text("纪要已保存")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="定稿为第1版").click()
    expect(page.locator(".flash")).to_contain_text("纪要第1版已定稿")
    expect(page.locator('[data-testid="versions"] tbody tr')).to_have_count(1)
    expect(page.get_by_role("button", name="定稿为第2版")).to_have_count(0)

    page.goto(f"/meetings/{held.mid}/records")
    minutes_row = page.locator('tr[data-document="minutes.pdf"]')
    expect(minutes_row).to_contain_text("第1版")

    with app.app_context():  # someone checks in late: the data changed since version 1
        from congress.meetings.models import Meeting
        from congress.meetings.services import check_in, roll_call
        meeting = db.session.get(Meeting, held.mid)
        check_in(None, meeting, next(d for d, row in roll_call(meeting) if row is None), "desk")
        db.session.commit()
    page.reload()
    expect(minutes_row).to_contain_text("再次定稿将生成第2版")


def test_the_archive_job_shows_its_progress_and_then_the_download(app, make, page_factory):
    """The button queues the job; the page follows it through the live events (no reload)
    and offers the ZIP when the worker is done."""
    held = hold_meeting(app, make)
    page = page_factory(*DESKTOP)
    sign_in(page, held.secretariat)
    page.goto(f"/meetings/{held.mid}/records")
    page.get_by_role("button", name="生成归档包（ZIP）").click()
    expect(page.locator(".flash")).to_contain_text("正在生成归档包")
    job = page.locator("[data-job]").first
    expect(job).to_contain_text("排队中")
    expect(job.locator("progress")).to_have_count(1)
    download = download_when_done(app, page, job)
    assert download.suggested_filename.endswith(".zip")
