"""Issue 18, point 15: the recorder's attendance form is prefilled from the meeting's check-in
(a suggestion: the page writes nothing) and offers "all present"; what is recorded wins."""
import re

from sqlalchemy import func, select

from congress.extensions import db
from congress.reports.group_models import GroupAttendance
from tests.helpers import login, post_form
from tests.reports.test_groups import _did, _group, _mark


def _checked(page, delegate):
    found = re.findall(rf'name="a{delegate.delegate_id}" value="(\w+)" checked', page)
    return found[0] if found else None


def test_attendance_form_is_prefilled_from_check_in_until_recorded(app, client, hall, make):
    did = _did(app, hall)
    recorder, here, away = hall.yaohai[0], hall.yaohai[1], hall.yaohai[2]
    make.check_in(recorder)
    make.check_in(here)
    _mark(client, hall, did, recorder)
    login(client, recorder)
    client.get("/locale/en")
    assert post_form(client, _group(hall, did, "/start"), page=_group(hall, did)).status_code == 302
    page = client.get(_group(hall, did)).get_data(as_text=True)
    assert _checked(page, recorder) == "present" and _checked(page, here) == "present"
    assert _checked(page, away) is None
    assert 'data-testid="all-present"' in page and "Prefilled from the meeting’s check-in" in page
    with app.app_context():                              # a GET writes nothing
        assert db.session.scalar(select(func.count()).select_from(GroupAttendance)) == 0

    r = post_form(client, _group(hall, did, "/attendance"),
                  {f"a{here.delegate_id}": "absent"}, page=_group(hall, did))
    assert r.status_code == 302
    page = client.get(_group(hall, did)).get_data(as_text=True)
    assert _checked(page, here) == "absent"          # what is recorded wins over the check-in
    assert _checked(page, recorder) == "present"     # the others still follow the check-in
    assert "Prefilled from the meeting’s check-in" not in page


def test_the_chinese_page_says_all_present(app, client, hall, make):
    did = _did(app, hall)
    make.check_in(hall.yaohai[1])
    _mark(client, hall, did, hall.yaohai[0])
    login(client, hall.yaohai[0])
    post_form(client, _group(hall, did, "/start"), page=_group(hall, did))
    page = client.get(_group(hall, did)).get_data(as_text=True)
    assert "全部出席" in page and "已按大会签到情况预填，保存后才记录。" in page
