"""The minutes: drawn from the meeting's records, GB/T 9704 layout, frozen versions."""
import threading

import pytest
from sqlalchemy import event

from congress.extensions import db
from congress.meetings.models import Meeting
from congress.records import services
from congress.records.minutes import content_hash, header_of, minutes_content
from tests import pdftools
from tests.helpers import login, post_form
from tests.records.conftest import hold_meeting


def _draft_pdf(app, mid):
    with app.app_context(), app.test_request_context():
        meeting = db.session.get(Meeting, mid)
        content, digest, _, _ = services.minutes_state(meeting)
        return services.render_minutes(meeting, content, digest), content, digest


def test_minutes_say_what_happened(app, held):
    pdf, content, digest = _draft_pdf(app, held.mid)
    assert pdftools.is_a4(pdf)
    fonts = pdftools.fonts(pdf)
    assert fonts and all(embedded for _, _, embedded, _ in fonts)
    assert any("CJK" in name or "UKai" in name for name, *_ in fonts)
    text = pdftools.text(pdf).replace(" ", "")
    assert "合肥市测试年会纪要" in text
    assert "应到代表14名，实到11名" in text
    assert "请假：2名" in text and all(name in text for name in held.names["on_leave"])
    assert "缺席：1名" in text
    assert "大会主席团常务主席" in text and "大会秘书处" in text       # chair, recorder
    assert "市人大常委会有关负责同志" in text                          # attending without vote
    assert "郭志文" in text and "瑶海区委书记" in text
    assert f"代表{held.names['questioner']}" in text                  # the designated questioner
    assert "提出质询" in text                                          # the challenge
    assert "我们已制定专项工作方案" in text                            # the recorded answer
    assert "市委书记点评" in text and "以钉钉子精神抓好问题整改" in text
    scoring = content["debriefs"][0]["ballot"]
    assert scoring["cast"] == 11 and f"收回选票{scoring['cast']}张" in text.replace("，", "")
    score = scoring["subjects"][0]["score"]
    assert f"{score:.2f}" in text
    assert "关于加快老旧小区改造的提案" in text and held.names["lead"] in text
    assert "代表共提出提案1件" in text
    assert "讨论稿" in text and digest in text                        # draft, with its hash
    assert pdftools.page_ink(pdf) > 0.01


def test_red_heading_and_page_numbers_odd_right_even_left(app, held):
    pdf, _, _ = _draft_pdf(app, held.mid)
    numbers = pdftools.footer_numbers(pdf)
    pages = int(pdftools.info(pdf)["Pages"])
    assert pages >= 2 and [n for n, _ in numbers] == list(range(1, pages + 1))
    for number, centre in numbers:
        assert (centre > 0.6) if number % 2 else (centre < 0.4), (number, centre)


def test_finalised_version_does_not_change_with_the_data(app, client, held):
    login(client, held.secretariat)
    r = post_form(client, f"/meetings/{held.mid}/records/minutes/finalise",
                  page=f"/meetings/{held.mid}/records/minutes")
    assert r.status_code == 302
    first = client.get(f"/meetings/{held.mid}/records/minutes/v1.pdf").data
    with app.app_context():
        v1 = services.version_of(db.session.get(Meeting, held.mid), 1)
        assert v1.content_hash in pdftools.text(first).replace(" ", "")
        assert "第1版" in pdftools.text(first).replace(" ", "")

    # the data and the text change afterwards
    from congress.meetings.services import mark_leave, roll_call
    with app.app_context():
        meeting = db.session.get(Meeting, held.mid)
        absent = next(d for d, row in roll_call(meeting) if row is None)
        mark_leave(None, meeting, absent)
        services.add_section(None, meeting, heading="其他事项", body="后来补充的文字",
                             placement="closing")
        db.session.commit()

    again = client.get(f"/meetings/{held.mid}/records/minutes/v1.pdf").data
    assert again == first
    assert "后来补充的文字" not in pdftools.text(again)
    page = client.get(f"/meetings/{held.mid}/records/minutes").get_data(as_text=True)
    assert "定稿为第2版" in page

    post_form(client, f"/meetings/{held.mid}/records/minutes/finalise",
              page=f"/meetings/{held.mid}/records/minutes")
    second = client.get(f"/meetings/{held.mid}/records/minutes/v2.pdf").data
    text = pdftools.text(second).replace(" ", "")
    assert "后来补充的文字" in text and "请假：3名" in text and "第2版" in text
    with app.app_context():
        meeting = db.session.get(Meeting, held.mid)
        v1, v2 = (services.version_of(meeting, n) for n in (1, 2))
        assert v1.content_hash != v2.content_hash
        assert v2.content_hash == content_hash(minutes_content(meeting))


