"""Issue 18 point 14: the played meeting's records say what happened (review comments and
their digest, check-in on the meeting's first morning) and print as a person would lay them out
(a title never breaks inside 2026年年会, a result table stays with its heading)."""
import datetime
import re

import pytest
from sqlalchemy import func, select

from congress.extensions import db
from tests import pdftools
from tests.helpers import login

TITLE = "中国共产党合肥市第十二次代表大会2026年年会"


@pytest.fixture
def played(app, client, make):
    from congress.debriefs.services import create_debrief
    from congress.meetings.models import Meeting
    from congress.records.demo import play_meeting
    from congress.reports.demo import seed_reports

    mid = make.meeting(title=TITLE, venue="市政务中心", starts_on=datetime.date(2026, 12, 28),
                       ends_on=datetime.date(2026, 12, 29))
    for delegation in ("瑶海区代表团", "庐阳区代表团"):
        make.delegates(mid, 6, delegation=delegation, is_grassroots=True)
    with app.app_context():
        meeting = db.session.get(Meeting, mid)
        for n in range(3):
            create_debrief(None, meeting, reporter_name=f"书记{n}", reporter_title="区委书记",
                           questioner_ids=[])
        seed_reports(meeting)
        db.session.commit()
        play_meeting(meeting, seed=3, on_leave=1, absent=1)
    login(client, make.user("secretariat"))
    return mid, client


def _pdf(client, mid, name):
    r = client.get(f"/meetings/{mid}/records/files/{name}")
    assert r.status_code == 200, r.get_data(as_text=True)[:200]
    return r.data


def test_the_played_meeting_writes_review_comments_and_compiles_the_digest(app, played):
    from congress.reports.models import DigestItem, ReviewComment

    mid, client = played
    with app.app_context():
        comments = db.session.scalar(select(func.count(ReviewComment.id))
                                     .where(ReviewComment.meeting_id == mid))
        items = db.session.scalar(select(func.count(DigestItem.id)))
    assert comments == 2 * 2 * 2  # two commenters of each delegation on each of two reports
    assert items == comments
    digest = pdftools.text(_pdf(client, mid, "review-digest.pdf")).replace(" ", "")
    assert "尚未汇总审议意见" not in digest
    assert digest.count("1条意见") == comments
    minutes = pdftools.text(_pdf(client, mid, "minutes.pdf")).replace(" ", "").replace("\n", "")
    assert minutes.count("各代表团共提出审议意见4条") == 2
    assert "审议意见0条" not in minutes


def test_check_in_times_fall_on_the_meetings_first_morning(app, played):
    from zoneinfo import ZoneInfo

    from congress.meetings.models import Attendance, AttendanceStatus

    mid, _client = played
    with app.app_context():
        zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
        times = db.session.scalars(select(Attendance.at).where(
            Attendance.meeting_id == mid,
            Attendance.status == AttendanceStatus.present)).all()
    assert len(times) == 12 - 2
    local = [t.astimezone(zone) for t in times]
    assert {t.date() for t in local} == {datetime.date(2026, 12, 28)}
    assert all(datetime.time(7, 30) <= t.time() < datetime.time(8, 30) for t in local)


def test_a_title_breaks_before_the_year_never_inside_it(app, played):
    mid, client = played
    for name in ("attendance.pdf", "minutes.pdf"):
        lines = [line.strip() for line in pdftools.text(_pdf(client, mid, name)).splitlines()]
        assert any(line.startswith("2026年年会") for line in lines[:6]), (name, lines[:6])
        assert not any(line.startswith("年会") for line in lines[:6]), (name, lines[:6])


def test_nobr_title_keeps_the_year_phrase_in_one_unit(app):
    from congress.core.pdf import nobr_title

    assert str(nobr_title("市第十二次代表大会2026年年会")) == (
        '市第十二次代表大会<span class="nobr">2026年年会</span>')
    assert str(nobr_title("<b>测试</b>")) == "&lt;b&gt;测试&lt;/b&gt;"


def test_a_rating_table_is_on_the_page_of_its_heading(app, played):
    mid, client = played
    pages = pdftools._run("pdftotext", "-layout", data=_pdf(client, mid, "minutes.pdf"),
                          tail=("-",)).split("\f")
    tables = [p for p in pages if "好评率" in p]
    assert tables
    for page in tables:
        # every result header on the page follows its heading and summary on the same page
        for header in re.finditer("好评率", page):
            before = page[:header.start()]
            assert "测评" in before and "收回选票" in before.replace(" ", ""), page[:300]


def test_printed_paragraphs_are_not_justified(app):
    with app.app_context():
        from flask import render_template
        css = render_template("records/_print.css")
    assert "text-align: justify" not in css
    assert "break-after: avoid" in css and ".result-block" in css
