"""The API door: reading reports (any tabled version) and posting review comments."""
from tests.helpers import login
from tests.reports.conftest import PUNCTUATION, comment, import_report


def test_list_and_read_reports(app, client, hall):
    rid = import_report(app, hall)
    import_report(app, hall, table=False, title="规划建议", kind="development")
    headers = hall.headers(hall.yaohai[0])
    listed = client.get(f"/api/v1/meetings/{hall.mid}/reports", headers=headers).get_json()
    assert [(r["id"], r["title"], r["kind"], r["current_version"]) for r in listed["reports"]] \
        == [(rid, "市委工作报告", "party_committee", 1)]
    assert "version" not in listed["reports"][0]  # the list carries no text
    data = client.get(f"/api/v1/reports/{rid}", headers=headers).get_json()
    blocks = data["version"]["blocks"]
    assert blocks[0] == {"id": blocks[0]["id"], "kind": "heading", "level": 1, "number": None,
                         "text": "一、过去一年的工作"}
    table = next(b for b in blocks if b["kind"] == "table")
    assert table["number"] == 3 and table["rows"][1] == ["地区生产总值", "1.3万亿元", "5.8%"]
    assert blocks[-1]["text"] == PUNCTUATION
    assert data["resolutions"] == []


def test_unknown_and_foreign_reports(app, client, hall, make):
    rid = import_report(app, hall)
    headers = {**hall.headers(hall.yaohai[0]), "Accept-Language": "en"}
    r = client.get("/api/v1/reports/999999", headers=headers)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    r = client.get(f"/api/v1/reports/{rid}?version=7", headers=headers)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "no_such_version"
    from tests.helpers import bearer, token_for
    stranger = make.delegate(make.meeting())
    assert client.get(f"/api/v1/reports/{rid}", headers=bearer(token_for(client, stranger))
                      ).status_code == 403
    assert client.get(f"/api/v1/reports/{rid}").status_code == 401


def test_observer_and_chair_read_but_do_not_comment(app, client, hall, make):
    from tests.helpers import bearer, token_for
    rid = import_report(app, hall)
    observer = make.user("observer")
    for headers in (bearer(token_for(client, observer)), hall.headers(hall.chair)):
        assert client.get(f"/api/v1/reports/{rid}", headers=headers).status_code == 200
        assert client.post(f"/api/v1/reports/{rid}/comments", headers=headers,
                           json={"text": "好"}).status_code == 403


def test_post_change_and_delete_a_comment(app, client, hall):
    rid = import_report(app, hall)
    made = comment(client, hall, hall.yaohai[0], rid, "建议补充数据。", number=3)
    assert made["paragraph"] == 3 and made["delegation"] == "瑶海区代表团"
    headers = hall.headers(hall.yaohai[0])
    r = client.put(f"/api/v1/comments/{made['id']}", headers=headers, json={"text": "  "})
    assert r.status_code == 422
    r = client.put(f"/api/v1/comments/{made['id']}", headers=headers, json={"text": "补充数据。"})
    assert r.status_code == 200 and r.get_json()["updated_at"] is not None
    assert client.delete(f"/api/v1/comments/{made['id']}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/comments/{made['id']}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/reports/{rid}/comments", headers=headers).get_json() == {
        "comments": []}


def test_cookie_session_calls_need_the_csrf_header(app, client, hall):
    import re

    rid = import_report(app, hall)
    login(client, hall.yaohai[0])
    r = client.post(f"/api/v1/reports/{rid}/comments", json={"text": "好"})
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "csrf_failed"
    page = client.get(f"/reports/{rid}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    r = client.post(f"/api/v1/reports/{rid}/comments", json={"text": "好"},
                    headers={"X-CSRFToken": token})
    assert r.status_code == 201


def test_markdown_report_reads_the_same_way(app, client, hall):
    rid = import_report(app, hall, data="## 一、总体要求\n\n坚持稳中求进。\n".encode(),
                        filename="jw.md", title="市纪委工作报告", kind="discipline")
    blocks = client.get(f"/api/v1/reports/{rid}", headers=hall.headers(hall.luyang[0])
                        ).get_json()["version"]["blocks"]
    assert [(b["kind"], b["level"], b["number"], b["text"]) for b in blocks] == [
        ("heading", 1, None, "一、总体要求"), ("paragraph", None, 1, "坚持稳中求进。")]