def test_finalising_twice_without_a_change_is_refused(app, held):
    from congress.core.errors import Conflict

    with app.app_context(), app.test_request_context():
        meeting = db.session.get(Meeting, held.mid)
        services.finalise_minutes(None, meeting)
        db.session.commit()
        with pytest.raises(Conflict) as error:
            services.finalise_minutes(None, meeting)
        assert error.value.code == "minutes_unchanged"
        db.session.rollback()
        assert [v.number for v in services.versions_of(meeting)] == [1]


def test_sections_are_edited_with_clear_errors(app, client, held):
    """A section added through the one-form editor (the per-section routes are gone)."""
    login(client, held.secretariat)
    url = f"/meetings/{held.mid}/records/minutes"
    client.get(url)  # shows the two default sections (saved with the first section added)
    r = post_form(client, url, {"new-heading": "", "new-placement": "closing",
                                              "new-body": "正文"}, page=url)
    assert r.status_code == 422 and 'class="error"' in r.get_data(as_text=True)
    r = post_form(client, url, {"new-heading": "会议要求",
                                              "new-placement": "sideways",
                                              "new-body": "正文"}, page=url)
    assert r.status_code == 422
    with app.app_context():
        meeting = db.session.get(Meeting, held.mid)
        from congress.records.minutes import sections_of
        headings = [s.heading for s in sections_of(meeting)]
    assert "会议要求" not in headings
    r = post_form(client, url, {"new-heading": "会议要求", "new-placement": "closing",
                                              "new-body": "请各代表团抓好落实。"}, page=url)
    assert r.status_code == 302
    with app.app_context():
        from congress.core.audit import AuditEntry
        actions = db.session.scalars(db.select(AuditEntry.action).where(
            AuditEntry.meeting_id == held.mid, AuditEntry.action.like("minutes.%"))).all()
    assert "minutes.section_add" in actions
    pdf = client.get(f"{url}/draft.pdf").data
    assert "请各代表团抓好落实。" in pdftools.text(pdf)


@pytest.mark.parametrize("role,status", [("chair", 403), ("delegate", 403), ("observer", 403)])
def test_only_the_secretariat_finalises(app, client, make, held, role, status):
    account = held.delegates[0] if role == "delegate" else (
        held.chair if role == "chair" else make.user("observer"))
    login(client, account)
    r = post_form(client, f"/meetings/{held.mid}/records/minutes/finalise", page="/login")
    assert r.status_code == status
    with app.app_context():
        assert services.versions_of(db.session.get(Meeting, held.mid)) == []


def _count_queries(app, mid):
    statements = []
    with app.app_context():
        meeting = db.session.get(Meeting, mid)
        engine = db.engine

        me = threading.get_ident()

        def count(*_args):
            if threading.get_ident() == me:  # not the live broker's reads in its own thread
                statements.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            minutes_content(meeting)
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_delegates(app, make):
    small = hold_meeting(app, make, delegates_per_delegation=7)
    large = hold_meeting(app, make, delegates_per_delegation=21)
    assert _count_queries(app, small.mid) == _count_queries(app, large.mid)


def test_the_editor_shows_each_section_where_it_stands(client, held):
    login(client, held.secretariat)
    page = client.get(f"/meetings/{held.mid}/records/minutes").get_data(as_text=True)
    closing = page[page.index("会议决定事项"):]
    closing = closing[:closing.index("</select>")]
    assert 'value="closing" selected' in closing or 'selected value="closing"' in closing


def test_opening_the_editor_saves_nothing_and_a_default_section_is_saved_by_the_save(
        app, client, make):
    from congress.core.audit import AuditEntry
    from congress.records.models import MinutesSection
    from congress.records.services import data_version

    mid = make.meeting()
    make.delegates(mid, 3)

    def state():
        with app.app_context():
            meeting = db.session.get(Meeting, mid)
            return (db.session.scalars(db.select(MinutesSection.heading)
                                       .order_by(MinutesSection.position)).all(),
                    data_version(meeting),
                    content_hash(minutes_content(meeting)))

    login(client, make.user("secretariat"))
    url = f"/meetings/{mid}/records/minutes"
    before = state()
    page = client.get(url).get_data(as_text=True)
    assert state() == before and before[0] == []  # shown, not saved
    assert 'id="minutes-editor"' in page and "会议概况" in page and "会议决定事项" in page
    r = post_form(client, url, {"d0-heading": "会议概况", "d0-placement": "opening",
                                "d0-body": "会议开得隆重热烈。"}, page=url)
    assert r.status_code == 302 and r.location.endswith(url)
    headings, version, digest = state()
    assert headings == ["会议概况", "会议决定事项"] and version > before[1]
    with app.app_context():
        body = db.session.scalar(db.select(MinutesSection.body).where(
            MinutesSection.heading == "会议概况"))
        actions = db.session.scalars(db.select(AuditEntry.action).where(
            AuditEntry.action.like("minutes.section%"))).all()
    assert body == "会议开得隆重热烈。"
    assert sorted(actions) == ["minutes.section_add", "minutes.section_add",
                               "minutes.section_update"]


