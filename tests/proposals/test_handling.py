"""Review, assignment, returns, replies, ratings and re-handling; what each unit may see."""
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tests.proposals.conftest import GOOD

STAIRS = {"title": "关于维修天鹅湖小学门前人行天桥楼梯的提案", "category": "社会民生",
          "grounds": "天鹅湖小学门前人行天桥的楼梯台阶破损，雨天湿滑，学生上下学有安全隐患。",
          "measures": "一是尽快维修楼梯台阶；二是加装防滑条和扶手；三是明确管护责任。"}
STAIRS_AGAIN = {"title": "关于尽快修复天鹅湖小学人行天桥楼梯台阶的提案", "category": "社会民生",
                "grounds": "学校门口天桥楼梯台阶多处破损，下雨湿滑，学生容易摔倒。",
                "measures": "建议维修天桥楼梯台阶，加装防滑设施和扶手。"}
OTHER = {"title": "关于发展县域特色农业产业的提案", "category": "经济发展",
         "grounds": "我县特色农产品品牌弱、链条短。", "measures": "培育龙头企业，建设冷链物流。"}


def test_review_decisions_number_and_notify(desk):
    first = desk.accepted()
    second = desk.accepted(title="关于增加公交线路的提案")
    assert (first["number"], second["number"]) == (1, 2)
    assert first["review"]["decision"] == "accept"
    kinds = {n["kind"] for n in desk.ok("GET", "/api/v1/notices", desk.delegates[2])["notices"]}
    assert "accepted" in kinds  # co-signers hear of the decision too


def test_reject_needs_a_reason_and_becomes_a_suggestion(desk):
    pid = desk.submitted()["id"]
    r = desk.call("POST", f"/api/v1/proposals/{pid}/review", desk.committee,
                  {"decision": "reject"})
    assert r.status_code == 422 and r.get_json()["error"]["message"].startswith("reason")
    r = desk.call("POST", f"/api/v1/proposals/{pid}/review", desk.committee,
                  {"decision": "reject", "reason": "  "})
    assert r.status_code == 422
    assert desk.ok("GET", f"/api/v1/proposals/{pid}", desk.committee)["status"] == "submitted"
    p = desk.review(pid, "reject", reason="属于具体事务，转为意见建议")
    assert p["status"] == "rejected" and p["review"]["reason"] == "属于具体事务，转为意见建议"
    notice = desk.ok("GET", "/api/v1/notices", desk.delegates[0])["notices"][0]
    assert notice["kind"] == "rejected" and "转为意见建议" in notice["data"]["reason"]


@pytest.mark.parametrize("target, code", [("self", 422), (None, 422), ("unknown", 422),
                                          ("draft", 422), ("closed", 409), ("other_meeting", 422)])
def test_bad_merge_targets(desk, make, target, code):
    pid = desk.submitted()["id"]
    targets = {"self": pid, "unknown": 999999}
    if target == "draft":
        targets["draft"] = desk.draft(title="关于另一件事的提案")["id"]
    if target == "closed":
        targets["closed"] = desk.closed(title="关于已办结事项的提案")["id"]
    if target == "other_meeting":
        mid = make.meeting()
        lead = make.delegate(mid)
        targets["other_meeting"] = desk.ok("POST", f"/api/v1/meetings/{mid}/proposals", lead,
                                           GOOD, 201)["id"]
    body = {"decision": "merge", "reason": "同类"}
    if target is not None:
        body["merge_into"] = targets[target]
    r = desk.call("POST", f"/api/v1/proposals/{pid}/review", desk.committee, body)
    assert r.status_code == code, r.get_json()
    assert desk.ok("GET", f"/api/v1/proposals/{pid}", desk.committee)["status"] == "submitted"


