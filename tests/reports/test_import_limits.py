"""A report file is checked before it is parsed: a .docx whose parts expand past the limit,
or whose document holds more paragraphs than the limit (counted by their tags while the XML
streams by), is refused before python-docx opens it; so is a Markdown file of more lines.
The page shows the message beside the upload field (422); a normal report still imports."""
import io
import zipfile

import docx
import pytest
from sqlalchemy import func, select

from congress.core.errors import Invalid
from congress.extensions import db
from congress.reports.importing import parse_upload
from congress.reports.models import Report
from tests.helpers import login, post_form
from tests.reports.conftest import WORK_REPORT, make_docx

PARAGRAPH = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"


def docx_with_body(body, *, extra=None):
    """A real .docx (python-docx's template) with word/document.xml's body replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx(("p", "正文")))) as good, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as made:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "word/document.xml":
                head, _, rest = data.partition(b"<w:body>")
                data = head + b"<w:body>" + body + b"</w:body></w:document>"
            made.writestr(item, data)
        if extra:
            made.writestr(*extra)
    return out.getvalue()


@pytest.fixture
def python_docx_calls(monkeypatch):
    """Every time a file reaches python-docx (its own Document() still does the work); a
    Document() without a file is the test making one."""
    calls = []
    real = docx.Document

    def spy(*args, **kwargs):
        if args or kwargs:
            calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(docx, "Document", spy)
    return calls


def _refusal(app, filename, data):
    with app.test_request_context():
        with pytest.raises(Invalid) as refused:
            parse_upload(filename, data)
        assert refused.value.field == "file"
        return str(refused.value.message)  # in the request's language: Chinese


def test_four_hundred_thousand_paragraphs_never_reach_python_docx(app, python_docx_calls):
    data = docx_with_body(PARAGRAPH * 400_000)
    assert len(data) < 200 * 1024
    message = _refusal(app, "bomb.docx", data)
    # refused by the compression check or by the paragraph count, both before parsing
    assert "压缩比超过 100 倍" in message or "报告最多 20000 段" in message
    assert python_docx_calls == []


def test_paragraphs_are_counted_before_parsing(app, python_docx_calls, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_MAX_PARAGRAPHS", 100)
    many = make_docx(*[("p", f"第{n}段正文，内容各不相同。") for n in range(150)])
    assert "报告最多 100 段" in _refusal(app, "many.docx", many)
    assert python_docx_calls == []
    markdown = "\n\n".join(f"第{n}段。" for n in range(150)).encode()
    assert "报告最多 100 段" in _refusal(app, "many.md", markdown)


def test_a_part_that_expands_too_far_is_refused(app, python_docx_calls):
    data = docx_with_body(PARAGRAPH, extra=("word/media/image1.png", b"\0" * (48 << 20)))
    assert "打开后将占用 48.8 MB，最多接受 20.0 MB" in _refusal(app, "bomb.docx", data)
    assert python_docx_calls == []


def test_the_page_shows_the_refusal_beside_the_field_and_a_normal_report_imports(
        app, client, hall, python_docx_calls):
    login(client, hall.secretariat)
    url = f"/meetings/{hall.mid}/reports"
    bomb = docx_with_body(PARAGRAPH, extra=("word/media/image1.png", b"\0" * (48 << 20)))
    r = post_form(client, url, {"kind": "party_committee", "title": "报告",
                                "file": (io.BytesIO(bomb), "bomb.docx")})
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "打开后将占用" in page and 'class="error"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Report.id))) == 0
    r = post_form(client, url, {"kind": "party_committee", "title": "市委工作报告",
                                "file": (io.BytesIO(make_docx(*WORK_REPORT)), "report.docx")})
    assert r.status_code == 302 and python_docx_calls == [1]
    with app.app_context():
        assert db.session.scalar(select(func.count(Report.id))) == 1
