"""The Chinese interface is Chinese throughout: every page of the played demo (every GET route,
walked as every role, error pages included), and every PDF and XLSX the secretariat gets, shows
no run of two English words and no ASCII sentence punctuation beside Chinese text. Visible text
only: tags, scripts, styles and attribute values are stripped; a short allow-list covers what
stays Latin on purpose."""
import re

import lxml.etree
import lxml.html
from sqlalchemy import select

from congress.extensions import db
from tests.core.test_get_changes_nothing import ROLES, _build_world, _urls
from tests.helpers import login

# Elements that start a line of their own when rendered; any other tag (a, span, strong, code,
# time, label...) runs on inside the text around it, so "<strong>应到</strong>: 12" is one text
BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "img", "input", "legend",
    "li", "main", "menu", "meter", "nav", "ol", "optgroup", "option", "p", "pre", "progress",
    "section", "select", "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead",
    "title", "tr", "ul"))
HIDDEN = ("script", "style", "template", "noscript")
# What stays Latin: file kinds, the PIN, QR codes, the app's own name for the projector key
ALLOWED = re.compile(r"\b(PIN|PDF|XLSX|DOCX|CSV|QR|ZIP|SSE|OpenSlides|HTTP|URL|API)\b")
TWO_WORDS = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")
CJK = "\u3400-\u9fff\uff00-\uffef\u3000-\u303f"
ASCII_PUNCTUATION = re.compile(rf"[{CJK}]\s?[:;,.!?()]|[:;,!?()]\s?[{CJK}]")
# Files, API answers and images are not pages
NOT_PAGES = ("api.", "static")


FILE_NAMES = re.compile(r"\S*\.(xlsx|csv|docx|md|pdf|zip)\b", re.I)


def rendered_text(page):
    """The text of the parsed page as a browser lays it out: a line per block, inline tags
    joined into the text around them; scripts, styles, comments and attributes left out."""
    root = lxml.html.document_fromstring(page)
    for element in list(root.iter(lxml.etree.Comment, *HIDDEN)):
        element.drop_tree()
    for element in root.iter(*BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def visible_text(page, latin_names):
    text = FILE_NAMES.sub(" ", rendered_text(page))
    for name in latin_names:
        text = text.replace(name, " ")
    return ALLOWED.sub(" ", text)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_text(response, latin_names):
    """A PDF's text (pdftotext) or an XLSX's sheet titles and cells, one line each."""
    import io
    import subprocess

    if response.mimetype == "application/pdf":
        text = subprocess.run(["pdftotext", "-", "-"], input=response.data,
                              capture_output=True, check=True).stdout.decode()
    else:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.data), read_only=True)
        text = "\n".join([sheet.title for sheet in book.worksheets] + [
            str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
            for value in row if isinstance(value, str)])
    for name in latin_names:
        text = text.replace(name, " ")
    text = re.sub(r"\.{3,}", " ", text)  # a table of contents' leader dots
    return FILE_NAMES.sub(" ", ALLOWED.sub(" ", text))


def saved_as(response):
    """The name a browser saves a download as: RFC 5987's filename* (UTF-8) when there, the
    plain filename otherwise; the plain one must be ASCII (clients that read only it)."""
    from urllib.parse import unquote

    header = response.headers.get("Content-Disposition", "")
    plain = re.search(r'filename="([^"]*)"', header)
    assert plain and plain.group(1).isascii(), header
    extended = re.search(r"filename\*=UTF-8''([^;\s]+)", header)
    return unquote(extended.group(1)) if extended else plain.group(1)


def offences(text):
    found = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        found += [m.group(0) for m in TWO_WORDS.finditer(line)]
        found += [line[max(0, m.start() - 12):m.end() + 12]
                  for m in ASCII_PUNCTUATION.finditer(line)]
    return found


def _untitled_audit_words():
    from congress.audit.wording import ACTION_TITLES, field_title
    from congress.core.audit import AuditEntry

    missing = set()

    def fields(values):
        if isinstance(values, dict):
            missing.update(key for key in values if field_title(key) == key)
            for value in values.values():
                fields(value)
        elif isinstance(values, list):
            for value in values:
                fields(value)

    for entry in db.session.scalars(select(AuditEntry)):
        if entry.action not in ACTION_TITLES:
            missing.add(entry.action)
        fields(entry.before)
        fields(entry.after)
    return sorted(missing)


def test_every_page_of_the_demo_is_chinese(app):
    from congress.people.models import User
    from tests.conftest import Account

    world = _build_world(app)
    with app.app_context():
        latin_names = sorted({u for u in db.session.scalars(select(User.username))
                              if u.isascii()}, key=len, reverse=True)
        untitled = _untitled_audit_words()
        db.session.rollback()
    # the audit log shows every action of the played demo by its title and every field of its
    # before/after by name, not by code (`user.login`, `reporter_name`)
    assert not untitled, f"audit codes without a title: {untitled}"
    clients = {}
    for role in ROLES:
        client = app.test_client()
        login(client, Account(0, world.usernames[role], world.passwords[role], role))
        clients[role] = client
    clients["anonymous"] = app.test_client()
    found = {}
    pages = files = 0
    for endpoint, url in _urls(app, world):
        if endpoint.startswith(NOT_PAGES):
            continue
        for role, client in clients.items():
            response = client.get(url, headers={"Accept-Language": "zh-CN"})
            if response.status_code == 200 and role == "secretariat" and response.mimetype in (
                    "application/pdf", XLSX):
                files += 1
                name = saved_as(response)
                if not re.search(rf"[{CJK}]", name):
                    found.setdefault(f"file name {name}", set()).add(f"{role} {url}")
                for offence in offences(_file_text(response, latin_names)):
                    found.setdefault(offence, set()).add(f"{role} {url}")
            if response.mimetype != "text/html" or 300 <= response.status_code < 400:
                response.close()
                continue
            pages += 1
            for offence in offences(visible_text(response.get_data(as_text=True), latin_names)):
                found.setdefault(offence, set()).add(f"{role} {url}")
    assert pages > 300 and files >= 2  # the walk is not vacuous
    report = "\n".join(f"{offence!r}: {sorted(where)[:3]}"
                       for offence, where in sorted(found.items()))
    assert not found, f"{len(found)} English or ASCII-punctuated texts:\n{report}"


def test_the_checker_finds_what_it_should():
    assert offences(visible_text("<p>Not checked in</p>", []))
    assert offences(visible_text("<p>您的回执码: 12</p>", []))
    assert offences(visible_text("<p>人数(应到)</p>", []))
    # split from the Chinese by a tag, still beside it on the screen
    assert offences(visible_text("<p><strong>应到</strong>: 12</p>", []))
    assert offences(visible_text("<p>见<a href='#'>附件</a>.</p>", []))
    assert offences(visible_text("<li>共 <span>3</span> 人(<em>含</em>列席)</li>", []))
    assert not offences(visible_text("<table><tr><td>应到</td><td>(1)</td></tr></table>", []))
    assert not offences(visible_text("<p>&#24212;&#21040;：12</p><!-- a: b -->", []))
    assert not offences(visible_text(
        '<p title="Not checked in">未签到</p><script>var a = "b c";</script>', []))
    assert not offences(visible_text("<p>PIN PDF：2026-03-01 09:30，50.0%</p>", []))
