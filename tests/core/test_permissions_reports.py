"""Permission matrix, part 3: report review (reports, versions, comments, group sessions,
the digest, resolutions), pages and API. The machinery is in tests/core/matrix.py."""
from tests.core.matrix import IN_MEETING, STAFF, D, Ok, S, every, matrix_tests, pdf, row, upload

R = ("reports",)
# an untabled report does not exist for those in the meeting who may not manage reports
HIDDEN = {role: 404 for role in IN_MEETING - {S}}


def _session(attribute):
    def read(w):
        from congress.reports.group_models import GroupSession

        def query(s):
            session = s.scalar(s.query(GroupSession).filter_by(delegation_id=w.ids["gid"])
                               .statement)
            value = getattr(s.get(GroupSession, session.id), attribute)
            return getattr(value, "value", value)
        return w.value(query)
    return read


def _tabled_versions(w):
    from congress.reports.models import ReportVersion

    return w.value(lambda s: s.query(ReportVersion).filter(
        ReportVersion.report_id == w.ids["rid"], ReportVersion.tabled_at.is_not(None)).count())


def _comment_text(text):
    return lambda w: w.get("ReviewComment", w.ids["cid"], "text") == text


PAGES = [
    row("GET /meetings/<int:mid>/reports", "/meetings/{mid}/reports",
        every(IN_MEETING, Ok(200, shows="市委工作报告")), parts=R),
    row("POST /meetings/<int:mid>/reports", "/meetings/{mid}/reports",
        {S: Ok(302, location=r"re:/reports/\d+/v1",
               check=lambda w: w.count("Report", title="新的报告") == 1)},
        data=lambda w: {"kind": "party_committee", "title": "新的报告",
                        "file": upload("新报告的正文。".encode(), "new.md")}),
    row("GET /reports/<int:rid>", "/reports/{rid}",
        every(IN_MEETING, Ok(200, shows="市委工作报告")),
        parts=R),
    row("GET /reports/<int:rid>", "/reports/{rid_draft}", {S: Ok(200, shows="未提交的报告")},
        refuse=HIDDEN, parts=("draft_report",), name="not tabled: hidden"),
    row("GET /reports/<int:rid>/v<int:number>", "/reports/{rid}/v1",
        every(IN_MEETING, Ok(200, shows="第一段报告")), parts=R, name="tabled"),
    row("GET /reports/<int:rid>/v<int:number>", "/reports/{rid}/v2", {S: Ok(200, shows="更正")},
        parts=R, name="draft"),
    row("POST /reports/<int:rid>/versions", "/reports/{rid}/versions",
        {S: Ok(302, location="/reports/{rid}/v2",  # it replaces the untabled draft
               check=lambda w: w.count("ReportVersion", report_id=w.ids["rid"], number=2,
                                       note="再次更正") == 1)},
        data=lambda w: {"note": "再次更正", "file": upload("再次更正。".encode(), "r3.md")},
        parts=R),
    row("POST /reports/<int:rid>/v<int:number>/<any(table, discard):action>",
        "/reports/{rid}/v2/table",
        {S: Ok(302, location="/reports/{rid}", check=lambda w: _tabled_versions(w) == 2)},
        parts=R),
    row("POST /reports/<int:rid>/comments", "/reports/{rid}/comments",
        {D: Ok(302, location="/reports/{rid}/v1",
               check=lambda w: w.count("ReviewComment", text="新的意见") == 1)},
        data={"text": "新的意见", "block_id": ""}, parts=R),
    row("GET /comments/<int:cid>/edit", "/comments/{cid}/edit",
        {D: Ok(200, shows="代表的意见")}, parts=R),
    row("POST /comments/<int:cid>/edit", "/comments/{cid}/edit",
        {D: Ok(302, location="/reports/{rid}/v1", check=_comment_text("改过的意见"))},
        data={"text": "改过的意见"}, parts=R),
    row("POST /comments/<int:cid>/delete", "/comments/{cid}/delete",
        {D: Ok(302, location="/reports/{rid}/v1",
               check=lambda w: w.count("ReviewComment", id=w.ids["cid"]) == 0)}, parts=R),
    # group sessions: the delegate is the recorder of their group
    row("GET /meetings/<int:mid>/groups", "/meetings/{mid}/groups",
        every(STAFF, Ok(200, shows="瑶海区代表团")), parts=R),
    row("GET /meetings/<int:mid>/groups/progress", "/meetings/{mid}/groups/progress",
        every(STAFF, Ok(200, shows="瑶海区代表团")), parts=R),
    row("GET /meetings/<int:mid>/groups/<int:did>", "/meetings/{mid}/groups/{gid}",
        every(STAFF | {D}, Ok(200, shows=("瑶海区代表团", "张代表"))), parts=R),
    row("POST /meetings/<int:mid>/groups/<int:did>/recorder",
        "/meetings/{mid}/groups/{gid}/recorder",
        {S: Ok(302, location="/meetings/{mid}/groups/{gid}",
               check=lambda w: _session("recorder_id")(w) == w.ids["c1"])},
        data={"recorder": "{c1}"}, parts=R),
    row("POST /meetings/<int:mid>/groups/<int:did>/<any(start, end, reopen):action>",
        "/meetings/{mid}/groups/{gid}/start",
        every({S, D}, Ok(302, location="/meetings/{mid}/groups/{gid}",
                         check=lambda w: _session("status")(w) == "open")),
        parts=R, name="start"),
    row("POST /meetings/<int:mid>/groups/<int:did>/<any(start, end, reopen):action>",
        "/meetings/{mid}/groups/{gid}/reopen",
        {S: Ok(302, location="/meetings/{mid}/groups/{gid}",
               check=lambda w: _session("status")(w) == "open")},
        parts=R + ("group_ended",), name="reopen"),
    row("POST /meetings/<int:mid>/groups/<int:did>/notes", "/meetings/{mid}/groups/{gid}/notes",
        {D: Ok(302, location="/meetings/{mid}/groups/{gid}",
               check=lambda w: _session("notes")(w) == "小组讨论记录")},
        data={"notes": "小组讨论记录"}, parts=R),
    row("POST /meetings/<int:mid>/groups/<int:did>/attendance",
        "/meetings/{mid}/groups/{gid}/attendance",
        {D: Ok(302, location="/meetings/{mid}/groups/{gid}",
               check=lambda w: w.count("GroupAttendance", delegate_id=w.ids["c1"],
                                       status="on_leave") == 1)},
        data={"a{c1}": "on_leave"}, parts=R),
    # the digest (意见汇总)
    row("GET /meetings/<int:mid>/digest", "/meetings/{mid}/digest",
        {S: Ok(200, shows=("代表的意见", "同事的意见"))}, parts=R),
    row("POST /meetings/<int:mid>/digest/compile", "/meetings/{mid}/digest/compile",
        {S: Ok(302, location="/meetings/{mid}/digest",
               check=lambda w: w.count("DigestItem") == 2)}, parts=R),
    row("POST /meetings/<int:mid>/digest/merge", "/meetings/{mid}/digest/merge",
        {S: Ok(302, location="/meetings/{mid}/digest", check=lambda w: w.count("DigestItem") == 1)},
        data=lambda w: {"items": [str(w.ids["iid"]), str(w.ids["iid2"])]}, parts=R),
    row("GET /meetings/<int:mid>/digest.pdf", "/meetings/{mid}/digest.pdf",
        {S: Ok(200, shows=pdf("代表的意见"))}, parts=R),
    row("GET /digest/<int:iid>/edit", "/digest/{iid}/edit", {S: Ok(200, shows="代表的意见")},
        parts=R),
    row("POST /digest/<int:iid>/edit", "/digest/{iid}/edit",
        {S: Ok(302, location="/meetings/{mid}/digest",
               check=lambda w: w.get("DigestItem", w.ids["iid"], "text") == "汇总的措辞")},
        data={"text": "汇总的措辞"}, parts=R),
    row("POST /digest/<int:iid>/split", "/digest/{iid}/split",
        {S: Ok(302, location="/meetings/{mid}/digest", check=lambda w: w.count("DigestItem") == 2)},
        parts=R + ("merged_digest",)),
    # resolutions
    row("GET /meetings/<int:mid>/resolutions", "/meetings/{mid}/resolutions",
        every(STAFF, Ok(200, shows="关于报告的决议")), parts=R),
    row("POST /meetings/<int:mid>/resolutions", "/meetings/{mid}/resolutions",
        {S: Ok(302, location=r"re:/resolutions/\d+",
               check=lambda w: w.count("Resolution", title="新的决议") == 1)},
        data=lambda w: {"title": "新的决议", "text": "决议正文。", "reports": [str(w.ids["rid"])]},
        parts=R),
    row("GET /resolutions/<int:rsid>", "/resolutions/{rsid}",
        every(STAFF, Ok(200, shows="关于报告的决议")), parts=R),
    row("POST /resolutions/<int:rsid>", "/resolutions/{rsid}",
        {S: Ok(302, location="/resolutions/{rsid}",
               check=lambda w: w.get("Resolution", w.ids["rsid"], "title") == "改过的决议")},
        data=lambda w: {"title": "改过的决议", "text": "决议正文。",
                        "reports": [str(w.ids["rid"])]},
        parts=R),
    row("POST /resolutions/<int:rsid>/<any(vote, open, close):action>", "/resolutions/{rsid}/vote",
        {S: Ok(302, location="/resolutions/{rsid}",
               check=lambda w: w.get("Resolution", w.ids["rsid"], "ballot_id") is not None)},
        parts=R, name="vote"),
    row("POST /resolutions/<int:rsid>/<any(vote, open, close):action>", "/resolutions/{rsid}/open",
        every(STAFF, Ok(302, location="/resolutions/{rsid}",
                        check=lambda w: w.count("Ballot", title="关于报告的决议",
                                                status="open") == 1)),
        parts=R + ("resolution_vote",), name="open"),
]

