"""End-to-end fixtures: the session `app` served over real HTTP, and Debian's Chromium driven
by Playwright. No Playwright browser download: the system Chromium (`make system-deps`) is
launched directly."""
import os
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def live_server(app):
    """The test app on 127.0.0.1 (free port), one thread per request; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: the end-to-end tests drive Debian's Chromium. "
                    "Install it with `make system-deps`.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page_factory(browser, live_server):
    """new_page(width, height) -> a Page in its own context (own cookies) with that viewport,
    relative URLs resolved against the live server. Every context is closed after the test.
    A Content-Security-Policy violation on any page fails the test (Chromium reports each one
    on the console)."""
    contexts, violations = [], []

    def note_violation(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    def new_page(width, height):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      base_url=live_server, locale="zh-CN",
                                      timezone_id="Asia/Shanghai")
        contexts.append(context)
        page = context.new_page()
        page.on("console", note_violation)
        return page

    yield new_page
    for context in contexts:
        context.close()
    assert not violations, violations