def test_merge_keeps_replies_for_every_sponsor(desk):
    """B (led by delegates[1]) is merged into A (led by delegates[0]); C is merged into B
    before that and follows into A. A's reply reaches every sponsor of A, B and C, and shows
    on B and C."""
    lead_a, lead_b, lead_c, third = desk.delegates
    a = desk.submitted(lead=lead_a, **STAIRS)
    c = desk.submitted(lead=lead_c, signers=3, pending=False,
                       **STAIRS_AGAIN | {"title": "关于天桥楼梯防滑的提案"})
    b = desk.submitted(lead=lead_b, **STAIRS_AGAIN)
    desk.review(c["id"], "merge", merge_into=b["id"])
    merged = desk.review(b["id"], "merge", merge_into=a["id"], reason="同一座天桥")
    assert merged["status"] == "merged" and merged["merged_into"] == a["id"]
    a = desk.ok("GET", f"/api/v1/proposals/{a['id']}", desk.committee)
    assert sorted(m["id"] for m in a["merged"]) == sorted([b["id"], c["id"]])
    desk.review(a["id"], "accept")
    desk.ok("POST", f"/api/v1/proposals/{a['id']}/assignment", desk.committee,
            {"lead_unit_id": desk.units[0], "assisting_unit_ids": [], "due_on": "2099-01-31"})
    desk.ok("POST", f"/api/v1/proposals/{a['id']}/replies", desk.unit_staff[0],
            {"outcome": "A", "text": "天桥楼梯已维修，加装了防滑条和扶手。"}, 201)
    sponsors = set()
    for p in (a, b, c):
        full = desk.ok("GET", f"/api/v1/proposals/{p['id']}", desk.committee)
        sponsors |= {s["id"] for s in full["signers"]}
        assert [r["text"] for r in full["replies"]] == ["天桥楼梯已维修，加装了防滑条和扶手。"]
    accounts = {d.delegate_id: d for d in desk.delegates}
    assert sponsors == set(accounts)  # every delegate of the desk signed one of the three
    for delegate_id in sponsors:
        notices = desk.ok("GET", "/api/v1/notices", accounts[delegate_id])["notices"]
        replied = [n for n in notices if n["kind"] == "replied"]
        assert len(replied) == 1 and replied[0]["proposal_id"] == a["id"], delegate_id
    # each lead sponsor of a merged proposal reads the reply on their own proposal's page
    for lead, p in ((lead_b, b), (lead_c, c)):
        seen = desk.ok("GET", f"/api/v1/proposals/{p['id']}", lead)
        assert seen["replies"][0]["outcome"] == "A"
        assert desk.call("GET", f"/api/v1/proposals/{a['id']}", lead).status_code == 200


def test_assignment_defaults_and_validation(desk):
    pid = desk.accepted()["id"]
    for body, field in (({"assisting_unit_ids": []}, "lead_unit_id"),
                        ({"lead_unit_id": 999999}, "lead_unit_id"),
                        ({"lead_unit_id": desk.units[0], "assisting_unit_ids": [999999]},
                         "assisting_unit_ids"),
                        ({"lead_unit_id": desk.units[0], "due_on": "2020-01-01"}, "due_on"),
                        ({"lead_unit_id": desk.units[0], "due_on": "next month"}, "due_on")):
        r = desk.call("POST", f"/api/v1/proposals/{pid}/assignment", desk.committee, body)
        assert r.status_code == 422 and r.get_json()["error"]["message"].startswith(field), body
    p = desk.ok("POST", f"/api/v1/proposals/{pid}/assignment", desk.committee,
                {"lead_unit_id": desk.units[0],
                 "assisting_unit_ids": [desk.units[1], desk.units[0], desk.units[1]]})
    assert p["status"] == "assigned"
    assert [u["id"] for u in p["assignment"]["assisting_units"]] == [desk.units[1]]
    due = date.fromisoformat(p["assignment"]["due_on"])
    assert 89 <= (due - date.today()).days <= 91  # default three months (90 days)


