"""Printed records: the compendium (提案汇编) with its table of contents by category, the
assignment notice (交办单) per proposal and per unit, and the XLSX register."""
import io

from openpyxl import load_workbook

from tests import pdftools
from tests.proposals.test_handling import OTHER, STAIRS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cjk_embedded(data):
    fonts = pdftools.fonts(data)
    assert fonts and all(embedded and subset for _n, _t, embedded, subset in fonts)
    assert any("CJK" in name or "UKai" in name for name, *_ in fonts)


def test_compendium_has_a_contents_page_by_category_and_every_accepted_proposal(desk):
    stairs = desk.assigned(**STAIRS)
    farm = desk.accepted(lead=desk.delegates[1], **OTHER)
    desk.review(desk.submitted(title="关于不予立案事项的提案")["id"], "reject", reason="转建议")
    r = desk.call("GET", f"/api/v1/meetings/{desk.mid}/records/proposals.pdf", desk.secretariat)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    data = r.data
    assert data.startswith(b"%PDF") and pdftools.is_a4(data)
    _cjk_embedded(data)
    text = pdftools.text(data)
    for expected in ("提案汇编", "目录", "一、经济发展", "二、社会民生", STAIRS["title"],
                     OTHER["title"], desk.delegates[0].name, desk.delegates[1].name, "领衔代表",
                     "附议代表",
                     "案据", "方案", "审查意见", "同意立案", "主办单位", "市住房和城乡建设局",
                     "协办单位", "市财政局", "第001号", "第002号"):
        assert expected in text, expected
    assert "关于不予立案事项的提案" not in text  # only accepted proposals
    # the contents list gives page numbers: the stairs proposal's entry ends with one
    toc_line = next(line for line in text.splitlines()
                    if STAIRS["title"] in line and "…" not in line and "." in line)
    assert toc_line.rstrip()[-1].isdigit()
    assert stairs["number"] == 1 and farm["number"] == 2
    assert int(pdftools.info(data)["Pages"]) >= 4  # cover, contents, two proposals


def test_assignment_notice_per_proposal(desk):
    pid = desk.assigned()["id"]
    r = desk.call("GET", f"/api/v1/proposals/{pid}/assignment.pdf", desk.unit_staff[0])
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    _cjk_embedded(r.data)
    text = pdftools.text(r.data)
    for expected in ("提案交办单", "市住房和城乡建设局", "市财政局", "2099年12月31日",
                     desk.delegates[0].name, "加快老旧小区加装电梯", "10个工作日",
                     "提案审查委员会"):
        assert expected in text, expected
    assert desk.call("GET", f"/api/v1/proposals/{pid}/assignment.pdf",
                     desk.delegates[0]).status_code == 403
    unassigned = desk.accepted(title="关于尚未交办的提案")["id"]
    r = desk.call("GET", f"/api/v1/proposals/{unassigned}/assignment.pdf", desk.committee)
    assert r.status_code == 409


def test_assignment_notices_per_unit(client, desk):
    first = desk.assigned()
    desk.assigned(title="关于改造背街小巷的提案", assisting=False)
    r = desk.call("GET", f"/api/v1/meetings/{desk.mid}/units/{desk.units[0]}/assignments.pdf",
                  desk.unit_staff[0])
    assert r.status_code == 200
    text = pdftools.text(r.data)
    assert "交办清单" in text and text.count("提案交办单") == 2
    assert first["title"] in text and "关于改造背街小巷的提案" in text
    r = desk.call("GET", f"/api/v1/meetings/{desk.mid}/units/{desk.units[0]}/assignments.pdf",
                  desk.unit_staff[2])
    assert r.status_code == 403
    # the assisting unit's list names only the first
    text = pdftools.text(desk.call(
        "GET", f"/api/v1/meetings/{desk.mid}/units/{desk.units[1]}/assignments.pdf",
        desk.committee).data)
    assert first["title"] in text and "关于改造背街小巷的提案" not in text


def test_register_export_opens_and_reads_right(desk):
    closed = desk.closed()
    target = desk.assigned(title="关于老旧小区改造的提案")
    desk.review(desk.submitted(title="关于合并事项的提案")["id"], "merge", merge_into=target["id"])
    r = desk.call("GET", f"/api/v1/meetings/{desk.mid}/records/proposals.xlsx", desk.committee)
    assert r.status_code == 200 and r.mimetype == XLSX
    sheet = load_workbook(io.BytesIO(r.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("提案号", "案由", "类别")
    first = rows[1]
    assert first[0] == 1 and first[1] == closed["title"] and first[3] == desk.delegates[0].name
    assert first[5] == 2 and first[6] == "已办结" and first[9] == "市住房和城乡建设局"
    assert first[10] == "市财政局" and first[13] == "B"
    assert first[14] == "是" and first[15] == "满意"
    assert rows[2][0] == 2 and rows[2][6] == "办理中" and rows[2][15] is None  # empty cell
    merged = rows[3]
    assert merged[0] is None and merged[1] == "关于合并事项的提案" and merged[6] == "已并案"
    assert merged[8].startswith("并入：关于老旧小区改造的提案")
    assert desk.call("GET", f"/api/v1/meetings/{desk.mid}/records/proposals.xlsx",
                     desk.delegates[0]).status_code == 403


def test_page_downloads(client, desk):
    from tests.helpers import login
    desk.assigned()
    login(client, desk.committee)
    r = client.get(f"/meetings/{desk.mid}/proposals/compendium.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    r = client.get(f"/meetings/{desk.mid}/proposals/register.xlsx")
    assert r.status_code == 200 and r.mimetype == XLSX
