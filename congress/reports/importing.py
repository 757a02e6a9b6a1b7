"""Reading a report from the files secretariats have: Word (.docx, with python-docx) or
Markdown (with markdown-it-py), into a flat list of blocks: headings, paragraphs, tables.

Chinese official documents often number their headings by hand (一、 （一） 1. （1）) instead
of using heading styles, so a short numbered paragraph without a closing full stop counts as a
heading of the level its numbering implies. Text is kept as written: full-width punctuation
(，。；：“”《》——……) passes through untouched; only whitespace is tidied.
"""
import io
import re
import zipfile
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from congress.core.errors import Invalid
from congress.core.uploads import DOCX_PARAGRAPH, count_tags, limit, open_office_file, part_names

MAX_HEADING_CHARS = 40
CN_NUM = "一二三四五六七八九十百零〇"
NUMBERED_HEADINGS = (
    (re.compile(rf"^[{CN_NUM}]+、"), 1),
    (re.compile(rf"^[（(][{CN_NUM}]+[）)]"), 2),
    (re.compile(r"^\d{1,2}[.．](?!\d)"), 3),
    (re.compile(r"^[（(]\d{1,2}[）)]"), 4),
)
SENTENCE_END = "。；！？;!?"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass
class Block:
    kind: str  # heading | paragraph | table
    text: str = ""
    level: int | None = None
    rows: list = field(default_factory=list)
    marked: bool = False  # a Markdown heading (#), as opposed to one found by its numbering


@dataclass
class Parsed:
    title: str | None
    blocks: list
    format: str

    @property
    def counts(self):
        out = {"heading": 0, "paragraph": 0, "table": 0}
        for block in self.blocks:
            out[block.kind] += 1
        return out


def tidy(text):
    """Collapse runs of spaces and line breaks; drop spaces between Chinese characters (Word
    documents pasted from PDFs are full of them) but keep them in Latin text."""
    text = (text or "").replace("\u00a0", " ").replace("\t", " ")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) "
                  r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])", "", text)


def numbered_heading_level(text):
    """The level a hand-numbered short line implies (一、 → 1, （一） → 2 ...), else None."""
    if len(text) > MAX_HEADING_CHARS or text[-1:] in SENTENCE_END or "。" in text:
        return None
    for pattern, level in NUMBERED_HEADINGS:
        if pattern.match(text):
            return level
    return None


def _finish(title, blocks, fmt):
    if not any(b.kind != "heading" for b in blocks):
        raise Invalid(_l("file: no paragraphs were found in the document"), field="file")
    return Parsed(title=title, blocks=blocks, format=fmt)


# --- Word -----------------------------------------------------------------------------------

def _style_heading_level(paragraph):
    """Heading N / 标题 N styles, or an outline level set on the paragraph or its style."""
    style = paragraph.style
    names = []
    while style is not None:
        names.append(f"{style.name or ''} {style.style_id or ''}".lower())
        style = style.base_style
    for name in names:
        match = re.search(r"(?:heading|标题)\s*(\d)", name)
        if match:
            return max(1, min(4, int(match.group(1))))
    outline = paragraph._p.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/"
                                "main}outlineLvl")
    if outline is not None:
        value = outline.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
        if value is not None and value.isdigit() and int(value) < 9:
            return min(4, int(value) + 1)
    return None


def _is_title(paragraph):
    names = []
    style = paragraph.style
    while style is not None:
        names.append((style.name or "").lower())
        style = style.base_style
    return any(n in ("title", "标题") for n in names)


NOT_DOCX = _l("file: not a Word (.docx) document; save the report as .docx or Markdown and "
              "try again")


def _too_many_paragraphs(most):
    return Invalid(_l("file: a report may have at most %(n)s paragraphs; this file has more",
                      n=most), field="file")


def check_docx(data):
    """Refuse, before python-docx reads a byte of XML, a file that expands too far or holds
    more paragraphs than a report can have (counted by their tags, streamed)."""
    archive = open_office_file(data, NOT_DOCX)
    most = limit("REPORT_MAX_PARAGRAPHS")
    if count_tags(archive, part_names(archive, "word/"), DOCX_PARAGRAPH, most) > most:
        raise _too_many_paragraphs(most)


