"""The delegate's pages: the reader, writing and editing a comment, the end of the session."""
import re

from sqlalchemy import select

from congress.extensions import db
from congress.reports.models import ReviewComment
from tests.helpers import english, login, post_form
from tests.reports.conftest import import_report, paragraph_id
from tests.reports.test_comments import _end_session


def test_reader_shows_version_contents_and_numbered_paragraphs(app, client, hall):
    rid = import_report(app, hall)
    login(client, hall.yaohai[0])
    english(client)
    page = client.get(f"/meetings/{hall.mid}/reports").get_data(as_text=True)
    assert "市委工作报告" in page and "Version 1" in page
    page = client.get(f"/reports/{rid}").get_data(as_text=True)
    assert 'data-testid="version">Version 1<' in page
    assert page.count('class="pno"') == 4 and page.count('<li class="toc-l') == 3
    assert "Write a review comment" in page and 'value="">The whole report<' in page


def test_write_and_edit_a_comment_through_the_pages(app, client, hall):
    rid = import_report(app, hall)
    login(client, hall.yaohai[0])
    english(client)
    block = paragraph_id(client, hall, rid, 2)
    r = post_form(client, f"/reports/{rid}/comments", {"block_id": str(block), "text": ""},
                  page=f"/reports/{rid}")
    assert r.status_code == 422 and "This field is required" in r.get_data(as_text=True)
    r = post_form(client, f"/reports/{rid}/comments",
                  {"block_id": str(block), "text": "建议补充具体措施。"}, page=f"/reports/{rid}")
    assert r.status_code == 302 and re.search(r"/reports/\d+/v1#c\d+$", r.location)
    with app.app_context():
        cid = db.session.scalar(select(ReviewComment.id))
    r = post_form(client, f"/comments/{cid}/edit", {"text": "建议补充具体措施和时间表。"})
    assert r.status_code == 302
    page = client.get(f"/reports/{rid}").get_data(as_text=True)
    assert "建议补充具体措施和时间表。" in page and "Paragraph 2" in page
    # after the group session ends: no editing, no new comments, a clear message
    _end_session(app, hall, "瑶海区代表团")
    page = client.get(f"/reports/{rid}").get_data(as_text=True)
    assert "session has ended" in page and 'class="comment-form"' not in page
    r = post_form(client, f"/comments/{cid}/edit", {"text": "再改"}, page=f"/reports/{rid}")
    assert r.status_code == 409 and "session has ended" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ReviewComment.text)) == "建议补充具体措施和时间表。"


def test_a_staff_reader_sees_no_comment_form(app, client, hall):
    rid = import_report(app, hall)
    login(client, hall.chair)
    page = client.get(f"/reports/{rid}").get_data(as_text=True)
    assert 'class="comment-form"' not in page and 'class="pno"' in page


