"""Paper ballots in an election, and the printed papers: the ballot paper (选票), the tally
sheet (计票单), the result sheet with the tablet's and the paper's parts, and the election
result report (选举计票结果报告单). PDFs are read back with pdftotext and pdffonts."""
from tests import pdftools
from tests.ballots.conftest import close_ballot, new_ballot, open_ballot, vote
from tests.ballots.test_paper_ballots import issue, tally

CANDIDATES = ("张强", "王红", "李明")  # stroke order: 王 (4), 李 (7, 横), 张 (7, 折)
OFFICERS = [{"role": "chief_scrutineer", "name": "周总监"},
            {"role": "scrutineer", "name": "吴监票"}, {"role": "teller", "name": "郑计票"}]


def _election(client, room, **extra):
    r = client.post(f"/api/v1/meetings/{room.mid}/ballots", headers=room.headers(room.secretariat),
                    json={"title": "补选委员", "kind": "election", "seats": 2, "write_ins": True,
                          "subjects": [{"title": t} for t in CANDIDATES],
                          "officers": OFFICERS} | extra)
    assert r.status_code == 201, r.get_json()
    ballot = r.get_json()
    return (ballot, {s["title"]: s["id"] for s in ballot["subjects"]},
            {o["label"]: o["id"] for o in ballot["options"]})


def _pdf(client, room, url, account=None):
    r = client.get(url, headers=room.headers(account or room.secretariat))
    assert r.status_code == 200 and r.mimetype == "application/pdf", r.data[:200]
    fonts = pdftools.fonts(r.data)
    assert fonts and all(embedded for _n, _t, embedded, _s in fonts)
    assert any("CJK" in name or "UKai" in name for name, *_ in fonts)
    assert pdftools.is_a4(r.data)
    return pdftools.text(r.data)


def _closed_election(client, room):
    """5 due, 4 present: more than 2.5 赞成 elects. Two tablet votes, two papers (one of them
    over-marked, so invalid); 赵刚 written in on a tablet and on a paper."""
    ballot, subjects, options = _election(client, room)
    open_ballot(client, room, ballot)
    yes, no = options["赞成"], options["不赞成"]
    for delegate in room.delegates[:2]:
        assert issue(client, room, ballot, delegate).status_code == 201
    assert vote(client, room, room.delegates[2], ballot,
                {subjects["王红"]: yes, subjects["李明"]: yes}).status_code == 201
    assert vote(client, room, room.delegates[3], ballot, {subjects["王红"]: yes,
                subjects["张强"]: no}, write_ins=["赵刚"]).status_code == 201
    counts = {str(subjects["王红"]): {str(yes): 1}, str(subjects["张强"]): {str(no): 1}}
    for entry, teller in ((1, "郑计票"), (2, "冯计票")):
        r = tally(client, room, ballot, entry, teller, 2, 1, counts, write_ins={"赵刚": 1})
        assert r.status_code == 200, r.get_json()
    return close_ballot(client, room, ballot), subjects, options


def test_paper_counts_join_an_election(client, room):
    closed, subjects, options = _closed_election(client, room)
    results = closed["results"]
    by_title = {s["title"]: s for s in results["subjects"]}
    assert {t: (s["votes_for"], s["elected"]) for t, s in by_title.items()} == {
        "王红": (3, True), "李明": (1, False), "张强": (0, False)}
    assert (results["valid"], results["invalid"]) == (3, 1)  # 2 tablet + 2 returned − 1
    assert results["write_ins"] == [{"name": "赵刚", "votes": 2, "elected": False}]
    assert results["runoff_needed"] == {"seats": 1, "subject_ids": []}
    assert by_title["张强"]["counts"][str(options["不赞成"])] == 2
    assert closed["papers"] == {"issued": 2, "returned": 2, "invalid": 1}


def test_an_over_marked_paper_count_is_refused(client, room):
    """Two seats: one valid paper cannot carry three 赞成 marks."""
    ballot, subjects, options = _election(client, room)
    open_ballot(client, room, ballot)
    assert issue(client, room, ballot, room.delegates[0]).status_code == 201
    yes = str(options["赞成"])
    counts = {str(s): {yes: 1} for s in subjects.values()}
    r = tally(client, room, ballot, 1, "郑计票", 1, 0, counts)
    assert r.status_code == 422 and r.get_json()["error"]["message"].startswith("counts")


