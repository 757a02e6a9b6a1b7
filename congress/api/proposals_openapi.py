"""The Proposals part of the OpenAPI document (merged into openapi.spec())."""
from congress.api.openapi import DT, ERROR, PDF, B, I, N, S, _obj, _op

D = {"type": "string", "format": "date"}
NULL_S = {"type": ["string", "null"]}
PERSON = _obj(("id", "name", "delegation"), id=I, name=S, delegation=S)
SIGNER = {"allOf": [PERSON, _obj(("role", "status"), role={"enum": ["lead", "cosigner"]},
                                 status={"enum": ["invited", "signed", "declined"]},
                                 invited_at=DT, answered_at=DT)]}
UNIT = _obj(("id", "name"), id=I, name=S)
STATUS = {"type": "string", "enum": ["draft", "submitted", "withdrawn", "suggestion", "accepted",
                                     "rejected", "merged", "assigned", "replied", "closed"]}
BRIEF = _obj(("id", "status", "signers"), id=I, meeting_id=I, number={"type": ["integer", "null"]},
             title=S, category=S, status=STATUS, round=I, lead=PERSON,
             signers={"type": "array", "items": SIGNER}, signed_count=I, min_signers=I,
             submitted_at=DT, updated_at=DT, merged_into={"type": ["integer", "null"]})
REPLY = _obj(("outcome", "text"), id=I, proposal_id=I, round=I, unit=UNIT,
             outcome={"enum": ["A", "B", "C", "D"]}, text=S, due_on=D, on_time=B, created_at=DT)
PROPOSAL = {"allOf": [BRIEF, _obj(
    ("history",), grounds=S, measures=S, revision=I, body_length=I,
    invitations={"type": "array", "items": SIGNER},
    review={"oneOf": [{"type": "null"}, _obj(decision={"enum": ["accept", "reject", "merge"]},
                                             reason=NULL_S, reviewed_at=DT)]},
    merged={"type": "array", "items": _obj(id=I, title=S, lead=PERSON)},
    assignment={"oneOf": [{"type": "null"}, _obj(
        lead_unit=UNIT, assisting_units={"type": "array", "items": UNIT}, due_on=D, round=I,
        overdue=B)]},
    replies={"type": "array", "items": REPLY},
    feedback={"type": "array", "items": _obj(round=I, rating=S, comment=NULL_S,
                                             created_at=DT)},
    history={"type": "array", "items": _obj(("at", "kind"), at=DT, kind=S, actor=NULL_S,
                                            data={"type": "object"})},
    assignments={"type": "array", "items": {"type": "object"}},
    opinions={"type": "array", "items": {"type": "object"}},
    problems={"type": "array", "items": _obj(field=S, message=S)}, can_file=B)]}
TALLY = _obj(filed=I, accepted=I, merged=I, rejected=I, assigned=I, replied=I, replied_on_time=I,
             overdue=I, rated=I, ratings={"type": "object"},
             on_time_rate={"type": ["number", "null"]}, reply_rate={"type": ["number", "null"]},
             satisfaction_rate={"type": ["number", "null"]})
CONFLICT = ("Not possible in the proposal's present state", ERROR)


def _p(summary, *, body=None, ok=200, ok_text="The proposal", params=("pid",), schema=PROPOSAL,
       conflict=True):
    responses = {ok: (ok_text, schema)}
    if conflict:
        responses[409] = CONFLICT
    return _op(summary, tag="proposals", params=params, body=body, responses=responses)