def test_a_change_committed_while_the_pdf_renders_is_not_finalised(app, client, held,
                                                                   monkeypatch):
    """Rendering runs before the write lock is taken, so another request can commit in the
    meantime; the finalising then sees the content changed and saves nothing (409)."""
    from congress.core import pdf

    real, changed = pdf.HTML.write_pdf, []

    def change_then_render(self, *args, **kwargs):
        if not changed:  # another request commits while this one renders
            changed.append(1)
            with app.app_context():
                services.add_section(None, db.session.get(Meeting, held.mid), heading="插入",
                                     body="渲染时加入的文字", placement="closing")
                db.session.commit()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pdf.HTML, "write_pdf", change_then_render)
    login(client, held.secretariat)
    url = f"/meetings/{held.mid}/records/minutes"
    r = post_form(client, f"{url}/finalise", page=url)
    assert r.status_code == 302 and changed == [1]
    assert "定稿过程中纪要内容发生了变化" in client.get(url).get_data(as_text=True)
    with app.app_context():
        assert services.versions_of(db.session.get(Meeting, held.mid)) == []
    r = post_form(client, f"{url}/finalise", page=url)  # again: now it is finalised
    with app.app_context():
        (version,) = services.versions_of(db.session.get(Meeting, held.mid))
        assert "渲染时加入的文字" in str(version.content)


def test_one_save_keeps_the_header_and_every_section(app, client, make):
    """Issue 18 point 8: the header and the sections are one form: a change of the header is
    saved with the section's; an invalid field shows everything again as typed."""
    from congress.core.audit import AuditEntry
    from congress.records.models import MinutesSection

    mid = make.meeting()
    login(client, make.user("secretariat"))
    url = f"/meetings/{mid}/records/minutes"
    client.get(url)
    everything = {"chair": "张主任", "recorder": "李秘书", "non_voting": "列席甲\n列席乙",
                  "d0-heading": "会议概况", "d0-placement": "opening", "d0-body": "会议隆重热烈。",
                  "d1-heading": "会议决定事项", "d1-placement": "closing", "d1-body": "",
                  "new-heading": "", "new-placement": "closing", "new-body": ""}
    r = post_form(client, url, dict(everything, **{"new-body": "没有标题的段落"}), page=url)
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "张主任" in page and "会议隆重热烈。" in page
    with app.app_context():
        assert db.session.scalars(db.select(MinutesSection)).all() == []
        assert header_of(db.session.get(Meeting, mid)).chair in (None, "")

    r = post_form(client, url, everything, page=url)
    assert r.status_code == 302
    with app.app_context():
        meeting = db.session.get(Meeting, mid)
        assert header_of(meeting).chair == "张主任"
        assert header_of(meeting).non_voting == "列席甲\n列席乙"
        sections = {s.heading: s for s in db.session.scalars(db.select(MinutesSection))}
        assert sections["会议概况"].body == "会议隆重热烈。"
        summary_id = sections["会议概况"].id
        decisions_id = sections["会议决定事项"].id
        actions = sorted(db.session.scalars(db.select(AuditEntry.action).where(
            AuditEntry.action.like("minutes.%"))).all())
    assert actions == ["minutes.header", "minutes.section_add", "minutes.section_add",
                       "minutes.section_update"]

    # a section and the header edited together, one section removed, one added: all kept
    r = post_form(client, url, {
        "chair": "王主任", "recorder": "李秘书", "non_voting": "列席甲\n列席乙",
        f"s{summary_id}-heading": "会议概况", f"s{summary_id}-placement": "opening",
        f"s{summary_id}-body": "改过的概况。",
        f"s{decisions_id}-heading": "会议决定事项", f"s{decisions_id}-placement": "closing",
        f"s{decisions_id}-body": "", f"s{decisions_id}-remove": "y",
        "new-heading": "会议要求", "new-placement": "closing", "new-body": "抓好落实。"}, page=url)
    assert r.status_code == 302
    with app.app_context():
        meeting = db.session.get(Meeting, mid)
        assert header_of(meeting).chair == "王主任"
        bodies = {s.heading: s.body for s in db.session.scalars(db.select(MinutesSection))}
    assert bodies == {"会议概况": "改过的概况。", "会议要求": "抓好落实。"}