API = [
    row("GET /api/v1/meetings/<int:mid>/reports", "/api/v1/meetings/{mid}/reports",
        every(IN_MEETING, Ok(200, shows="市委工作报告")), parts=R),
    row("GET /api/v1/reports/<int:rid>", "/api/v1/reports/{rid}",
        every(IN_MEETING, Ok(200, shows="第一段报告")), parts=R),
    row("GET /api/v1/reports/<int:rid>", "/api/v1/reports/{rid_draft}?version=1",
        {S: Ok(200, shows="草稿正文")}, refuse=HIDDEN, parts=("draft_report",),
        name="not tabled: hidden"),
    row("GET /api/v1/reports/<int:rid>/comments", "/api/v1/reports/{rid}/comments",
        {S: Ok(200, shows=("代表的意见", "同事的意见")), D: Ok(200, shows="代表的意见"),
         frozenset(IN_MEETING - {S, D}): Ok(200, shows='"comments"')}, parts=R),
    row("POST /api/v1/reports/<int:rid>/comments", "/api/v1/reports/{rid}/comments",
        {D: Ok(201, shows="新的意见",
               check=lambda w: w.count("ReviewComment", text="新的意见") == 1)},
        data={"text": "新的意见"}, parts=R),
    row("PUT /api/v1/comments/<int:cid>", "/api/v1/comments/{cid}",
        {D: Ok(200, shows="改过的意见", check=_comment_text("改过的意见"))},
        data={"text": "改过的意见"}, parts=R),
    row("DELETE /api/v1/comments/<int:cid>", "/api/v1/comments/{cid}",
        {D: Ok(204, check=lambda w: w.count("ReviewComment", id=w.ids["cid"]) == 0)}, parts=R),
    row("GET /api/v1/meetings/<int:mid>/groups", "/api/v1/meetings/{mid}/groups",
        every(STAFF, Ok(200, shows="瑶海区代表团")), parts=R),
]
ROWS = PAGES + API

test_route_permissions = matrix_tests(ROWS)
