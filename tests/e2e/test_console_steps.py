"""The chair's console on a tablet: moving on from the questions step while questioners wait
asks first and says how many; those not called stay in the record; the step can be undone,
which brings the queue back as it was."""
import pytest
from playwright.sync_api import expect

from tests.e2e.rooms import open_room
from tests.e2e.test_checkin import TABLET, sign_in

pytestmark = pytest.mark.e2e
LIVE_WAIT_MS = 10_000


def test_moving_on_asks_keeps_the_waiting_and_can_be_undone(app, make, page_factory):
    room = open_room(app, make)
    d1, d2, _d3 = room.delegates
    chair = room.chair
    debrief = room.debrief(questioner_ids=[d2.delegate_id])

    console = page_factory(*TABLET)
    sign_in(console, chair)
    console.goto(f"/debriefs/{debrief['id']}")
    expect(console.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
    phase = console.locator('[data-testid="phase"]')
    console.locator('[data-testid="next-phase"]').click()      # → report (nothing to lose)
    expect(phase).to_have_text("述职")
    console.locator('[data-testid="next-phase"]').click()      # → questions
    expect(phase).to_have_text("提问")
    for delegate, kind in ((d1, "question"), (d2, "challenge")):
        room.ask(delegate, debrief, kind)
    waiting = console.locator('[data-testid="waiting"]')
    expect(waiting).to_contain_text(d2.name, timeout=LIVE_WAIT_MS)   # live, no reload
    expect(waiting).to_contain_text(d1.name)
    expect(console.locator('[data-testid="undo-phase"]')).to_have_count(0)

    asked = []

    def answer(accept):
        def handle(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        console.once("dialog", handle)

    answer(accept=False)                                        # the chair thinks again
    console.locator('[data-testid="next-phase"]').click()
    expect(phase).to_have_text("提问")
    assert asked and "仍有2位代表在等候提问（其中指定提问代表1位）" in asked[0]
    expect(waiting.locator("li")).to_have_count(2)

    answer(accept=True)
    console.locator('[data-testid="next-phase"]').click()
    expect(phase).to_have_text("点评")
    not_called = console.locator('[data-testid="not-called"]')
    expect(not_called).to_contain_text(d2.name)                 # still in the record
    expect(not_called).to_contain_text("质询")
    console.screenshot(path="/tmp/e2e-console-moved-on.png", full_page=True)

    answer(accept=True)
    console.locator('[data-testid="undo-phase"]').click()
    assert "撤销这一步，回到“提问”？" in asked[-1]
    expect(phase).to_have_text("提问")
    expect(waiting.locator("li")).to_have_count(2)
    expect(waiting).to_contain_text(d2.name)
    expect(waiting).to_contain_text(d1.name)
    expect(console.locator('[data-testid="places"]')).to_contain_text("2 / 3")
    console.screenshot(path="/tmp/e2e-console-undone.png", full_page=True)
