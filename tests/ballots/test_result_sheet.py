"""The result sheet (测评结果统计表): a real PDF, A4, CJK fonts embedded, the right numbers."""
from tests import pdftools
from tests.ballots.conftest import close_ballot, new_ballot, open_ballot, vote


def test_result_sheet_reads_right(client, room):
    ballot = open_ballot(client, room, new_ballot(
        client, room, subjects=("瑶海区委书记王建国", "庐阳区委书记李红")))
    (s1, s2) = [s["id"] for s in ballot["subjects"]]
    good, fair = ballot["options"][0]["id"], ballot["options"][1]["id"]
    for delegate, choices in zip(room.delegates, ({s1: good, s2: fair}, {s1: good, s2: good},
                                                  {s1: fair}, {}), strict=False):
        vote(client, room, delegate, ballot, choices)
    closed = close_ballot(client, room, ballot)
    r = client.get(f"/api/v1/ballots/{ballot['id']}/results.pdf",
                   headers=room.headers(room.delegates[0]))
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    data = r.data
    assert data.startswith(b"%PDF") and pdftools.is_a4(data)
    fonts = pdftools.fonts(data)
    assert fonts and all(embedded and subset for _n, _t, embedded, subset in fonts)
    assert any("CJK" in name or "UKai" in name for name, *_ in fonts)
    text = pdftools.text(data)
    for expected in ("测评结果", "瑶海区委书记王建国", "庐阳区委书记李红", "计票人", "监票人",
                     closed["receipts_digest"][:32], "93.33", "90.00"):
        assert expected in text, expected
    # 应到 5, 实到 4, cast 4, blank 1 in the summary row
    assert " 5 " in text and " 4 " in text
    assert pdftools.page_ink(data) > 0.01


def test_motion_sheet_says_passed(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room, kind="motion",
                                                  subjects=("关于市委工作报告的决议",)))
    subject, yes = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    for delegate in room.delegates[:3]:
        vote(client, room, delegate, ballot, {subject: yes})
    close_ballot(client, room, ballot)
    data = client.get(f"/api/v1/ballots/{ballot['id']}/results.pdf",
                      headers=room.headers(room.chair)).data
    text = pdftools.text(data)
    assert "表决结果" in text and "通过" in text and "关于市委工作报告的决议" in text


def _header_cells(html):
    import re
    table = html[html.index('<table class="table results numbers">'):]
    head = table[:table.index("</thead>")]
    cells = re.findall(r"<th[^>]*>(.*?)</th>", head)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_motion_results_have_one_abstain_column_and_no_rate(client, room):
    from tests.helpers import login
    ballot = open_ballot(client, room, new_ballot(client, room, kind="motion",
                                                  subjects=("关于市委工作报告的决议",)))
    subject = ballot["subjects"][0]["id"]
    yes, no, abstain = (o["id"] for o in ballot["options"])
    for delegate, choice in zip(room.delegates, (yes, yes, no, abstain), strict=False):
        vote(client, room, delegate, ballot, {subject: choice})
    close_ballot(client, room, ballot)
    text = pdftools.text(client.get(f"/api/v1/ballots/{ballot['id']}/results.pdf",
                                    headers=room.headers(room.chair)).data)
    assert text.count("弃权") == 1 and "好评率" not in text and "未投票" not in text
    login(client, room.chair)
    html = client.get(f"/ballots/{ballot['id']}").get_data(as_text=True)
    assert _header_cells(html) [1:] == ["赞成", "反对", "弃权", "结果"]


def test_motion_shows_not_voted_when_a_paper_leaves_it_unmarked(client, room):
    ballot = open_ballot(client, room, new_ballot(client, room, kind="motion",
                                                  subjects=("决议一", "决议二")))
    s1, s2 = (s["id"] for s in ballot["subjects"])
    yes = ballot["options"][0]["id"]
    vote(client, room, room.delegates[0], ballot, {s1: yes, s2: yes})
    vote(client, room, room.delegates[1], ballot, {s1: yes})
    close_ballot(client, room, ballot)
    text = pdftools.text(client.get(f"/api/v1/ballots/{ballot['id']}/results.pdf",
                                    headers=room.headers(room.chair)).data)
    assert text.count("弃权") == 1 and "未投票" in text and "好评率" not in text


def test_rating_results_keep_abstain_and_favourable_rate(client, room):
    from tests.helpers import login
    ballot = open_ballot(client, room, new_ballot(client, room, subjects=("瑶海区委书记",)))
    vote(client, room, room.delegates[0], ballot,
         {ballot["subjects"][0]["id"]: ballot["options"][0]["id"]})
    close_ballot(client, room, ballot)
    login(client, room.chair)
    html = client.get(f"/ballots/{ballot['id']}").get_data(as_text=True)
    cells = _header_cells(html)
    assert cells.count("弃权") == 1 and "好评率" in cells and "未投票" not in cells


def test_the_minutes_print_a_motion_as_for_against_abstain(client, room):
    from congress.extensions import db
    from congress.meetings.models import Meeting
    from congress.records import services as records
    ballot = open_ballot(client, room, new_ballot(client, room, kind="motion",
                                                  subjects=("关于财政预算的决议",)))
    subject = ballot["subjects"][0]["id"]
    for delegate, option in zip(room.delegates, ballot["options"], strict=False):
        vote(client, room, delegate, ballot, {subject: option["id"]})
    close_ballot(client, room, ballot)
    with client.application.test_request_context():
        meeting = db.session.get(Meeting, room.mid)
        content, digest, _, _ = records.minutes_state(meeting)
        text = pdftools.text(records.render_minutes(meeting, content, digest))
    row = text.index("关于财政预算的决议")
    table = text[text.rindex("对象", 0, row):row + 60]
    assert "赞成" in table and "反对" in table and "未通过" in table
    assert table.count("弃权") == 1 and "好评率" not in table and "未投票" not in table
