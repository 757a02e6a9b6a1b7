"""Permission matrix, part 2: ballots, debriefs, the question queue, the projector and the
event streams (pages and API). The machinery is in tests/core/matrix.py."""
from tests.core.matrix import (
    IN_MEETING,
    OBSERVER,
    ROLES,
    STAFF,
    D,
    Ok,
    S,
    every,
    matrix_tests,
    pdf,
    row,
)
from tests.core.matrix_world import MEETING_TITLE

B = ("ballots",)
BP = ("ballots", "paper")
E = ("election",)


def _next_round(w):
    return w.count("Ballot", round_of_id=w.ids["bid_election"]) == 1


DB = ("debrief",)
PROJECTOR_ROLES = {S, "chair", OBSERVER}


def _ballot(key, status):
    return lambda w: w.get("Ballot", w.ids[key], "status") == status


def _request(key, attribute, value):
    return lambda w: w.get("FloorRequest", w.ids[key], attribute) == value


def _choice(w):
    return {f"s{w.ids['subject']}": str(w.ids["option"])}


def _paper_issued(w):
    return w.get("Participation", (w.ids["bid_open"], w.ids["me"]), "channel") == "paper"


def _tally_entered(w):
    return w.get("PaperTally", (w.ids["bid_open"], 1), "teller") == "计票人甲"


def _voted(w):
    return w.count("Participation", ballot_id=w.ids["bid_open"],
                   delegate_id=w.ids["me"]) == 1


def _screen_message(w):
    stored = w.get("Meeting", w.ids["mid"], "settings") or {}
    return stored.get("projectors", {}).get("2", {}).get("message") == "请代表们就座"


EVERYONE_403 = {role: 403 for role in ROLES}

