"""The concern's way through the API: taken, referred, replied, rated; who sees what."""
from datetime import datetime, timedelta

import pytest

from congress.core.time import to_local
from congress.core.workdays import add_working_days
from tests.helpers import bearer, token_for

CONCERN = {"channel": "reception", "text": "小区外楼梯湿滑，老人容易摔倒。",
           "resident_name": "张三", "contact": "13812341234", "category": "城市管理"}


def call(client, account, method, url, json=None):
    headers = bearer(token_for(client, account))
    return getattr(client, method)(url, json=json, headers=headers)


def take(client, world, account=None):
    response = call(client, account or world.on_duty, "post",
                    f"/api/v1/studios/{world.studio_id}/concerns", CONCERN)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_delegate_on_duty_takes_refers_and_the_unit_replies(app, client, world):
    concern = take(client, world)
    assert concern["status"] == "received"
    assert concern["resident_name"] == "张三" and concern["contact"] == "13812341234"
    assert len(concern["tracking_code"]) == 12
    cid = concern["id"]

    referred = call(client, world.on_duty, "post", f"/api/v1/concerns/{cid}/referral",
                    {"unit_id": world.unit_id, "note": "请核查"})
    assert referred.status_code == 200, referred.get_json()
    assert referred.get_json()["status"] == "referred"
    with app.app_context():
        referred_on = to_local(datetime.fromisoformat(referred.get_json()["referred_at"])).date()
        received_on = to_local(datetime.fromisoformat(concern["received_at"])).date()
    assert referred.get_json()["due_on"] == add_working_days(referred_on, 30).isoformat()
    assert concern["refer_by"] == add_working_days(received_on, 5).isoformat()

    # another unit does not see it: 404 for reading and replying
    assert call(client, world.other_unit_user, "get", f"/api/v1/concerns/{cid}").status_code \
        == 404
    assert call(client, world.other_unit_user, "post", f"/api/v1/concerns/{cid}/replies",
                {"text": "不是我们"}).status_code == 404

    replied = call(client, world.unit_user, "post", f"/api/v1/concerns/{cid}/replies",
                   {"text": "已安排防滑处理。"})
    assert replied.status_code == 200 and replied.get_json()["status"] == "replied"

    public = client.get(f"/api/v1/public/concerns/{concern['tracking_code']}").get_json()
    assert public == {"status": "replied",
                      "replies": [{"text": "已安排防滑处理。", "at": public["replies"][0]["at"]}]}

    unsatisfied = call(client, world.secretariat, "post", f"/api/v1/concerns/{cid}/feedback",
                       {"rating": "unsatisfied"})
    assert unsatisfied.get_json()["status"] == "referred"
    call(client, world.unit_user, "post", f"/api/v1/concerns/{cid}/replies", {"text": "已完工。"})
    closed = client.post(f"/api/v1/public/concerns/{concern['tracking_code']}/feedback",
                         json={"rating": "satisfied"})
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    assert [r["text"] for r in closed.get_json()["replies"]] == ["已安排防滑处理。", "已完工。"]


def test_a_delegate_not_on_duty_cannot_take_one(client, world):
    response = call(client, world.colleague, "post",
                    f"/api/v1/studios/{world.studio_id}/concerns", CONCERN)
    assert response.status_code == 403


@pytest.mark.parametrize(("who", "sees_personal"), [
    ("on_duty", True),          # took it
    ("secretariat", True),
    ("unit_user", True),        # referred to
    ("chair", False),
    ("organiser", False),
    ("colleague", False),       # serves at the studio, did not take it
])
def test_personal_data_is_masked_for_everyone_else(client, world, who, sees_personal):
    concern = take(client, world)
    call(client, world.secretariat, "post", f"/api/v1/concerns/{concern['id']}/referral",
         {"unit_id": world.unit_id})
    shown = call(client, getattr(world, who), "get", f"/api/v1/concerns/{concern['id']}")
    assert shown.status_code == 200
    data = shown.get_json()
    if sees_personal:
        assert (data["resident_name"], data["contact"]) == ("张三", "13812341234")
        assert data["tracking_code"] == concern["tracking_code"]
    else:
        assert (data["resident_name"], data["contact"]) == ("张*", "138****1234")
        assert "tracking_code" not in data
    listed = call(client, getattr(world, who), "get",
                  "/api/v1/organisations/1/concerns".replace("1", str(data["organisation_id"])))
    if listed.status_code == 200:
        [row] = listed.get_json()["concerns"]
        assert (row["resident_name"] == "张三") is sees_personal


