"""Reading Word and Markdown files into headings, numbered paragraphs and tables."""
import io
import zipfile

import pytest

from congress.core.errors import Invalid
from congress.reports.importing import (
    numbered_heading_level,
    parse_docx,
    parse_markdown,
    parse_upload,
)
from tests.reports.conftest import PUNCTUATION, WORK_REPORT, make_docx


def _kinds(parsed):
    return [(b.kind, b.level, b.text or b.rows) for b in parsed.blocks]


def test_docx_headings_paragraphs_and_tables_in_document_order():
    parsed = parse_docx(make_docx(*WORK_REPORT, title="中共合肥市委员会工作报告"))
    assert parsed.title == "中共合肥市委员会工作报告"
    assert parsed.format == "docx"
    assert _kinds(parsed) == [
        ("heading", 1, "一、过去一年的工作"),
        ("paragraph", None, WORK_REPORT[1][1]),
        ("heading", 2, "（一）坚持创新驱动"),
        ("paragraph", None, "全市研发投入强度达到3.5%，新增高新技术企业1200家。"),
        ("table", None, [["指标", "2025年", "增长"], ["地区生产总值", "1.3万亿元", "5.8%"]]),
        ("heading", 1, "二、今后一年的主要任务"),
        ("paragraph", None, PUNCTUATION),
    ]


def test_docx_chinese_punctuation_is_kept_exactly():
    parsed = parse_docx(make_docx(("p", PUNCTUATION), ("p", "甲 乙  丙\t丁，English words stay.")))
    assert parsed.blocks[0].text == PUNCTUATION
    # spaces between Chinese characters (pasted from PDFs) go; spaces in Latin text stay
    assert parsed.blocks[1].text == "甲乙丙丁，English words stay."


def test_docx_hand_numbered_headings_without_heading_styles():
    parsed = parse_docx(make_docx(
        ("raw", "一、过去五年的工作回顾"), ("raw", "（二）全面从严治党"), ("raw", "1.加强政治建设"),
        ("raw", "（3）深化巡察"),
        ("raw", "一、这是一段以编号开头的正文，它有句号。"),
        ("raw", "正文段落。")))
    assert [(b.kind, b.level) for b in parsed.blocks] == [
        ("heading", 1), ("heading", 2), ("heading", 3), ("heading", 4),
        ("paragraph", None), ("paragraph", None)]


@pytest.mark.parametrize("text, level", [("一、总体要求", 1), ("十二、附则", 1),
                                         ("（一）坚持党的领导", 2), ("(二)改进作风", 2),
                                         ("3．强化监督", 3), ("（10）其他", 4),
                                         ("一、" + "长" * 50, None), ("2025年工作", None)])
def test_numbered_heading_levels(text, level):
    assert numbered_heading_level(text) == level


def test_docx_empty_paragraphs_are_skipped_and_merged_cells_kept_once():
    from docx import Document

    document = Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "合并标题"
    for c, text in enumerate(("甲", "乙", "丙")):
        table.cell(1, c).text = text
    out = io.BytesIO()
    document.save(out)
    parsed = parse_docx(out.getvalue())
    assert _kinds(parsed) == [("table", None, [["合并标题"], ["甲", "乙", "丙"]])]


@pytest.mark.parametrize("data, message", [
    (b"this is plain text, not a Word document", "not a Word (.docx) document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Word (.doc) file"),
    (b"PK\x03\x04broken zip", "not a Word (.docx) document"),
])
def test_not_a_docx_is_a_clear_422(app, data, message):
    with app.test_request_context(headers={"Accept-Language": "en"}), \
            pytest.raises(Invalid) as error:
        parse_docx(data)
    assert error.value.field == "file" and message in str(error.value.message)


def test_a_zip_that_is_not_a_docx(app):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with app.test_request_context(), pytest.raises(Invalid):
        parse_docx(out.getvalue())


def test_a_document_without_paragraphs_is_refused(app):
    with app.test_request_context(), pytest.raises(Invalid):
        parse_docx(make_docx(("h1", "一、只有标题")))


MARKDOWN = """# 中共合肥市纪律检查委员会工作报告

## 一、过去一年的主要工作

一年来，市纪委监委坚持严的基调，
持续深化正风肃纪反腐。

### （一）强化政治监督

| 项目 | 件数 |
|---|---|
| 立案 | 1,024 |

- 紧盯“关键少数”；
- 整治群众身边的不正之风。

## 二、今后的任务

**坚定不移**推进全面从严治党。
"""


def test_markdown_title_headings_paragraphs_lists_and_tables():
    parsed = parse_markdown(MARKDOWN.encode())
    assert parsed.title == "中共合肥市纪律检查委员会工作报告"
    assert _kinds(parsed) == [
        ("heading", 1, "一、过去一年的主要工作"),
        # a line break inside a Chinese paragraph is not a space
        ("paragraph", None, "一年来，市纪委监委坚持严的基调，持续深化正风肃纪反腐。"),
        ("heading", 2, "（一）强化政治监督"),
        ("table", None, [["项目", "件数"], ["立案", "1,024"]]),
        ("paragraph", None, "紧盯“关键少数”；"),
        ("paragraph", None, "整治群众身边的不正之风。"),
        ("heading", 1, "二、今后的任务"),
        ("paragraph", None, "坚定不移推进全面从严治党。"),
    ]


def test_upload_picks_the_reader_by_name_and_checks_content(app):
    with app.test_request_context():
        assert parse_upload("报告.DOCX", make_docx(("p", "正文。"))).format == "docx"
        assert parse_upload("报告.md", "正文。".encode()).format == "markdown"
        for name, data in (("报告.pdf", b"%PDF-1.7"), ("报告.md", make_docx(("p", "x"))),
                           ("报告.md", "正文".encode("gbk")), ("报告.docx", b"")):
            with pytest.raises(Invalid):
                parse_upload(name, data)
