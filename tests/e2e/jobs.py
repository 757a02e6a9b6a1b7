"""A job seen in the browser: queued on its page, then the worker runs and the page, following
its live stream with no reload, offers the file."""
from playwright.sync_api import expect


def download_when_done(app, page, job):
    """Start the app's worker, wait for `job` (a locator of its list item) to show its
    download link, stop the worker and download; the Download."""
    queue = app.extensions["jobs"]
    queue.start_worker()
    try:
        download_link = job.get_by_role("link", name="下载")
        expect(download_link).to_be_visible(timeout=60_000)
    finally:
        queue.stop_worker()
    with page.expect_download() as download:
        download_link.click()
    return download.value