PAGES = [
    # ballots
    row("GET /meetings/<int:mid>/ballots", "/meetings/{mid}/ballots",
        {STAFF: Ok(200, shows=("草稿表决", "进行中表决")), D: Ok(200, shows="进行中表决")},
        parts=B),
    row("POST /meetings/<int:mid>/ballots", "/meetings/{mid}/ballots",
        {S: Ok(302, location=r"re:/ballots/\d+",
               check=lambda w: w.count("Ballot", title="新的表决") == 1)},
        data={"title": "新的表决", "kind": "motion", "subjects": "新的事项", "options": ""}),
    row("GET /ballots/<int:bid>", "/ballots/{bid_open}",
        every(IN_MEETING, Ok(200, shows="进行中表决")), parts=B),
    row("POST /ballots/<int:bid>/<any(open, close, delete):action>", "/ballots/{bid_draft}/open",
        every(STAFF, Ok(302, location="/ballots/{bid_draft}", check=_ballot("bid_draft", "open"))),
        parts=B, name="open"),
    row("POST /ballots/<int:bid>/<any(open, close, delete):action>", "/ballots/{bid_draft}/delete",
        {S: Ok(302, location="/meetings/{mid}/ballots",
               check=lambda w: w.count("Ballot", id=w.ids["bid_draft"]) == 0)},
        parts=B, name="delete"),
    row("POST /ballots/<int:bid>/review", "/ballots/{bid_open}/review",
        {D: Ok(200, shows=("进行中表决事项", "idempotency_key"))}, data=_choice, parts=B),
    row("POST /ballots/<int:bid>/vote", "/ballots/{bid_open}/vote",
        {D: Ok(303, location="/ballots/{bid_open}/receipt", check=_voted)}, data=_choice,
        parts=B),
    row("POST /ballots/<int:bid>/runoff", "/ballots/{bid_election}/runoff",
        {S: Ok(302, location=r"re:/ballots/\d+", check=_next_round)},
        data={"subjects": "张新人"}, parts=E),
    row("GET /ballots/<int:bid>/receipt", "/ballots/{bid_open}/receipt",
        {D: Ok(302, location="/ballots/{bid_open}")}, parts=B),
    row("GET /ballots/<int:bid>/receipts", "/ballots/{bid_closed}/receipts",
        every(IN_MEETING, Ok(200, shows="已结束表决")), parts=B),
    row("GET /ballots/<int:bid>/results.pdf", "/ballots/{bid_closed}/results.pdf",
        every(IN_MEETING, Ok(200, shows=pdf("已结束表决"))), parts=B),
    # paper ballots: the secretariat's desk, issue, the tellers' entries, the printable papers
    row("GET /ballots/<int:bid>/paper", "/ballots/{bid_open}/paper",
        {S: Ok(200, shows=("纸质选票", "进行中表决"))}, parts=B),
    row("POST /ballots/<int:bid>/paper/issue", "/ballots/{bid_open}/paper/issue",
        {S: Ok(302, location="/ballots/{bid_open}/paper", check=_paper_issued)},
        data=lambda w: {"code": w.accounts["delegate"].username}, parts=B),
    row("POST /ballots/<int:bid>/paper/tally/<int:entry>", "/ballots/{bid_open}/paper/tally/1",
        {S: Ok(302, location="/ballots/{bid_open}/paper", check=_tally_entered)},
        data={"e1-teller": "计票人甲", "e1-returned": "1", "e1-invalid": "0"}, parts=BP),
    row("GET /ballots/<int:bid>/<any(papers, 'tally-sheet'):document>.pdf",
        "/ballots/{bid_open}/papers.pdf", {S: Ok(200, shows=pdf("进行中表决事项"))}, parts=B),
    row("GET /ballots/<int:bid>/<any(papers, 'tally-sheet'):document>.pdf",
        "/ballots/{bid_open}/tally-sheet.pdf", {S: Ok(200, shows=pdf("进行中表决事项"))},
        parts=B, name="tally sheet"),
    # debriefs: the secretariat's list, the chair's console
    row("GET /meetings/<int:mid>/debriefs", "/meetings/{mid}/debriefs",
        every(STAFF, Ok(200, shows="郭书记")), parts=DB),
    row("POST /meetings/<int:mid>/debriefs", "/meetings/{mid}/debriefs",
        {S: Ok(302, location="/meetings/{mid}/debriefs",
               check=lambda w: w.count("Debrief", reporter_name="李区长") == 1)},
        data={"reporter_name": "李区长", "reporter_title": "庐阳区区长"}),
    row("GET /debriefs/<int:did>", "/debriefs/{dbid}", every(STAFF, Ok(200, shows="郭书记")),
        parts=DB),
    row("GET /debriefs/<int:did>/panel", "/debriefs/{dbid}/panel",
        every(STAFF, Ok(200, shows="同事的问题")), parts=DB),
    row("POST /debriefs/<int:did>/phase", "/debriefs/{dbid}/phase",
        every(STAFF, Ok(302, location="/debriefs/{dbid}",
                        check=lambda w: w.get("Debrief", w.ids["dbid"], "phase") == "comment")),
        data={"phase": "comment"}, parts=DB),
    row("POST /debriefs/<int:did>/phase/undo", "/debriefs/{dbid}/phase/undo",
        every(STAFF, Ok(302, location="/debriefs/{dbid}",
                        check=lambda w: w.get("Debrief", w.ids["dbid"], "phase") == "questions"
                        and _request("rq", "status", "waiting")(w))),
        parts=DB + ("commenting",)),
    row("POST /debriefs/<int:did>/timer/<any(pause, resume, restart, answer):action>",
        "/debriefs/{dbid}/timer/pause",
        every(STAFF, Ok(302, location="/debriefs/{dbid}",
                        check=lambda w: w.get("Debrief", w.ids["dbid"], "timer_started_at")
                        is None)), parts=DB + ("speaker",)),
    row("POST /debriefs/<int:did>/comment", "/debriefs/{dbid}/comment",
        {S: Ok(302, location="/debriefs/{dbid}",
               check=lambda w: w.get("Debrief", w.ids["dbid"], "comment_text") == "点评文字")},
        data={"speaker": "市委书记", "text": "点评文字"}, parts=DB + ("commenting",)),
    row("POST /debriefs/<int:did>/next", "/debriefs/{dbid}/next",
        every(STAFF, Ok(302, location="/debriefs/{dbid}",
                        check=_request("rq", "status", "speaking"))), parts=DB),
    row("POST /debriefs/<int:did>/requests/<int:rid>/<any(reject, first, up, down):action>",
        "/debriefs/{dbid}/requests/{rq}/reject",
        every(STAFF, Ok(302, location="/debriefs/{dbid}",
                        check=_request("rq", "status", "rejected"))), parts=DB),
    row("POST /debriefs/<int:did>/requests/<int:rid>/answer",
        "/debriefs/{dbid}/requests/{rq}/answer",
        {S: Ok(302, location="/debriefs/{dbid}", check=_request("rq", "answer", "答复文字"))},
        data={"text": "答复文字"}, parts=DB + ("speaker",)),
    # the delegate's tablet
    row("GET /meetings/<int:mid>/tablet/live", "/meetings/{mid}/tablet/live",
        {D: Ok(200, shows="郭书记")}, parts=DB),
    row("POST /queues/<int:qid>/request", "/queues/{qid}/request",
        {D: Ok(302, location="/meetings/{mid}/tablet",
               check=lambda w: w.count("FloorRequest", delegate_id=w.ids["me"]) == 1)},
        data={"kind": "question", "text": "我要提问"}, parts=DB),
    row("POST /requests/<int:rid>/withdraw", "/requests/{mine}/withdraw",
        {D: Ok(302, location="/meetings/{mid}/tablet",
               check=_request("mine", "status", "withdrawn"))}, parts=DB + ("my_request",)),
    # the projector: its roles signed in, or anyone with the meeting's key
    row("GET /projector/<int:mid>", "/projector/{mid}",
        every(PROJECTOR_ROLES, Ok(200, shows=MEETING_TITLE)), parts=DB),
    row("GET /projector/<int:mid>", "/projector/{mid}?key={pkey}",
        every(ROLES, Ok(200, shows=(MEETING_TITLE, "郭书记"))), parts=DB, name="with key"),
    row("GET /projector/<int:mid>", "/projector/{mid}?key=wrong", {}, refuse=EVERYONE_403,
        name="wrong key"),
    row("GET /projector/<int:mid>/panel", "/projector/{mid}/panel",
        every(PROJECTOR_ROLES, Ok(200, shows="郭书记")), parts=DB),
    row("GET /projector/<int:mid>/panel", "/projector/{mid}/panel?key={pkey}",
        every(ROLES, Ok(200, shows="郭书记")), parts=DB, name="with key"),
    row("GET /projector/<int:mid>/panel", "/projector/{mid}/panel?key=wrong", {},
        refuse=EVERYONE_403, name="wrong key"),
    row("GET /projector/<int:mid>/panel", "/projector/{mid}/panel?key={other_pkey}", {},
        refuse=EVERYONE_403, name="another meeting's key"),
    # what each projector shows: the staff's console and preview; changed by the staff by POST
    row("GET /meetings/<int:mid>/projectors", "/meetings/{mid}/projectors",
        every(STAFF, Ok(200, shows=("投影机", "郭书记"))), parts=DB),
    row("GET /meetings/<int:mid>/projectors/<int:screen>/preview",
        "/meetings/{mid}/projectors/2/preview", every(STAFF, Ok(200, shows="郭书记")), parts=DB),
    row("POST /meetings/<int:mid>/projectors/<int:screen>", "/meetings/{mid}/projectors/2",
        every(STAFF, Ok(302, location="/meetings/{mid}/projectors", check=_screen_message)),
        data={"message": "请代表们就座"}),
    # the projector's old stream address sends every caller to the one stream server, key and
    # all; the stream itself decides (the API rows below)
    row("GET /projector/<int:mid>/events", "/projector/{mid}/events?key={pkey}",
        every(ROLES, Ok(307, location="/api/v1/meetings/{mid}/events?key={pkey}"))),
]

