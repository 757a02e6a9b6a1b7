"""The secretariat's paper desk in a real browser (1024x768): a paper issued by typing the
card's code on the console, the two tellers' entries typed in, the differing cell marked."""
import os
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkin import sign_in
from tests.helpers import bearer, token_for

pytestmark = pytest.mark.e2e


def test_paper_desk_issues_and_compares_the_entries(client, make, page_factory):
    mid = make.meeting()
    delegates = make.delegates(mid, 3)
    for d in delegates:
        make.check_in(d)
    secretariat = make.user("secretariat")
    staff = bearer(token_for(client, secretariat))
    ballot = client.post(f"/api/v1/meetings/{mid}/ballots", headers=staff, json={
        "title": "决议表决", "kind": "motion", "subjects": [{"title": "工作报告决议"}]}).get_json()
    assert client.post(f"/api/v1/ballots/{ballot['id']}/open", headers=staff).status_code == 200
    subject, yes = ballot["subjects"][0]["id"], ballot["options"][0]["id"]

    page = page_factory(1024, 768)
    sign_in(page, secretariat)
    expect(page).not_to_have_url(re.compile(r"/login"))
    page.goto(f"/ballots/{ballot['id']}")
    page.locator(".paper-issue input[name='code']").fill(delegates[0].username)
    page.locator(".paper-issue button[type='submit']").click()
    expect(page.locator("[data-field='papers']")).to_have_text("1")
    page.goto(f"/ballots/{ballot['id']}/paper")
    for entry, teller, votes in ((1, "计票人甲", "1"), (2, "计票人乙", "0")):
        form = page.locator(f"#entry-{entry}")
        form.locator(f"input[name='e{entry}-teller']").fill(teller)
        form.locator(f"input[name='e{entry}-returned']").fill("1")
        form.locator(f"input[name='e{entry}-invalid']").fill("0")
        form.locator(f"input[name='c{subject}-{yes}']").fill(votes)
        form.locator("button[type='submit']").click()
        expect(page.locator(f"#entry-{entry} .badge")).to_be_visible()
    mismatch = page.locator("tr.mismatch")
    expect(mismatch).to_have_count(1)
    expect(mismatch).to_have_attribute("data-mismatch", f"{subject}:{yes}")
    expect(page.locator("[data-field='tally-state']")).to_have_class(re.compile(r"\berror\b"))
    if os.environ.get("E2E_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["E2E_SCREENSHOTS"], "paper-desk.png"),
                        full_page=True)
