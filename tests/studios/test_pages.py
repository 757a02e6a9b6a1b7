"""The studio pages, the public intake and its limit, the unit's inbox."""
import re

import pytest

from tests.helpers import csrf_from, login

PUBLIC = "/public/concerns"


def _submit(client, world, address="10.0.0.1", **values):
    data = {"studio_id": world.studio_id, "text": "小区路灯坏了一个月。", "resident_name": "李四",
            "contact": "13900001111"} | values
    data["csrf_token"] = csrf_from(client, PUBLIC)
    return client.post(PUBLIC, data=data, environ_base={"REMOTE_ADDR": address})


def test_a_resident_submits_and_follows_it(app, client, world):
    response = _submit(client, world)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    code = re.search(r'data-testid="tracking-code">([A-Z0-9]+)<', page).group(1)
    assert "李四" not in page and "13900001111" not in page and "李*" not in page
    assert "小区路灯" not in page  # the matter itself stays off the public page
    assert client.get(f"/public/concerns/track?code={code.lower()}").status_code == 302
    assert client.get("/public/concerns/track?code=NOSUCHCODE22").status_code == 404
    assert client.get(f"{PUBLIC}/{code}").status_code == 200


@pytest.mark.parametrize(("values", "message"), [
    ({"text": "   "}, "Please write your matter."),
    ({"text": "长" * 2001}, "At most 2000 characters, please."),
    ({"studio_id": 0}, "Please choose a studio."),
    ({"resident_name": "名" * 101}, "At most 100 characters, please."),
])
def test_the_public_form_refuses_empty_or_oversized_input(client, world, values, message):
    client.get("/locale/en")
    response = _submit(client, world, **values)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<span class="error" role="alert">{message}</span>' in page


def test_the_public_posts_are_limited_per_address(app, client, world):
    app.config["PUBLIC_POST_RATE_LIMIT"] = "3 per 10 minutes"
    try:
        answers = [_submit(client, world, text="" if i == 1 else "路灯").status_code
                   for i in range(3)]
        assert answers == [302, 422, 302]  # invalid ones count too
        assert _submit(client, world).status_code == 429
        api = client.post("/api/v1/public/concerns", json={"studio_id": world.studio_id,
                                                           "text": "x"},
                          environ_base={"REMOTE_ADDR": "10.0.0.1"})
        assert api.status_code == 429  # the API's public door shares the count
        assert _submit(client, world, address="10.0.0.2").status_code == 302
    finally:
        app.config["PUBLIC_POST_RATE_LIMIT"] = "10 per 10 minutes"


def test_the_api_limit_counts_bad_bodies(app, client, world):
    app.config["PUBLIC_POST_RATE_LIMIT"] = "2 per 10 minutes"
    try:
        bad = client.post("/api/v1/public/concerns", data="not json",
                          content_type="application/json")
        empty = client.post("/api/v1/public/concerns", json={"studio_id": world.studio_id,
                                                             "text": ""})
        assert (bad.status_code, empty.status_code) == (400, 422)
        third = client.post("/api/v1/public/concerns", json={"studio_id": world.studio_id,
                                                             "text": "路灯"})
        assert third.status_code == 429
    finally:
        app.config["PUBLIC_POST_RATE_LIMIT"] = "10 per 10 minutes"


def test_tracking_never_reveals_another_concern(client, world):
    first = client.post("/api/v1/public/concerns", json={"studio_id": world.studio_id,
                                                         "text": "第一件事"}).get_json()
    client.post("/api/v1/public/concerns", json={"studio_id": world.studio_id,
                                                 "text": "第二件事", "resident_name": "王五"})
    code = first["tracking_code"]
    assert client.get(f"/api/v1/public/concerns/{code}").get_json() == {
        "status": "received", "replies": []}
    # Another last character, in lower case: the lookup ignores case, so the guess must
    # differ from the code in more than case (a code ending in X once made "...x" a hit).
    other_last = "Y" if code[-1] != "Y" else "Z"
    for guess in (code[:-1], code + "2", (code[:-1] + other_last).lower(), "%", ""):
        answer = client.get(f"/api/v1/public/concerns/{guess}")
        assert answer.status_code in (404, 308), guess
    page = client.get(f"{PUBLIC}/{code}").get_data(as_text=True)
    assert "王五" not in page and "第二件事" not in page and "第一件事" not in page


def test_staff_pages_and_the_unit_inbox(app, client, world):
    login(client, world.on_duty)
    page = client.get("/my/duties").get_data(as_text=True)
    assert "蜀山区三里庵街道党代表工作室" in page
    data = {"channel": "phone", "text": "幼儿园围墙倾斜", "resident_name": "赵六",
            "contact": "13512345678",
            "csrf_token": csrf_from(client, f"/studios/{world.studio_id}")}
    taken = client.post(f"/studios/{world.studio_id}/concerns", data=data)
    assert taken.status_code == 302
    concern_url = taken.headers["Location"]
    data = {"unit_id": world.unit_id, "note": "", "csrf_token": csrf_from(client, concern_url)}
    assert client.post(concern_url + "/referral", data=data).status_code == 302
    client.get("/logout")

    login(client, world.other_unit_user)
    assert "幼儿园围墙倾斜" not in client.get("/handling").get_data(as_text=True)
    assert client.get(concern_url).status_code == 404
    client.get("/logout")

    login(client, world.unit_user)
    inbox = client.get("/handling").get_data(as_text=True)
    assert "幼儿园围墙倾斜" in inbox
    page = client.get(concern_url).get_data(as_text=True)
    assert "赵六" in page and "13512345678" in page
    history = re.findall(r'<span class="hint">[^<]*</span> ([^<·]+?) ?(?:·|<)', page)
    assert history == ["已受理", "已转办"], history  # each step by its title, not its code
    client.get("/logout")

    login(client, world.chair)
    page = client.get(concern_url).get_data(as_text=True)
    assert "赵*" in page and "135****5678" in page and "赵六" not in page


def test_a_studio_without_concerns_can_be_deleted(app, client, world):
    from congress.extensions import db
    from congress.studios.models import Duty, Studio

    login(client, world.secretariat)
    page = f"/studios/{world.studio_id}"
    data = {"csrf_token": csrf_from(client, page)}
    assert client.post(f"{page}/delete", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Studio, world.studio_id) is None
        assert db.session.query(Duty).count() == 0


def test_the_organisations_concerns_come_fifty_to_a_page_with_the_filter_kept(
        app, client, world):
    from tests.studios.test_concerns_api import _taken_in_order

    _taken_in_order(app, world, 53)
    login(client, world.secretariat)
    with app.app_context():
        from congress.people.services import root_organisation
        oid = root_organisation().id
    first = client.get(f"/organisations/{oid}/studios?status=received").get_data(as_text=True)
    assert "第52件：路灯不亮" in first and "第2件：路灯不亮" not in first
    assert re.search(r'data-testid="page-of">第 1 / 2 页，共 53 条<', first), \
        re.findall(r'page-of">[^<]*', first)
    next_link = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "status=received" in next_link and "page=2" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert "第2件：路灯不亮" in second and "第3件：路灯不亮" not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
