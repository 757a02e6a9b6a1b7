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