def test_a_unit_cannot_see_another_units_proposals(desk):
    mine = desk.assigned(assisting=False)["id"]  # lead unit: units[0]
    theirs = desk.accepted(title="关于加强中小学食堂管理的提案")["id"]
    desk.ok("POST", f"/api/v1/proposals/{theirs}/assignment", desk.committee,
            {"lead_unit_id": desk.units[2], "assisting_unit_ids": []})
    own, other = desk.unit_staff[0], desk.unit_staff[2]
    assert desk.call("GET", f"/api/v1/proposals/{mine}", own).status_code == 200
    assert desk.call("GET", f"/api/v1/proposals/{theirs}", own).status_code == 403
    assert desk.call("GET", f"/api/v1/proposals/{theirs}/assignment.pdf", own).status_code == 403
    listed = desk.ok("GET", f"/api/v1/meetings/{desk.mid}/proposals", own)["proposals"]
    assert [p["id"] for p in listed] == [mine]
    inbox = desk.ok("GET", "/api/v1/handling", other)["assignments"]
    assert [p["id"] for p in inbox] == [theirs]
    # and on the pages
    from tests.helpers import login
    client = desk.client.application.test_client()
    login(client, own)
    assert client.get(f"/proposals/{theirs}").status_code == 403
    page = client.get("/handling").get_data(as_text=True)
    assert "关于加强中小学食堂管理的提案" not in page and GOOD["title"] in page


def test_return_within_the_window_goes_back_to_the_committee(desk, monkeypatch):
    p = desk.assigned()
    pid = p["id"]
    r = desk.call("POST", f"/api/v1/proposals/{pid}/return", desk.unit_staff[0], {"reason": ""})
    assert r.status_code == 422
    # an assisting unit's return removes only that unit
    p = desk.ok("POST", f"/api/v1/proposals/{pid}/return", desk.unit_staff[1],
                {"reason": "本单位不涉及此项职能"})
    assert p["status"] == "assigned" and p["assignment"]["assisting_units"] == []
    assert desk.call("GET", f"/api/v1/proposals/{pid}", desk.unit_staff[1]).status_code == 403
    p = desk.ok("POST", f"/api/v1/proposals/{pid}/return", desk.unit_staff[0],
                {"reason": "应由区政府办理"})
    assert p["status"] == "accepted" and p["assignment"] is None
    assert [a["return_reason"] for a in p["assignments"]] == ["应由区政府办理",
                                                              "本单位不涉及此项职能"]
    # the committee assigns again, elsewhere
    p = desk.ok("POST", f"/api/v1/proposals/{pid}/assignment", desk.committee,
                {"lead_unit_id": desk.units[2], "assisting_unit_ids": []})
    assert p["assignment"]["lead_unit"]["id"] == desk.units[2]


