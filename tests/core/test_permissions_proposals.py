"""Permission matrix, part 4: proposals (drafting, signing, filing, review, assignment,
handling, replies, the desk's lists and printed records), pages and API. The machinery is in
tests/core/matrix.py."""
from tests.core.matrix import (
    COMMITTEE,
    OBSERVER,
    OUTSIDER,
    STAFF,
    UNIT,
    D,
    Ok,
    every,
    matrix_tests,
    pdf,
    row,
)
from tests.proposals.conftest import GOOD

P = ("proposals",)
DESK = STAFF | {COMMITTEE}             # who lists proposals, follows them up and prints them
PRINTS_NOTICES = DESK | {UNIT}         # the assignment notices: the desk and the unit


def _status(key, status):
    return lambda w: w.get("Proposal", w.ids[key], "status") == status


def _signer(key, delegate_key, status):
    return lambda w: w.count("ProposalSigner", proposal_id=w.ids[key],
                             delegate_id=w.ids[delegate_key], status=status) == 1


def _returned(w):
    from congress.proposals.handling_models import Assignment

    return w.value(lambda s: s.query(Assignment).filter(
        Assignment.proposal_id == w.ids["pasg"],
        Assignment.return_reason.is_not(None)).count()) == 1


def _notices_read(w):
    from congress.proposals.models import ProposalNotice

    return w.value(lambda s: s.query(ProposalNotice).filter(
        ProposalNotice.delegate_id == w.ids["me"], ProposalNotice.read_at.is_(None)).count()) == 0


