"""The Proposals section of API.md, step by step, as a client sees it: paths, methods, status
codes and field names."""


def test_the_whole_path_as_api_md_describes_it(desk):
    lead, a, b = desk.delegates[:3]
    r = desk.call("POST", f"/api/v1/meetings/{desk.mid}/proposals", lead, {
        "title": "关于增设社区养老服务站的提案", "category": "社会民生",
        "grounds": "老龄化加快。", "measures": "每个社区设站。"})
    assert r.status_code == 201
    p = r.get_json()
    assert {"id", "status", "signers"} <= set(p) and p["status"] == "draft"
    assert p["signers"][0]["id"] == lead.delegate_id and p["signers"][0]["role"] == "lead"
    pid = p["id"]
    for d in (a, b):
        r = desk.call("POST", f"/api/v1/proposals/{pid}/invitations", lead,
                      {"delegate_id": d.delegate_id})
        assert r.status_code == 201
        assert desk.call("POST", f"/api/v1/proposals/{pid}/signatures", d).status_code == 201
    r = desk.call("POST", f"/api/v1/proposals/{pid}/submit", lead)
    assert r.status_code == 200 and r.get_json()["status"] == "submitted"
    r = desk.call("POST", f"/api/v1/proposals/{pid}/review", desk.committee,
                  {"decision": "accept", "reason": "同意立案"})
    assert r.status_code == 200 and r.get_json()["status"] == "accepted"
    r = desk.call("POST", f"/api/v1/proposals/{pid}/assignment", desk.committee,
                  {"lead_unit_id": desk.units[0], "assisting_unit_ids": [desk.units[1]],
                   "due_on": "2099-03-31"})
    assert r.status_code == 200 and r.get_json()["status"] == "assigned"
    r = desk.call("POST", f"/api/v1/proposals/{pid}/replies", desk.unit_staff[2],
                  {"outcome": "A", "text": "x"})
    assert r.status_code == 403  # another unit's user
    r = desk.call("POST", f"/api/v1/proposals/{pid}/replies", desk.unit_staff[0],
                  {"outcome": "A", "text": "已建成12个养老服务站。"})
    assert r.status_code == 201 and r.get_json()["status"] == "replied"
    r = desk.call("POST", f"/api/v1/proposals/{pid}/feedback", lead,
                  {"rating": "unsatisfied", "comment": "覆盖面不够"})
    assert r.status_code == 201 and r.get_json()["status"] == "assigned"  # re-handling
    desk.ok("POST", f"/api/v1/proposals/{pid}/replies", desk.unit_staff[0],
            {"outcome": "B", "text": "明年实现全覆盖。"}, 201)
    r = desk.call("POST", f"/api/v1/proposals/{pid}/feedback", lead, {"rating": "satisfied"})
    assert r.status_code == 201 and r.get_json()["status"] == "closed"
    p = desk.ok("GET", f"/api/v1/proposals/{pid}", lead)
    assert {"status", "signers", "history"} <= set(p)
    assert [s["name"] for s in p["signers"]] == [lead.name, a.name, b.name]
    assert [e["kind"] for e in p["history"]] == [
        "draft", "invite", "sign", "invite", "sign", "submit", "accept", "assign", "reply",
        "rate", "rehandle", "reply", "rate"]
    assert all(e["at"].endswith("+00:00") for e in p["history"])  # ISO 8601 with offset


def test_errors_have_the_json_shape(desk):
    r = desk.call("GET", "/api/v1/proposals/999999", desk.committee)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    assert desk.client.get("/api/v1/proposals/1").status_code == 401
    pid = desk.submitted()["id"]
    r = desk.call("POST", f"/api/v1/proposals/{pid}/review", desk.committee, {"decision": "reject"})
    assert r.status_code == 422
    assert set(r.get_json()["error"]) == {"code", "message"}
