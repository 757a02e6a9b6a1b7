"""Issue 18, point 15: at 390x844 (a phone) the agenda, the check-in desk, the debrief console
and the group recorder's page do not scroll sideways; their tables become cards; touch targets
are at least 44 px; the recorder marks everyone present in one tap, prefilled from check-in."""
import pytest
from playwright.sync_api import expect

from tests.e2e.rooms import open_room
from tests.e2e.test_checkin import sign_in
from tests.helpers import login, post_form

pytestmark = pytest.mark.e2e
PHONE = (390, 844)


def no_sideways_scroll(page):
    return page.evaluate(
        "() => { const s = document.scrollingElement;"
        " return [s.scrollWidth, s.clientWidth]; }")


def assert_fits(page, url):
    page.goto(url)
    width, client = no_sideways_scroll(page)
    assert width <= client, (url, width, client)


def test_agenda_desk_and_console_fit_a_phone(app, make, page_factory):
    room = open_room(app, make, checked_in=1)
    mid, delegates, secretariat, chair = room.mid, room.delegates, room.secretariat, room.chair
    client = room.client
    login(client, secretariat)
    for kind, title in (("plenary_report", "中共合肥市委员会工作报告"),
                        ("debrief", "瑶海区委书记述职并接受评议"), ("ballot", "决议表决")):
        assert post_form(client, f"/meetings/{mid}/agenda", {"kind": kind, "title": title},
                         page=f"/meetings/{mid}").status_code == 302
    debrief = room.debrief()

    desk = page_factory(*PHONE)
    sign_in(desk, secretariat)
    assert_fits(desk, f"/meetings/{mid}")
    title = desk.locator(".agenda-item .what").first
    assert title.bounding_box()["width"] > 150          # not two characters wide
    assert_fits(desk, f"/meetings/{mid}/checkin")
    row_button = desk.locator("table.desk tbody tr").nth(1).locator("button").first
    assert row_button.bounding_box()["height"] >= 44
    # the audit log, with a long code in it (the finalised minutes' SHA-256): a card per entry
    r = post_form(client, f"/meetings/{mid}/records/minutes/finalise",
                  page=f"/meetings/{mid}/records/minutes")
    assert r.status_code == 302, r.status_code
    assert_fits(desk, "/audit/")
    expect(desk.locator("table.audit td.changes", has_text="SHA-256").first).to_be_visible()
    assert_fits(desk, f"/meetings/{mid}/delegates")     # the roster's table scrolls in its box
    assert_fits(desk, f"/meetings/{mid}/projectors")    # the two screens' cards stack

    console = page_factory(*PHONE)
    sign_in(console, chair)
    assert_fits(console, f"/debriefs/{debrief['id']}")
    console.locator('[data-testid="next-phase"]').click()
    expect(console.locator('[data-testid="phase"]')).to_have_text("述职")
    width, client_width = no_sideways_scroll(console)
    assert width <= client_width
    console.locator('[data-testid="next-phase"]').click()
    expect(console.locator('[data-testid="phase"]')).to_have_text("提问")
    room.ask(delegates[0], debrief, "challenge", "关于老旧小区改造资金使用情况的质询")
    expect(console.locator('[data-testid="waiting"]')).to_contain_text(delegates[0].name)
    width, client_width = no_sideways_scroll(console)
    assert width <= client_width, (width, client_width)


def test_group_recorder_marks_all_present_prefilled_from_check_in(app, make, page_factory):
    mid = make.meeting()
    delegates = make.delegates(mid, 4)
    for d in delegates[:2]:
        make.check_in(d)
    secretariat = make.user("secretariat")
    delegation_id = _delegation_of(app, delegates[0])
    client = app.test_client()
    login(client, secretariat)
    page_url = f"/meetings/{mid}/groups/{delegation_id}"
    assert post_form(client, f"{page_url}/recorder",
                     {"recorder": str(delegates[0].delegate_id)}, page=page_url).status_code == 302
    assert post_form(client, f"{page_url}/start", page=page_url).status_code == 302

    phone = page_factory(*PHONE)                         # the recorder, on a phone
    sign_in(phone, delegates[0])
    phone.goto(page_url)
    width, client_width = no_sideways_scroll(phone)
    assert width <= client_width
    radios = phone.locator("table.attendance-marks input[type=radio]:checked")
    expect(radios).to_have_count(2)                      # the two checked in: present
    mark = phone.locator("table.attendance-marks label.mark").first
    assert mark.bounding_box()["height"] >= 44 and mark.bounding_box()["width"] >= 44
    phone.locator('[data-testid="all-present"]').click()
    expect(phone.locator("table.attendance-marks input[value=present]:checked")).to_have_count(4)


def _delegation_of(app, delegate):
    from congress.extensions import db
    from congress.people.models import Delegate
    with app.app_context():
        return db.session.get(Delegate, delegate.delegate_id).delegation_id
