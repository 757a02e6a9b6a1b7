"""The audit trail and the interface language."""
from sqlalchemy import select

from congress.core.audit import AuditEntry
from congress.extensions import db
from tests.helpers import login, token_for


def test_service_changes_are_audited_with_before_and_after(app, client, make):
    secretariat = make.user("secretariat")
    mid = make.meeting()
    delegate = make.delegate(mid, name="审计代表")
    token = token_for(client, secretariat)
    client.post(f"/api/v1/meetings/{mid}/checkins", json={"delegate_id": delegate.delegate_id},
                headers={"Authorization": f"Bearer {token}"})
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "attendance.check_in"))
        assert entry.actor_id == secretariat.id and entry.meeting_id == mid
        assert entry.target_type == "Delegate" and entry.target_id == delegate.delegate_id
        assert entry.after == {"status": "present", "method": "api"}
        assert entry.at is not None and entry.at.tzinfo is not None
        created = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "delegate.create"))
        assert created.after["name"] == "审计代表"


def test_secretariat_browses_and_filters_the_audit(client, make):
    secretariat = make.user("secretariat", username="mishu")
    mid = make.meeting()
    make.check_in(make.delegate(mid, name="签到者"))
    login(client, secretariat)
    page = client.get("/audit/").get_data(as_text=True)
    assert "attendance.check_in" in page and "delegate.create" in page
    page = client.get("/audit/?action=attendance").get_data(as_text=True)
    assert "attendance.check_in" in page and "<td class=\"mono\">delegate.create" not in page
    page = client.get("/audit/?actor=mishu").get_data(as_text=True)
    assert "user.login" in page and "attendance.check_in" not in page.split("<tbody>")[1]
    assert "签到者" in client.get("/audit/?action=delegate").get_data(as_text=True)


def test_the_audit_reads_in_chinese(client, make):
    """Issue 18 point 5: each action has a Chinese title, the object its name, and before/after
    are "field: value" lines with Chinese field names (no raw codes, no JSON)."""
    import re

    secretariat = make.user("secretariat", username="mishu")
    login(client, secretariat)
    page = client.get("/audit/").get_data(as_text=True)
    cells = re.sub(r"<[^>]+>", "|", page.split("<tbody>")[1])
    assert "|登录|" in cells and "|创建账号|" in cells
    assert f"|账号（编号{secretariat.id}）|" in cells
    assert "|姓名：mishu|" in cells and "|角色：秘书处|" in cells
    assert "|党组织：" in cells and "|启用：是|" in cells
    assert "user.login" not in cells and "User #" not in cells and '{"' not in cells
    assert '<option value="user.login"' in page and ">登录</option>" in page


def test_interface_is_chinese_by_default_and_english_on_request(client, make):
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="zh-CN"' in page and "登录" in page
    client.get("/locale/en")
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="en"' in page and "Sign in" in page and "登录" not in page


def test_chinese_catalog_is_complete():
    from pathlib import Path

    from babel.messages.pofile import read_po
    root = Path(__file__).resolve().parents[2]
    path = root / "congress/translations/zh_Hans_CN/LC_MESSAGES/messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and not m.string]
    assert missing == []


def test_audit_lines_give_a_debrief_step_by_its_title_and_an_empty_list_as_a_dash(app):
    from congress.audit.wording import change_lines
    with app.test_request_context("/audit/"):
        assert change_lines({"phase": "report", "questioners": [], "open": True}) == [
            ("环节", "述职"), ("指定提问代表", "—"), ("开放", "是")]


def test_the_audit_pages_keep_every_filter(client, make):
    """A hundred entries to a page; the next page keeps the action and meeting filters (the
    meeting filter was dropped by the old pager)."""
    import re

    secretariat = make.user("secretariat", username="mishu")
    mid, other = make.meeting(), make.meeting()
    for delegate in make.delegates(mid, 101):
        make.check_in(delegate)
    make.check_in(make.delegate(other))
    login(client, secretariat)
    first = client.get(f"/audit/?action=attendance&meeting={mid}").get_data(as_text=True)
    assert re.search(r'page-of">第 1 / 2 页，共 101 条<', first), \
        re.findall(r"<h1>.*", first)
    link = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert f"meeting={mid}" in link and "action=attendance" in link and "page=2" in link
    second = client.get(link).get_data(as_text=True)
    assert re.search(r'page-of">第 2 / 2 页，共 101 条<', second)
    assert second.split("<tbody>")[1].count("<tr") == 1


def test_audit_lines_give_an_enum_column_of_the_target_by_its_title(app):
    """A concern's status and channel read 已答复/走访, not replied/visit; a field that is
    no enum column of the target, or a value outside the enum, keeps its text."""
    import re

    from congress.audit.wording import change_lines

    with app.test_request_context():
        lines = dict(change_lines({"status": "replied", "channel": "visit", "unit_id": 2,
                                   "note": "replied"}, "Concern"))
        assert re.fullmatch(r"[\u4e00-\u9fff]+", lines.pop("状态")), lines
        assert re.fullmatch(r"[\u4e00-\u9fff]+", lines.pop("渠道")), lines
        assert "replied" in lines.values() and "2" in lines.values()
        assert dict(change_lines({"status": "nonsense"}, "Concern")) == {"状态": "nonsense"}
        assert dict(change_lines({"status": "replied"})) == {"状态": "replied"}


def test_the_pager_keeps_arguments_named_like_url_for_keywords(client, make):
    """A query string may hold any name, url_for's own keywords too (endpoint, _external):
    the pager's links keep them as they came instead of failing with a 500."""
    import re

    secretariat = make.user("secretariat", username="mishu")
    mid = make.meeting()
    for delegate in make.delegates(mid, 101):
        make.check_in(delegate)
    login(client, secretariat)
    page = client.get(f"/audit/?action=attendance&meeting={mid}&endpoint=x&_external=1")
    assert page.status_code == 200
    link = re.search(r'href="([^"]+)" rel="next"', page.get_data(as_text=True)).group(1)
    assert link.replace("&amp;", "&") == \
        f"/audit/?action=attendance&meeting={mid}&endpoint=x&_external=1&page=2"