def parse_docx(data):
    """Blocks of a .docx file in document order; a clear 422 when the file is not one."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise Invalid(_l("file: this is an old Word (.doc) file; open it in Word or WPS and "
                         "save it as .docx"), field="file")
    check_docx(data)
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise Invalid(NOT_DOCX, field="file") from error
    except Exception as error:  # lxml and zip errors on damaged files
        raise Invalid(_l("file: the Word document is damaged and cannot be read"),
                      field="file") from error
    title, blocks = None, []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [[tidy(cell.text) for cell in row.cells] for row in item.rows]
            rows = [_dedupe_merged(row) for row in rows if any(row)]
            if rows:
                blocks.append(Block("table", rows=rows))
            continue
        text = tidy(item.text)
        if not text:
            continue
        if title is None and not blocks and _is_title(item):
            title = text
            continue
        level = _style_heading_level(item) or numbered_heading_level(text)
        blocks.append(Block("heading", text, level=level) if level else Block("paragraph", text))
    return _finish(title, blocks, "docx")


def _dedupe_merged(row):
    """python-docx repeats a horizontally merged cell once per grid column; keep it once."""
    out = []
    for cell in row:
        if not out or cell != out[-1] or not cell:
            out.append(cell)
    return out


# --- Markdown -------------------------------------------------------------------------------

def _inline_text(token):
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    text = "".join(parts)
    # a line break inside a Chinese paragraph is not a space
    text = re.sub(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\n"
                  r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])", "", text)
    return tidy(text)


def parse_markdown(data):
    from markdown_it import MarkdownIt

    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(_l("file: a Markdown file must be UTF-8 text"), field="file") from None
    if "\x00" in source:
        raise Invalid(_l("file: this is not a text file"), field="file")
    # counted cheaply as non-empty lines, which are at least as many as the paragraphs: a
    # report of more lines than the limit is far past any real one, and parsing millions of
    # them would take seconds and memory
    most = limit("REPORT_MAX_PARAGRAPHS")
    if sum(1 for line in source.splitlines() if line.strip()) > most:
        raise _too_many_paragraphs(most)
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    title, blocks = None, []
    heading_level, table, row, in_list = None, None, None, 0
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            in_list += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
        elif kind == "table_open":
            table = []
        elif kind == "table_close":
            if table:
                blocks.append(Block("table", rows=table))
            table = None
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and table is not None:
            table.append(row)
        elif kind == "inline":
            text = _inline_text(token)
            if not text:
                continue
            if table is not None:
                row.append(text)
            elif heading_level:
                blocks.append(Block("heading", text, level=heading_level, marked=True))
            else:
                level = None if in_list else numbered_heading_level(text)
                blocks.append(Block("heading", text, level=level) if level
                              else Block("paragraph", text))
    # One leading "# title" is the report's title; the remaining levels close up from 1.
    if blocks and blocks[0].marked and blocks[0].level == 1 and not any(
            b.marked and b.level == 1 for b in blocks[1:]) and len(blocks) > 1:
        title = blocks.pop(0).text
    raw = [b.level for b in blocks if b.marked]
    if raw:
        shift = min(raw) - 1
        for block in blocks:
            if block.marked:
                block.level = max(1, min(4, block.level - shift))
    return _finish(title, blocks, "markdown")


# --- either ---------------------------------------------------------------------------------

def parse_upload(filename, data):
    """Pick the reader by the file's name, and check the content agrees."""
    name = (filename or "").lower()
    if not data:
        raise Invalid(_l("file: the file is empty"), field="file")
    if name.endswith(".docx") or name.endswith(".doc"):
        return parse_docx(data)
    if name.endswith((".md", ".markdown", ".txt")):
        if data[:2] == b"PK":
            raise Invalid(_l("file: this looks like a Word file, not Markdown; name it .docx"),
                          field="file")
        return parse_markdown(data)
    raise Invalid(_l("file: choose a Word (.docx) or Markdown (.md) file"), field="file")