def paths():
    mid = ("mid",)
    return {
        "/meetings/{mid}/proposals": {
            "post": _p("Start a draft (delegate); the author is the lead sponsor", params=mid,
                       ok=201, conflict=False, body=_obj(("title", "category"), title=S,
                                                         category=S, grounds=S, measures=S)),
            "get": _p("Proposals the user may see: filed ones for the committee and staff, "
                      "one's own for a delegate, the assigned ones for a unit", params=mid,
                      conflict=False, ok_text="Proposals",
                      schema=_obj(proposals={"type": "array", "items": BRIEF}))},
        "/proposals/{pid}": {
            "get": _p("One proposal with its signers, replies and history", conflict=False),
            "patch": _p("Save the draft (lead sponsor; the editor's autosave). A stale revision "
                        "is 409 stale_revision", body=_obj(title=S, category=S, grounds=S,
                                                           measures=S, revision=I))},
        "/proposals/{pid}/invitations": {"post": _p(
            "Invite a co-signer (lead sponsor, draft)", ok=201,
            body=_obj(("delegate_id",), delegate_id=I))},
        "/proposals/{pid}/signatures": {"post": _p("Co-sign (an invited delegate, draft)",
                                                   ok=201)},
        "/proposals/{pid}/decline": {"post": _p(
            "Decline an invitation, or take a signature back (draft)")},
        "/proposals/{pid}/submit": {"post": _p(
            "File (lead sponsor): 409 too_few_signers or deadline_passed; 422 when the draft is "
            "not in the form 关于……的提案 or too long")},
        "/proposals/{pid}/suggestion": {"post": _p("File as a suggestion (意见建议) instead")},
        "/proposals/{pid}/withdraw": {"post": _p("Withdraw (lead sponsor) until reviewed")},
        "/proposals/{pid}/review": {"post": _p(
            "Review (committee): accept, reject (needs a reason) or merge into another",
            body=_obj(("decision",), decision={"enum": ["accept", "reject", "merge"]}, reason=S,
                      merge_into=I))},
        "/proposals/{pid}/similar": {"get": _p(
            "Similar filed proposals (committee, staff)", conflict=False, ok_text="Similar",
            schema=_obj(similar={"type": "array", "items": {"allOf": [BRIEF, _obj(
                score=N)]}}))},
        "/proposals/{pid}/assignment": {"post": _p(
            "Assign to a lead unit and assisting units (committee); due_on defaults to the "
            "handling period (3 months)", body=_obj(("lead_unit_id",), lead_unit_id=I,
                                                    assisting_unit_ids={"type": "array",
                                                                        "items": I},
                                                    due_on=D))},
        "/proposals/{pid}/return": {"post": _p(
            "Return a wrong assignment within the window (a unit of the assignment)",
            body=_obj(("reason",), reason=S))},
        "/proposals/{pid}/opinions": {"post": _p(
            "Send an assisting unit's views to the lead unit", ok=201,
            body=_obj(("text",), text=S))},
        "/proposals/{pid}/replies": {"post": _p(
            "Reply (a user of the lead unit); another unit's user gets 403", ok=201,
            body=_obj(("outcome", "text"), outcome={"enum": ["A", "B", "C", "D"]}, text=S))},
        "/proposals/{pid}/feedback": {"post": _p(
            "Rate the reply (lead sponsor): closed, or assigned again when unsatisfied", ok=201,
            body=_obj(("rating",), rating={"enum": ["satisfied", "basically_satisfied",
                                                    "unsatisfied"]}, comment=S))},
        "/proposals/{pid}/assignment.pdf": {"get": _op(
            "The assignment notice (交办单) as PDF", tag="proposals", params=("pid",),
            responses={200: ("The notice", PDF), 409: ("Not assigned yet", ERROR)})},
        "/notices": {"get": _op(
            "The delegate's inbox: decisions, replies and open invitations", tag="proposals",
            responses={200: ("Notices", _obj(notices={"type": "array", "items": _obj(
                id=I, proposal_id=I, kind=S, data={"type": "object"}, created_at=DT, read=B)},
                invitations={"type": "array", "items": BRIEF}))})},
        "/handling": {"get": _op(
            "A handling unit's inbox: its current assignments with due dates", tag="proposals",
            responses={200: ("Assignments", _obj(unit=UNIT, assignments={
                "type": "array", "items": {"allOf": [BRIEF, _obj(lead=B, due_on=D, overdue=B,
                                                                 waiting=B)]}}))})},
        "/meetings/{mid}/proposals/statistics": {"get": _op(
            "Filed, accepted, 办复率 and 满意率, by category and by unit", tag="proposals",
            params=mid, responses={200: ("Statistics", _obj(
                total=TALLY, by_category={"type": "array", "items": TALLY},
                by_unit={"type": "array", "items": TALLY}))})},
        "/meetings/{mid}/proposals/follow-up": {"get": _op(
            "The follow-up list (督办): overdue and due within a week", tag="proposals",
            params=mid, responses={200: ("Follow-up", _obj(
                overdue={"type": "array", "items": BRIEF},
                due_soon={"type": "array", "items": BRIEF}))})},
        "/meetings/{mid}/units/{uid}/assignments.pdf": {"get": _op(
            "The assignment notices of one unit (交办清单 and 交办单) as PDF", tag="proposals",
            params=("mid", "uid"), responses={200: ("The notices", PDF)})},
        "/meetings/{mid}/records/proposals.pdf": {"get": _op(
            "The compendium (提案汇编) as PDF", tag="proposals", params=mid,
            responses={200: ("The compendium", PDF)})},
        "/meetings/{mid}/records/proposals.xlsx": {"get": _op(
            "The register (提案登记表) as XLSX", tag="proposals", params=mid,
            responses={200: ("The register", {"type": "string", "format": "binary"})})},
    }
