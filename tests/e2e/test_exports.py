"""An organisation's export in the browser: the secretariat asks for the register of
concerns with names and contacts, the exports page shows it queued, follows the worker
through the organisation's live stream (no reload) and offers the XLSX when it is done."""
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.jobs import download_when_done
from tests.e2e.test_checkin import DESKTOP, sign_in
from tests.studios.conftest import world  # noqa: F401 (the fixture)
from tests.studios.test_concerns_api import take

pytestmark = pytest.mark.e2e


def test_the_register_is_made_in_the_background_and_downloaded(app, client, page_factory,
                                                               world):  # noqa: F811
    from congress.people.services import root_organisation

    take(client, world)
    with app.app_context():
        oid = root_organisation().id
    page = page_factory(*DESKTOP)
    sign_in(page, world.secretariat)
    page.goto(f"/organisations/{oid}/studios")
    page.get_by_role("button", name="含姓名和联系方式（XLSX）").click()
    expect(page).to_have_url(re.compile(rf"/organisations/{oid}/jobs$"))
    expect(page.locator(".flash")).to_contain_text("正在生成登记表")
    job = page.locator("[data-job]").first
    expect(job).to_contain_text("排队中")
    expect(job).to_contain_text("含群众姓名和联系方式")
    download = download_when_done(app, page, job)
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        rows = list(load_workbook(io.BytesIO(file.read())).active.iter_rows(values_only=True))
    assert "群众姓名" in rows[0] and "张三" in rows[1]