def test_the_ballot_paper_of_an_election(client, room):
    ballot, _subjects, _options = _election(client, room)
    text = _pdf(client, room, f"/api/v1/ballots/{ballot['id']}/papers.pdf")
    for expected in ("补选委员", "选票", "应选2名", "正式候选人3名", "按姓氏笔画为序", "赞成",
                     "不赞成", "弃权", "另选他人", "多于应选名额2名的为无效票"):
        assert expected in text, expected
    names = [text.index(name) for name in ("王红", "李明", "张强")]
    assert names == sorted(names)  # stroke order, as the API lists them


def test_the_ballot_paper_of_a_motion_and_the_page_door(client, room):
    from tests.helpers import login

    ballot = new_ballot(client, room, kind="motion", subjects=("工作报告决议",))
    text = _pdf(client, room, f"/api/v1/ballots/{ballot['id']}/papers.pdf")
    for expected in ("工作报告决议", "赞成", "反对", "弃权", "说明"):
        assert expected in text, expected
    assert "另选他人" not in text
    assert client.get(f"/api/v1/ballots/{ballot['id']}/papers.pdf",
                      headers=room.headers(room.chair)).status_code == 403
    login(client, room.secretariat)
    page = client.get(f"/ballots/{ballot['id']}/papers.pdf")
    assert page.status_code == 200 and "工作报告决议" in pdftools.text(page.data)


def test_the_tally_sheet(client, room):
    ballot, _subjects, _options = _election(client, room)
    text = _pdf(client, room, f"/api/v1/ballots/{ballot['id']}/tally-sheet.pdf")
    for expected in ("计票单", "补选委员", "发出选票", "收回选票", "有效票", "无效票", "王红",
                     "赞成", "另选他人", "计票人（签字）", "郑计票", "监票人（签字）", "周总监"):
        assert expected in text, expected


def test_the_election_result_report(client, room):
    closed, _subjects, _options = _closed_election(client, room)
    text = _pdf(client, room, f"/api/v1/ballots/{closed['id']}/results.pdf")
    for expected in ("选举计票结果报告单", "补选委员", "应选人数", "电子表决", "纸质选票",
                     "合计", "赵刚", "当选名单（按姓氏笔画为序）：王红", "尚缺1名",
                     "总监票人（签字）：周总监", "监票人（签字）：吴监票",
                     "计票人（签字）：郑计票"):
        assert expected in text, expected
    summary = " ".join(text.split())
    # 应到 5, 实到 4; issued 2 tablet + 2 paper = 4; valid 2 + 1 = 3; invalid 0 + 1 = 1
    assert "电子表决 2 2 2 0" in summary and "纸质选票 2 2 1 1" in summary
    assert "合计 4 4 3 1" in summary and "应到 实到" in summary


def test_the_result_sheet_shows_both_parts(client, room):
    ballot = new_ballot(client, room, kind="motion", subjects=("工作报告决议",))
    open_ballot(client, room, ballot)
    (subject,), (yes, no, _abstain) = ([s["id"] for s in ballot["subjects"]],
                                       [o["id"] for o in ballot["options"]])
    assert issue(client, room, ballot, room.delegates[0]).status_code == 201
    assert vote(client, room, room.delegates[1], ballot, {subject: yes}).status_code == 201
    for entry, teller in ((1, "甲"), (2, "乙")):
        assert tally(client, room, ballot, entry, teller, 1, 0,
                     {str(subject): {str(no): 1}}).status_code == 200
    close_ballot(client, room, ballot)
    text = " ".join(_pdf(client, room, f"/api/v1/ballots/{ballot['id']}/results.pdf").split())
    assert "电子表决 1 1 1 0" in text and "纸质选票 1 1 1 0" in text and "合计 2 2 2 0" in text
    # the subject's votes per part: 赞成 1 on the tablet, 反对 1 on paper, 1 and 1 in all
    assert "电子表决 1 0 0" in text and "纸质选票 0 1 0" in text and "合计 1 1 0" in text