PAGES = [
    row("GET /proposals", "/proposals",
        {D: Ok(302, location="/meetings/{mid}/proposals/mine"),
         OUTSIDER: Ok(302, location="/meetings/{other}/proposals/mine"),
         UNIT: Ok(302, location="/handling"),
         frozenset(DESK): Ok(302, location="/meetings/{other}/proposals")}),
    # the delegate's side
    row("GET /meetings/<int:mid>/proposals/mine", "/meetings/{mid}/proposals/mine",
        {D: Ok(200, shows=("关于草稿的提案", "关于邀请联名的提案"))}, parts=P),
    row("POST /meetings/<int:mid>/proposals/notices/read", "/meetings/{mid}/proposals/notices/read",
        {D: Ok(302, location="/meetings/{mid}/proposals/mine", check=_notices_read)}, parts=P),
    row("GET /meetings/<int:mid>/proposals/new", "/meetings/{mid}/proposals/new",
        {D: Ok(200, shows='name="grounds"')}),
    row("POST /meetings/<int:mid>/proposals/new", "/meetings/{mid}/proposals/new",
        {D: Ok(302, location=r"re:/proposals/\d+",
               check=lambda w: w.count("Proposal", title="关于页面新建的提案") == 1)},
        data=GOOD | {"title": "关于页面新建的提案"}),
    row("GET /proposals/<int:pid>", "/proposals/{pid}", {D: Ok(200, shows="关于草稿的提案")},
        parts=P, name="a draft: its sponsors only"),
    row("GET /proposals/<int:pid>", "/proposals/{psub}",
        every(DESK | {D}, Ok(200, shows="关于submitted的提案")), parts=P, name="filed"),
    row("GET /proposals/<int:pid>", "/proposals/{pasg}",
        every(DESK | {D, UNIT}, Ok(200, shows="关于assigned的提案")), parts=P,
        name="assigned: and its units"),
    row("GET /proposals/<int:pid>/edit", "/proposals/{pid}/edit",
        {D: Ok(200, shows="关于草稿的提案")}, parts=P),
    row("POST /proposals/<int:pid>/edit", "/proposals/{pid}/edit",
        {D: Ok(302, location="/proposals/{pid}",
               check=lambda w: w.get("Proposal", w.ids["pid"], "title") == "关于改过的提案")},
        data=GOOD | {"title": "关于改过的提案"}, parts=P),
    row("GET /proposals/<int:pid>/invite", "/proposals/{pid}/invite?q={c1_name}",
        {D: Ok(200, shows="{c1_name}")}, parts=P),
    row("POST /proposals/<int:pid>/invite", "/proposals/{pid}/invite",
        {D: Ok(302, location="/proposals/{pid}", check=_signer("pid", "c1", "invited"))},
        data={"delegate_ids": "{c1}"}, parts=P),
    row("POST /proposals/<int:pid>/<any(sign, decline, submit, suggest, withdraw):action>",
        "/proposals/{pinv}/sign",
        {D: Ok(302, location="/proposals/{pinv}", check=_signer("pinv", "me", "signed"))},
        parts=P, name="sign: the invited"),
    row("POST /proposals/<int:pid>/<any(sign, decline, submit, suggest, withdraw):action>",
        "/proposals/{pready}/submit",
        {D: Ok(302, location="/proposals/{pready}", check=_status("pready", "submitted"))},
        parts=P, name="submit: the lead"),
    # the committee and the units
    row("POST /proposals/<int:pid>/review", "/proposals/{psub}/review",
        {COMMITTEE: Ok(302, location="/proposals/{psub}", check=_status("psub", "accepted"))},
        data={"decision": "accept", "reason": "同意立案", "merge_into": ""}, parts=P),
    row("POST /proposals/<int:pid>/assign", "/proposals/{pacc}/assign",
        {COMMITTEE: Ok(302, location="/proposals/{pacc}", check=_status("pacc", "assigned"))},
        data={"lead_unit_id": "{uid}", "due_on": "2099-12-31"}, parts=P),
    row("POST /proposals/<int:pid>/reply", "/proposals/{pasg}/reply",
        {UNIT: Ok(302, location="/proposals/{pasg}", check=_status("pasg", "replied"))},
        data={"outcome": "B", "text": "已列入明年计划。"}, parts=P),
    row("POST /proposals/<int:pid>/opinion", "/proposals/{passist}/opinion",
        {UNIT: Ok(302, location="/proposals/{passist}",
                  check=lambda w: w.count("UnitOpinion", proposal_id=w.ids["passist"]) == 1)},
        data={"text": "协办单位的意见。"}, parts=P),
    row("POST /proposals/<int:pid>/return", "/proposals/{pasg}/return",
        {UNIT: Ok(302, location="/proposals/{pasg}", check=_returned)},
        data={"reason": "不属于本单位职责。"}, parts=P),
    row("POST /proposals/<int:pid>/rate", "/proposals/{prep}/rate",
        {D: Ok(302, location="/proposals/{prep}", check=_status("prep", "closed"))},
        data={"rating": "satisfied", "comment": ""}, parts=P),
    row("GET /proposals/<int:pid>/assignment.pdf", "/proposals/{pasg}/assignment.pdf",
        every(PRINTS_NOTICES, Ok(200, shows=pdf("关于assigned的提案"))), parts=P),
    # the desk
    row("GET /meetings/<int:mid>/proposals", "/meetings/{mid}/proposals",
        every(DESK, Ok(200, shows="关于submitted的提案")), parts=P),
    row("GET /handling", "/handling",
        {UNIT: Ok(200, shows=("关于assigned的提案", "关于assisting的提案"))},
        parts=P),
    row("GET /meetings/<int:mid>/proposals/follow-up", "/meetings/{mid}/proposals/follow-up",
        every(DESK, Ok(200, shows="关于assigned的提案")), parts=P),
    row("GET /meetings/<int:mid>/proposals/statistics", "/meetings/{mid}/proposals/statistics",
        every(DESK, Ok(200, shows="市住房和城乡建设局")), parts=P),
    row("GET /meetings/<int:mid>/proposals/register.xlsx",
        "/meetings/{mid}/proposals/register.xlsx",
        every(DESK, Ok(200, shows=b"PK")), parts=P),
    row("GET /meetings/<int:mid>/proposals/compendium.pdf",
        "/meetings/{mid}/proposals/compendium.pdf",
        every(DESK, Ok(200, shows=pdf("关于assigned的提案"))), parts=P),
    row("GET /meetings/<int:mid>/units/<int:uid>/assignments.pdf",
        "/meetings/{mid}/units/{uid}/assignments.pdf",
        every(PRINTS_NOTICES, Ok(200, shows=pdf("关于assigned的提案"))),
        parts=P, name="one's own unit"),
    row("GET /meetings/<int:mid>/units/<int:uid>/assignments.pdf",
        "/meetings/{mid}/units/{uid2}/assignments.pdf",
        every(DESK, Ok(200, shows=pdf("关于assisting的提案"))),
        parts=P, name="another unit"),
]

