"""A delegate votes in a 3-candidate, 2-seat election on a 768x1024 tablet: the candidates in
stroke order, the count of 赞成 against the seats, and no third 赞成 (the third is disabled);
a name written in beside 不赞成 also counts; review, confirm, receipt."""
import re

import pytest
from playwright.sync_api import expect

from congress.ballots.count_models import BallotWriteIn
from congress.extensions import db
from tests.e2e.test_checkin import sign_in
from tests.helpers import bearer, token_for

pytestmark = pytest.mark.e2e
TABLET_PORTRAIT = (768, 1024)


def _mark(page, candidate, label, force=False):
    page.locator("fieldset.subject", has_text=candidate).get_by_text(
        label, exact=True).click(force=force)


def _favourable(page, candidate):
    return page.locator("fieldset.subject", has_text=candidate).locator("input[data-favourable]")


def test_a_delegate_cannot_mark_a_third_for_in_a_two_seat_election(app, make, page_factory):
    mid = make.meeting()
    delegates = make.delegates(mid, 3)
    for d in delegates:
        make.check_in(d)
    secretariat, chair = make.user("secretariat"), make.user("chair")
    client = app.test_client()
    ballot = client.post(f"/api/v1/meetings/{mid}/ballots",
                         headers=bearer(token_for(client, secretariat)),
                         json={"title": "补选委员会委员", "kind": "election", "seats": 2,
                               "write_ins": True,
                               "subjects": [{"title": t} for t in ("张强", "王红", "李明")]}
                         ).get_json()
    bid = ballot["id"]
    assert client.post(f"/api/v1/ballots/{bid}/open",
                       headers=bearer(token_for(client, chair))).status_code == 200

    tablet = page_factory(*TABLET_PORTRAIT)
    sign_in(tablet, delegates[0])
    tablet.goto(f"/ballots/{bid}")
    expect(tablet.locator("fieldset.subject legend")).to_have_text(["王红", "李明", "张强"])
    count = tablet.locator('[data-testid="election-count"]')
    marked = count.locator('[data-field="marked"]')
    expect(marked).to_have_text("0")

    _mark(tablet, "王红", "赞成")
    _mark(tablet, "李明", "赞成")
    expect(marked).to_have_text("2")
    expect(count).to_have_attribute("data-full", "true")
    # the seats are full: the third 赞成 cannot be marked
    expect(_favourable(tablet, "张强")).to_be_disabled()
    _mark(tablet, "张强", "赞成", force=True)  # a tap on the disabled mark does nothing
    expect(_favourable(tablet, "张强")).not_to_be_checked()
    expect(marked).to_have_text("2")
    # 不赞成 for 张强: the name field opens, but is closed while the seats are full
    _mark(tablet, "张强", "不赞成")
    name = tablet.locator("fieldset.subject", has_text="张强").locator("input[data-write-in]")
    expect(name).to_be_disabled()
    # one 赞成 taken back: a name may be written in, and then the seats are full again
    _mark(tablet, "李明", "弃权")
    expect(marked).to_have_text("1")
    expect(_favourable(tablet, "张强")).to_be_enabled()
    expect(name).to_be_enabled()
    name.fill("赵刚")
    expect(marked).to_have_text("2")
    expect(_favourable(tablet, "李明")).to_be_disabled()
    # the marks are large enough to touch
    box = tablet.locator("fieldset.subject", has_text="王红").locator("label.level").first
    assert box.bounding_box()["height"] >= 60
    tablet.screenshot(path="/tmp/e2e-election.png", full_page=True)

    tablet.locator(".ballot-form button[type=submit]").click()
    choices = tablet.locator("table.review td.choice")
    expect(choices.nth(0)).to_have_text("赞成")
    expect(choices.nth(1)).to_have_text("弃权")
    expect(choices.nth(2)).to_contain_text("不赞成")
    expect(tablet.locator('[data-testid="written-in"]')).to_have_text(re.compile("赵刚"))
    tablet.locator(".confirm-form button[name=confirm]").click()
    expect(tablet.locator('[data-testid="receipt"]')).to_have_text(
        re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$"))
    with app.app_context():
        assert [w.name for w in db.session.query(BallotWriteIn).filter_by(ballot_id=bid)] == [
            "赵刚"]
