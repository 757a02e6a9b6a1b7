"""The digest (审议意见汇总): compiled by report and paragraph, merged by hand with counts
kept, reworded, printed as a PDF with embedded fonts."""
from sqlalchemy import func, select

from congress.core.audit import AuditEntry
from congress.extensions import db
from congress.reports.models import DigestItem, DigestSource
from tests import pdftools
from tests.helpers import login, post_form
from tests.reports.conftest import comment, import_report, make_docx


def _items(app):
    with app.app_context():
        return {i.text: (i.id, i.count, i.block.number if i.block else None)
                for i in db.session.scalars(select(DigestItem))}


def _compile(client, hall):
    return post_form(client, f"/meetings/{hall.mid}/digest/compile",
                     page=f"/meetings/{hall.mid}/digest")


def _seed(app, client, hall):
    rid = import_report(app, hall)
    jw = import_report(app, hall, data=make_docx(("p", "市纪委监委坚持严的基调。")),
                       title="市纪委工作报告", kind="discipline")
    comment(client, hall, hall.yaohai[0], rid, "建议加大研发投入。", number=2)
    comment(client, hall, hall.yaohai[1], rid, "研发投入还要再加大。", number=2)
    comment(client, hall, hall.luyang[0], rid, "建议增加科技投入。", number=2)
    comment(client, hall, hall.luyang[1], rid, "报告实事求是，完全赞成。")
    comment(client, hall, hall.yaohai[2], jw, "建议加强基层监督。", number=1)
    return rid, jw


def test_compile_merge_edit_split(app, client, hall):
    _seed(app, client, hall)
    login(client, hall.secretariat)
    client.get("/locale/en")
    assert "Compile new comments (5)" in client.get(
        f"/meetings/{hall.mid}/digest").get_data(as_text=True)
    _compile(client, hall)
    items = _items(app)
    assert {t: (c, n) for t, (_id, c, n) in items.items()} == {
        "建议加大研发投入。": (1, 2), "研发投入还要再加大。": (1, 2), "建议增加科技投入。": (1, 2),
        "报告实事求是，完全赞成。": (1, None), "建议加强基层监督。": (1, 1)}
    # compiling again adds nothing: every comment is in
    _compile(client, hall)
    assert len(_items(app)) == 5
    # merge three near-duplicates: the count is kept
    ids = [items[t][0]
           for t in ("建议加大研发投入。", "研发投入还要再加大。", "建议增加科技投入。")]
    r = post_form(client, f"/meetings/{hall.mid}/digest/merge", {"items": ids},
                  page=f"/meetings/{hall.mid}/digest")
    assert r.status_code == 302
    merged = _items(app)
    assert merged["建议加大研发投入。"][1] == 3 and len(merged) == 3
    # edit the wording
    target = merged["建议加大研发投入。"][0]
    r = post_form(client, f"/digest/{target}/edit",
                  {"text": "建议进一步加大研发投入（3位代表提出）。"})
    assert r.status_code == 302
    page = client.get(f"/meetings/{hall.mid}/digest").get_data(as_text=True)
    assert "建议进一步加大研发投入（3位代表提出）。" in page and "3 comments" in page
    assert "瑶海区代表团、庐阳区代表团" in page
    # a merge across reports is refused with a message, nothing changes
    jw_item = merged["建议加强基层监督。"][0]
    r = post_form(client, f"/meetings/{hall.mid}/digest/merge", {"items": [target, jw_item]},
                  page=f"/meetings/{hall.mid}/digest")
    assert "only entries on the same report" in client.get(r.location).get_data(as_text=True)
    assert len(_items(app)) == 3
    # split undoes the merge
    post_form(client, f"/digest/{target}/split", page=f"/meetings/{hall.mid}/digest")
    after = _items(app)
    assert len(after) == 5 and after["研发投入还要再加大。"][1] == 1
    assert after["建议进一步加大研发投入（3位代表提出）。"][1] == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DigestSource)) == 5
        actions = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("digest.%")).order_by(AuditEntry.id)).all()
        assert actions == ["digest.compile", "digest.compile", "digest.merge", "digest.edit",
                           "digest.split"]


def test_digest_pdf_lists_reports_paragraphs_counts_with_embedded_fonts(app, client, hall):
    _seed(app, client, hall)
    login(client, hall.secretariat)
    _compile(client, hall)
    items = _items(app)
    post_form(client, f"/meetings/{hall.mid}/digest/merge",
              {"items": [items["建议加大研发投入。"][0], items["研发投入还要再加大。"][0]]},
              page=f"/meetings/{hall.mid}/digest")
    r = client.get(f"/meetings/{hall.mid}/digest.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    pdf = r.data
    assert pdftools.is_a4(pdf)
    fonts = pdftools.fonts(pdf)
    assert fonts and all(embedded for _n, _t, embedded, _s in fonts)
    text = "".join(pdftools.text(pdf).split())  # pdftotext spaces out CJK
    assert "审议意见汇总" in text
    assert "一、关于《市委工作报告》" in text and "二、关于《市纪委工作报告》" in text
    assert "（一）对报告的总体意见" in text and "第2段" in text
    assert "建议加大研发投入。（2条意见；瑶海区代表团）" in text
    assert "建议增加科技投入。（1条意见；庐阳区代表团）" in text
    assert text.index("对报告的总体意见") < text.index("第2段")


def test_deleting_a_comment_drops_it_from_the_digest(app, client, hall):
    rid = import_report(app, hall)
    only = comment(client, hall, hall.yaohai[0], rid, "将被删除的意见")
    kept = comment(client, hall, hall.yaohai[1], rid, "保留的意见")
    login(client, hall.secretariat)
    _compile(client, hall)
    items = _items(app)
    post_form(client, f"/meetings/{hall.mid}/digest/merge",
              {"items": [items["保留的意见"][0], items["将被删除的意见"][0]]},
              page=f"/meetings/{hall.mid}/digest")
    assert client.delete(f"/api/v1/comments/{only['id']}",
                         headers=hall.headers(hall.yaohai[0])).status_code == 204
    assert {t: c for t, (_i, c, _n) in _items(app).items()} == {"保留的意见": 1}
    client.delete(f"/api/v1/comments/{kept['id']}", headers=hall.headers(hall.yaohai[1]))
    assert _items(app) == {}


def test_only_the_secretariat_compiles(app, client, hall):
    import_report(app, hall)
    for account in (hall.chair, hall.yaohai[0]):
        login(client, account)
        assert client.get(f"/meetings/{hall.mid}/digest").status_code == 403
        assert client.get(f"/meetings/{hall.mid}/digest.pdf").status_code == 403