API = [
    # ballots
    row("POST /api/v1/meetings/<int:mid>/ballots", "/api/v1/meetings/{mid}/ballots",
        {S: Ok(201, shows=('"status": "draft"', "新的表决"),
               check=lambda w: w.count("Ballot", title="新的表决") == 1)},
        data={"title": "新的表决", "kind": "motion", "subjects": [{"title": "新的事项"}]}),
    row("GET /api/v1/meetings/<int:mid>/ballots", "/api/v1/meetings/{mid}/ballots",
        every(IN_MEETING, Ok(200, shows="进行中表决")), parts=B),
    row("GET /api/v1/ballots/<int:bid>", "/api/v1/ballots/{bid_open}",
        every(IN_MEETING, Ok(200, shows=("进行中表决", '"results": null'))), parts=B),
    row("DELETE /api/v1/ballots/<int:bid>", "/api/v1/ballots/{bid_draft}",
        {S: Ok(204, check=lambda w: w.count("Ballot", id=w.ids["bid_draft"]) == 0)}, parts=B),
    row("POST /api/v1/ballots/<int:bid>/open", "/api/v1/ballots/{bid_draft}/open",
        every(STAFF, Ok(200, shows='"status": "open"', check=_ballot("bid_draft", "open"))),
        parts=B),
    row("POST /api/v1/ballots/<int:bid>/close", "/api/v1/ballots/{bid_open}/close",
        every(STAFF, Ok(200, shows='"status": "closed"', check=_ballot("bid_open", "closed"))),
        parts=B),
    row("POST /api/v1/ballots/<int:bid>/votes", "/api/v1/ballots/{bid_open}/votes",
        {D: Ok(201, shows='"receipt"', check=_voted)},
        data=lambda w: {"choices": {str(w.ids["subject"]): w.ids["option"]}}, parts=B),
    row("POST /api/v1/ballots/<int:bid>/runoff", "/api/v1/ballots/{bid_election}/runoff",
        {S: Ok(201, shows=('"round_of"', "张新人"), check=_next_round)},
        data={"subjects": [{"title": "张新人"}]}, parts=E),
    row("GET /api/v1/ballots/<int:bid>/turnout", "/api/v1/ballots/{bid_open}/turnout",
        every(STAFF, Ok(200, shows=("not_voted", "张代表"))), parts=B),
    row("GET /api/v1/ballots/<int:bid>/receipts", "/api/v1/ballots/{bid_closed}/receipts",
        every(IN_MEETING, Ok(200, shows='"digest"')), parts=B),
    row("GET /api/v1/ballots/<int:bid>/results.pdf", "/api/v1/ballots/{bid_closed}/results.pdf",
        every(IN_MEETING, Ok(200, shows=pdf("已结束表决"))), parts=B),
    # paper ballots
    row("POST /api/v1/ballots/<int:bid>/paper-issues", "/api/v1/ballots/{bid_open}/paper-issues",
        {S: Ok(201, shows='"papers_issued": 1', check=_paper_issued)},
        data=lambda w: {"delegate_id": w.ids["me"]}, parts=B),
    row("PUT /api/v1/ballots/<int:bid>/paper-tally", "/api/v1/ballots/{bid_open}/paper-tally",
        {S: Ok(200, shows='"entries_agree": null', check=_tally_entered)},
        data={"entry": 1, "teller": "计票人甲", "returned": 1, "invalid": 0, "counts": {}},
        parts=BP),
    row("GET /api/v1/ballots/<int:bid>/papers.pdf", "/api/v1/ballots/{bid_open}/papers.pdf",
        {S: Ok(200, shows=pdf("进行中表决事项"))}, parts=B),
    row("GET /api/v1/ballots/<int:bid>/tally-sheet.pdf",
        "/api/v1/ballots/{bid_open}/tally-sheet.pdf", {S: Ok(200, shows=pdf("进行中表决事项"))},
        parts=B),
    # debriefs
    row("POST /api/v1/meetings/<int:mid>/debriefs", "/api/v1/meetings/{mid}/debriefs",
        {S: Ok(201, shows=('"phase": "pending"', "李区长"),
               check=lambda w: w.count("Debrief", reporter_name="李区长") == 1)},
        data={"reporter_name": "李区长", "reporter_title": "庐阳区区长"}),
    row("GET /api/v1/meetings/<int:mid>/debriefs", "/api/v1/meetings/{mid}/debriefs",
        every(IN_MEETING, Ok(200, shows="郭书记")), parts=DB),
    row("GET /api/v1/debriefs/<int:did>", "/api/v1/debriefs/{dbid}",
        every(IN_MEETING, Ok(200, shows=("郭书记", '"phase": "questions"'))), parts=DB),
    row("POST /api/v1/debriefs/<int:did>/phase/undo", "/api/v1/debriefs/{dbid}/phase/undo",
        every(STAFF, Ok(200, shows='"phase": "questions"',
                        check=lambda w: w.get("Debrief", w.ids["dbid"], "phase") == "questions"
                        and _request("rq", "status", "waiting")(w))),
        data={"phase": "comment"}, parts=DB + ("commenting",)),
    row("POST /api/v1/debriefs/<int:did>/phase", "/api/v1/debriefs/{dbid}/phase",
        every(STAFF, Ok(200, shows='"phase": "comment"',
                        check=lambda w: w.get("Debrief", w.ids["dbid"], "phase") == "comment")),
        data={"phase": "comment"}, parts=DB),
    row("POST /api/v1/debriefs/<int:did>/timer", "/api/v1/debriefs/{dbid}/timer",
        every(STAFF, Ok(200, shows='"running": false',
                        check=lambda w: w.get("Debrief", w.ids["dbid"], "timer_started_at")
                        is None)), data={"action": "pause"}, parts=DB + ("speaker",)),
    row("PUT /api/v1/debriefs/<int:did>/comment", "/api/v1/debriefs/{dbid}/comment",
        {S: Ok(200, shows="点评文字",
               check=lambda w: w.get("Debrief", w.ids["dbid"], "comment_text") == "点评文字")},
        data={"speaker": "市委书记", "text": "点评文字"}, parts=DB + ("commenting",)),
    # the question queue
    row("GET /api/v1/queues/<int:qid>", "/api/v1/queues/{qid}",
        every(IN_MEETING, Ok(200, shows=('"open": true', "同事的问题"))), parts=DB),
    row("POST /api/v1/queues/<int:qid>/requests", "/api/v1/queues/{qid}/requests",
        {D: Ok(201, shows=('"position"', "我要提问"),
               check=lambda w: w.count("FloorRequest", delegate_id=w.ids["me"]) == 1)},
        data={"kind": "question", "text": "我要提问"}, parts=DB),
    row("DELETE /api/v1/queues/<int:qid>/requests/<int:rid>", "/api/v1/queues/{qid}/requests/{rq}",
        every(STAFF, Ok(204, check=_request("rq", "status", "rejected"))), parts=DB,
        name="another's: the chair rejects it"),
    row("DELETE /api/v1/queues/<int:qid>/requests/<int:rid>",
        "/api/v1/queues/{qid}/requests/{mine}",
        {D: Ok(204, check=_request("mine", "status", "withdrawn")),
         STAFF: Ok(204, check=_request("mine", "status", "rejected"))},
        parts=DB + ("my_request",), name="one's own: the delegate withdraws it"),
    row("POST /api/v1/queues/<int:qid>/next", "/api/v1/queues/{qid}/next",
        every(STAFF, Ok(200, shows="同事的问题", check=_request("rq", "status", "speaking"))),
        parts=DB),
    row("POST /api/v1/queues/<int:qid>/requests/<int:rid>/move",
        "/api/v1/queues/{qid}/requests/{mine}/move",
        every(STAFF, Ok(200, shows="我的问题",
                        check=lambda w: w.get("FloorRequest", w.ids["mine"], "sort_key")
                        < w.get("FloorRequest", w.ids["rq"], "sort_key"))),
        data={"to": "first"}, parts=DB + ("my_request",)),
    row("PUT /api/v1/queues/<int:qid>/requests/<int:rid>/answer",
        "/api/v1/queues/{qid}/requests/{rq}/answer",
        {S: Ok(200, shows="答复文字", check=_request("rq", "answer", "答复文字"))},
        data={"text": "答复文字"}, parts=DB + ("speaker",)),
    # the event stream: a bearer token, the page's session, or the projector's key
    row("GET /api/v1/meetings/<int:mid>/events", "/api/v1/meetings/{mid}/events",
        every(IN_MEETING, Ok(200)), stream=True),
    row("GET /api/v1/meetings/<int:mid>/events", "/api/v1/meetings/{mid}/events",
        every(IN_MEETING, Ok(200)), stream=True, session=True, name="page session"),
    row("GET /api/v1/meetings/<int:mid>/events", "/api/v1/meetings/{mid}/events?key={pkey}",
        every(ROLES, Ok(200)), stream=True, name="projector key"),
    row("GET /api/v1/meetings/<int:mid>/events", "/api/v1/meetings/{mid}/events?key=wrong",
        {}, refuse=EVERYONE_403, stream=True, name="wrong key"),
    row("GET /api/v1/meetings/<int:mid>/events", "/api/v1/meetings/{mid}/events?key={other_pkey}",
        {}, refuse=EVERYONE_403, stream=True, name="another meeting's key"),
]
ROWS = PAGES + API

test_route_permissions = matrix_tests(ROWS)