@pytest.mark.parametrize("workdays_later, allowed", [(10, True), (11, False)])
def test_return_window_counts_working_days(desk, monkeypatch, workdays_later, allowed):
    from congress.proposals import services
    # assign on a Monday (local time), return `workdays_later` working days after
    monday = datetime(2027, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    monkeypatch.setattr(services, "now", lambda: monday)
    pid = desk.assigned()["id"]
    later = services.add_workdays(monday.date(), workdays_later)
    assert later == (date(2027, 3, 15) if workdays_later == 10 else date(2027, 3, 16))
    monkeypatch.setattr(services, "now", lambda: monday.replace(day=later.day))
    r = desk.call("POST", f"/api/v1/proposals/{pid}/return", desk.unit_staff[0],
                  {"reason": "不属于本单位职责"})
    if allowed:
        assert r.status_code == 200
    else:
        assert r.status_code == 409 and r.get_json()["error"]["code"] == "return_window_closed"


def test_assisting_views_reply_and_unsatisfied_rehandling_keep_history(desk):
    pid = desk.assigned()["id"]
    desk.ok("POST", f"/api/v1/proposals/{pid}/opinions", desk.unit_staff[1],
            {"text": "财政局意见：可安排补贴资金。"}, 201)
    seen = desk.ok("GET", f"/api/v1/proposals/{pid}", desk.unit_staff[0])
    assert [o["text"] for o in seen["opinions"]] == ["财政局意见：可安排补贴资金。"]
    assert "opinions" not in desk.ok("GET", f"/api/v1/proposals/{pid}", desk.delegates[0])
    for body, field in (({"outcome": "E", "text": "x"}, "outcome"), ({"outcome": "A"}, "text")):
        r = desk.call("POST", f"/api/v1/proposals/{pid}/replies", desk.unit_staff[0], body)
        assert r.status_code == 422 and r.get_json()["error"]["message"].startswith(field)
    desk.ok("POST", f"/api/v1/proposals/{pid}/replies", desk.unit_staff[0],
            {"outcome": "C", "text": "受资金限制，暂不具备条件。"}, 201)
    r = desk.call("POST", f"/api/v1/proposals/{pid}/feedback", desk.delegates[0],
                  {"rating": "angry"})
    assert r.status_code == 422
    p = desk.ok("POST", f"/api/v1/proposals/{pid}/feedback", desk.delegates[0],
                {"rating": "unsatisfied", "comment": "理由不充分"}, 201)
    assert p["status"] == "assigned" and p["round"] == 2
    assert p["assignment"]["round"] == 2 and p["assignment"]["lead_unit"]["id"] == desk.units[0]
    assert [u["id"] for u in p["assignment"]["assisting_units"]] == [desk.units[1]]
    due = date.fromisoformat(p["assignment"]["due_on"])
    assert 29 <= (due - date.today()).days <= 31  # re-handling: one month
    r = desk.call("POST", f"/api/v1/proposals/{pid}/return", desk.unit_staff[0], {"reason": "x"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "rehandling"
    desk.ok("POST", f"/api/v1/proposals/{pid}/replies", desk.unit_staff[0],
            {"outcome": "B", "text": "已争取到专项资金，明年实施。"}, 201)
    p = desk.ok("POST", f"/api/v1/proposals/{pid}/feedback", desk.delegates[0],
                {"rating": "basically_satisfied"}, 201)
    assert p["status"] == "closed"
    assert [(r["round"], r["outcome"]) for r in p["replies"]] == [(1, "C"), (2, "B")]
    assert [(f["round"], f["rating"]) for f in p["feedback"]] == [
        (1, "unsatisfied"), (2, "basically_satisfied")]
    kinds = [e["kind"] for e in p["history"]]
    assert kinds[-7:] == ["assign", "opinion", "reply", "rate", "rehandle", "reply", "rate"]


def test_overdue_items_reach_the_follow_up_list(app, desk, monkeypatch):
    from congress.proposals import services
    late = desk.assigned()["id"]
    on_time = desk.accepted(title="关于增加公交线路的提案")["id"]
    desk.ok("POST", f"/api/v1/proposals/{on_time}/assignment", desk.committee,
            {"lead_unit_id": desk.units[1], "assisting_unit_ids": [], "due_on": "2100-01-05"})
    later = datetime(2100, 1, 2, 9, 0, tzinfo=UTC)  # after late's due date 2099-12-31
    monkeypatch.setattr(services, "now", lambda: later)
    follow = desk.ok("GET", f"/api/v1/meetings/{desk.mid}/proposals/follow-up", desk.secretariat)
    assert [(p["id"], p["days"]) for p in follow["overdue"]] == [(late, 2)]
    assert [(p["id"], p["days"]) for p in follow["due_soon"]] == [(on_time, 3)]
    inbox = desk.ok("GET", "/api/v1/handling", desk.unit_staff[0])["assignments"]
    assert inbox[0]["overdue"] is True
    assert desk.call("GET", f"/api/v1/meetings/{desk.mid}/proposals/follow-up",
                     desk.unit_staff[0]).status_code == 403


def test_similar_proposals_are_hinted(desk):
    stairs = desk.submitted(**STAIRS)
    again = desk.submitted(lead=desk.delegates[1], **STAIRS_AGAIN)
    other = desk.submitted(lead=desk.delegates[2], **OTHER)
    hint = desk.ok("GET", f"/api/v1/proposals/{again['id']}/similar", desk.committee)["similar"]
    assert [p["id"] for p in hint] == [stairs["id"]]
    assert hint[0]["score"] >= 0.3
    assert desk.ok("GET", f"/api/v1/proposals/{other['id']}/similar",
                   desk.committee)["similar"] == []
    assert desk.call("GET", f"/api/v1/proposals/{again['id']}/similar",
                     desk.delegates[1]).status_code == 403