API = [
    row("POST /api/v1/meetings/<int:mid>/proposals", "/api/v1/meetings/{mid}/proposals",
        {D: Ok(201, shows='"status": "draft"',
               check=lambda w: w.count("Proposal", title="关于接口新建的提案") == 1)},
        data=GOOD | {"title": "关于接口新建的提案"}),
    row("GET /api/v1/meetings/<int:mid>/proposals", "/api/v1/meetings/{mid}/proposals",
        {frozenset(DESK): Ok(200, shows="关于submitted的提案"), D: Ok(200, shows="关于草稿的提案"),
         UNIT: Ok(200, shows="关于assigned的提案"), OBSERVER: Ok(200, shows='"proposals": []')},
        parts=P),
    row("GET /api/v1/proposals/<int:pid>", "/api/v1/proposals/{pid}",
        {D: Ok(200, shows="关于草稿的提案")}, parts=P),
    row("PATCH /api/v1/proposals/<int:pid>", "/api/v1/proposals/{pid}",
        {D: Ok(200, shows="补充的案据",
               check=lambda w: w.get("Proposal", w.ids["pid"], "grounds") == "补充的案据")},
        data={"grounds": "补充的案据"}, parts=P),
    row("POST /api/v1/proposals/<int:pid>/invitations", "/api/v1/proposals/{pid}/invitations",
        {D: Ok(201, check=_signer("pid", "c1", "invited"))},
        data=lambda w: {"delegate_id": w.ids["c1"]}, parts=P),
    row("POST /api/v1/proposals/<int:pid>/signatures", "/api/v1/proposals/{pinv}/signatures",
        {D: Ok(201, check=_signer("pinv", "me", "signed"))}, parts=P),
    row("POST /api/v1/proposals/<int:pid>/decline", "/api/v1/proposals/{pinv}/decline",
        {D: Ok(200, check=_signer("pinv", "me", "declined"))}, parts=P),
    row("POST /api/v1/proposals/<int:pid>/submit", "/api/v1/proposals/{pready}/submit",
        {D: Ok(200, shows='"status": "submitted"', check=_status("pready", "submitted"))}, parts=P),
    row("POST /api/v1/proposals/<int:pid>/suggestion", "/api/v1/proposals/{pready}/suggestion",
        {D: Ok(200, shows='"status": "suggestion"', check=_status("pready", "suggestion"))},
        parts=P),
    row("POST /api/v1/proposals/<int:pid>/withdraw", "/api/v1/proposals/{psub}/withdraw",
        {D: Ok(200, shows='"status": "withdrawn"', check=_status("psub", "withdrawn"))}, parts=P),
    row("POST /api/v1/proposals/<int:pid>/review", "/api/v1/proposals/{psub}/review",
        {COMMITTEE: Ok(200, shows='"status": "accepted"', check=_status("psub", "accepted"))},
        data={"decision": "accept", "reason": "同意立案"}, parts=P),
    row("GET /api/v1/proposals/<int:pid>/similar", "/api/v1/proposals/{psub}/similar",
        every(DESK, Ok(200, shows="关于accepted的提案")), parts=P),
    row("POST /api/v1/proposals/<int:pid>/assignment", "/api/v1/proposals/{pacc}/assignment",
        {COMMITTEE: Ok(200, shows='"status": "assigned"', check=_status("pacc", "assigned"))},
        data=lambda w: {"lead_unit_id": w.ids["uid"], "assisting_unit_ids": [],
                        "due_on": "2099-12-31"}, parts=P),
    row("POST /api/v1/proposals/<int:pid>/return", "/api/v1/proposals/{pasg}/return",
        {UNIT: Ok(200, check=_returned)}, data={"reason": "不属于本单位职责。"}, parts=P),
    row("POST /api/v1/proposals/<int:pid>/opinions", "/api/v1/proposals/{passist}/opinions",
        {UNIT: Ok(201, check=lambda w: w.count("UnitOpinion", proposal_id=w.ids["passist"]) == 1)},
        data={"text": "协办单位的意见。"}, parts=P),
    row("POST /api/v1/proposals/<int:pid>/replies", "/api/v1/proposals/{pasg}/replies",
        {UNIT: Ok(201, shows='"status": "replied"', check=_status("pasg", "replied"))},
        data={"outcome": "B", "text": "已列入明年计划。"}, parts=P),
    row("GET /api/v1/handling", "/api/v1/handling", {UNIT: Ok(200, shows="关于assigned的提案")},
        parts=P),
    row("POST /api/v1/proposals/<int:pid>/feedback", "/api/v1/proposals/{prep}/feedback",
        {D: Ok(201, shows='"status": "closed"', check=_status("prep", "closed"))},
        data={"rating": "satisfied"}, parts=P),
    row("GET /api/v1/notices", "/api/v1/notices",
        {D: Ok(200, shows="关于邀请联名的提案"), OUTSIDER: Ok(200, shows='"notices": []')},
        parts=P),
    row("GET /api/v1/meetings/<int:mid>/proposals/statistics",
        "/api/v1/meetings/{mid}/proposals/statistics",
        every(DESK, Ok(200, shows="市住房和城乡建设局")),
        parts=P),
    row("GET /api/v1/meetings/<int:mid>/proposals/follow-up",
        "/api/v1/meetings/{mid}/proposals/follow-up",
        every(DESK, Ok(200, shows="关于assigned的提案")),
        parts=P),
    row("GET /api/v1/proposals/<int:pid>/assignment.pdf", "/api/v1/proposals/{pasg}/assignment.pdf",
        every(PRINTS_NOTICES, Ok(200, shows=pdf("关于assigned的提案"))), parts=P),
    row("GET /api/v1/meetings/<int:mid>/units/<int:uid>/assignments.pdf",
        "/api/v1/meetings/{mid}/units/{uid}/assignments.pdf",
        every(PRINTS_NOTICES, Ok(200, shows=pdf("关于assigned的提案"))), parts=P),
    row("GET /api/v1/meetings/<int:mid>/records/proposals.pdf",
        "/api/v1/meetings/{mid}/records/proposals.pdf",
        every(DESK, Ok(200, shows=pdf("关于assigned的提案"))),
        parts=P),
    row("GET /api/v1/meetings/<int:mid>/records/proposals.xlsx",
        "/api/v1/meetings/{mid}/records/proposals.xlsx", every(DESK, Ok(200, shows=b"PK")),
        parts=P),
]
ROWS = PAGES + API

test_route_permissions = matrix_tests(ROWS)