@pytest.mark.parametrize("who", ["committee", "other_unit_user"])
def test_others_do_not_find_it(client, world, who):
    concern = take(client, world)
    assert call(client, getattr(world, who), "get",
                f"/api/v1/concerns/{concern['id']}").status_code == 404


def test_the_list_filters_by_status_and_flags_nothing_fresh_as_overdue(client, world):
    first, second = take(client, world), take(client, world)
    call(client, world.secretariat, "post", f"/api/v1/concerns/{first['id']}/answer",
         {"text": "当场解释了政策。"})
    oid = first["organisation_id"]
    answered = call(client, world.secretariat, "get",
                    f"/api/v1/organisations/{oid}/concerns?status=answered").get_json()
    assert [c["id"] for c in answered["concerns"]] == [first["id"]]
    received = call(client, world.secretariat, "get",
                    f"/api/v1/organisations/{oid}/concerns?status=received").get_json()
    assert [(c["id"], c["overdue"]) for c in received["concerns"]] == [(second["id"], False)]
    assert call(client, world.secretariat, "get",
                f"/api/v1/organisations/{oid}/concerns?status=nonsense").status_code == 422


def test_studios_and_duties_through_the_api(client, world):
    oid = call(client, world.secretariat, "get", "/api/v1/organisations").get_json()[
        "organisations"][0]["id"]
    studio = call(client, world.secretariat, "post", f"/api/v1/organisations/{oid}/studios",
                  {"name": "新工作室", "reception_hours": "每周二 14:00-17:00"})
    assert studio.status_code == 201 and studio.get_json()["name"] == "新工作室"
    sid = studio.get_json()["id"]
    duty = call(client, world.secretariat, "post", f"/api/v1/studios/{sid}/duties",
                {"delegate_id": world.on_duty.delegate_id,
                 "starts_at": "2026-12-10T08:00:00+08:00", "ends_at": "2026-12-10T11:00:00+08:00"})
    assert duty.status_code == 201 and duty.get_json()["starts_at"].startswith("2026-12-10T00:00")
    backwards = call(client, world.secretariat, "post", f"/api/v1/studios/{sid}/duties",
                     {"delegate_id": world.on_duty.delegate_id,
                      "starts_at": "2026-12-10T11:00:00+08:00",
                      "ends_at": "2026-12-10T08:00:00+08:00"})
    assert backwards.status_code == 422
    assert call(client, world.chair, "post", f"/api/v1/organisations/{oid}/studios",
                {"name": "x"}).status_code == 403


def test_the_delegate_on_duty_takes_up_a_public_concern(client, world):
    code = client.post("/api/v1/public/concerns", json={
        "studio_id": world.studio_id, "text": "网上反映：路灯不亮", "resident_name": "孙七",
        "contact": "13700001234"}).get_json()["tracking_code"]
    listed = call(client, world.secretariat, "get",
                  "/api/v1/organisations/{}/concerns".format(
                      call(client, world.secretariat, "get", "/api/v1/organisations")
                      .get_json()["organisations"][0]["id"])).get_json()["concerns"]
    [concern] = [c for c in listed if c["tracking_code"] == code]
    assert concern["channel"] == "online" and concern["taken_by_id"] is None
    cid = concern["id"]
    # before: the delegate on duty sees it masked; the colleague (not on duty now) may not act
    seen = call(client, world.on_duty, "get", f"/api/v1/concerns/{cid}").get_json()
    assert seen["resident_name"] == "孙*"
    assert call(client, world.colleague, "post", f"/api/v1/concerns/{cid}/referral",
                {"unit_id": world.unit_id}).status_code == 403
    referred = call(client, world.on_duty, "post", f"/api/v1/concerns/{cid}/referral",
                    {"unit_id": world.unit_id}).get_json()
    assert referred["taken_by_id"] == world.on_duty.delegate_id
    assert referred["resident_name"] == "孙七" and referred["contact"] == "13700001234"


def _taken_in_order(app, world, count):
    """`count` concerns received a minute apart, oldest first; their ids."""
    from congress.core.time import utcnow
    from congress.extensions import db
    from congress.studios import services
    from congress.studios.models import Channel, Studio

    with app.app_context():
        studio, start = db.session.get(Studio, world.studio_id), utcnow()
        ids = [services.take_concern(None, studio, channel=Channel.phone,
                                     text=f"第{n}件：路灯不亮",
                                     at=start.replace(microsecond=0) - timedelta(minutes=count - n)
                                     ).id for n in range(count)]
        db.session.commit()
    return ids


def test_the_list_comes_a_page_at_a_time_newest_first(app, client, world):
    ids = _taken_in_order(app, world, 5)
    oid = call(client, world.secretariat, "get", "/api/v1/organisations").get_json()[
        "organisations"][0]["id"]
    url = f"/api/v1/organisations/{oid}/concerns"
    pages = [call(client, world.secretariat, "get", f"{url}?per_page=2&page={n}").get_json()
             for n in (1, 2, 3, 4)]
    assert [[c["id"] for c in p["concerns"]] for p in pages] == \
        [ids[:2:-1][:2], ids[2:0:-1], ids[:1], []]
    assert {(p["page"], p["pages"], p["total"]) for p in pages[:1]} == {(1, 3, 5)}
    assert pages[3]["page"] == 4 and pages[3]["total"] == 5
    default = call(client, world.secretariat, "get", url).get_json()
    assert (default["page"], default["pages"], len(default["concerns"])) == (1, 1, 5)
    for bad in ("per_page=0", "per_page=201", "page=0", "page=abc", "page=99999999999"):
        answer = call(client, world.secretariat, "get", f"{url}?{bad}")
        assert answer.status_code == 422, bad
        assert answer.get_json()["error"]["message"].startswith(bad.split("=")[0])


def test_each_row_of_the_list_carries_its_own_answers_and_replies(client, world):
    """The list reads a page of concerns joined to their replies: every concern once, its
    replies oldest first, none for one without, the same as the concern's own answer."""
    answered, replied, waiting = (take(client, world) for _ in range(3))
    call(client, world.secretariat, "post", f"/api/v1/concerns/{answered['id']}/answer",
         {"text": "当场解释了政策。"})
    call(client, world.on_duty, "post", f"/api/v1/concerns/{replied['id']}/referral",
         {"unit_id": world.unit_id, "note": "请核查"})
    for text in ("已安排防滑处理。", "已完工。"):
        call(client, world.unit_user, "post", f"/api/v1/concerns/{replied['id']}/replies",
             {"text": text})
        call(client, world.secretariat, "post", f"/api/v1/concerns/{replied['id']}/feedback",
             {"rating": "unsatisfied"})
    listed = call(client, world.secretariat, "get",
                  f"/api/v1/organisations/{answered['organisation_id']}/concerns").get_json()
    rows = {c["id"]: c for c in listed["concerns"]}
    assert len(rows) == len(listed["concerns"]) == listed["total"] == 3
    assert [(r["kind"], r["text"]) for r in rows[answered["id"]]["replies"]] == [
        ("answered", "当场解释了政策。")]
    assert [(r["kind"], r["text"], r["unit_id"]) for r in rows[replied["id"]]["replies"]] == [
        ("replied", "已安排防滑处理。", world.unit_id), ("replied", "已完工。", world.unit_id)]
    assert rows[waiting["id"]]["replies"] == []
    for cid, row in rows.items():
        assert row == call(client, world.secretariat, "get", f"/api/v1/concerns/{cid}").get_json()
