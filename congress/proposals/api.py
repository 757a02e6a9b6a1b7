"""The proposals area's API: drafting, signatures, filing, review, assignment, replies,
feedback, the follow-up list, statistics and the printed records. Same services and the same
load-and-check (access.py) as the pages."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import bp, created
from congress.api.spec import body, operation
from congress.core.auth import authorize
from congress.core.errors import Invalid
from congress.core.time import isoformat
from congress.core.web import pdf_response
from congress.extensions import db
from congress.meetings.access import load_meeting
from congress.people.models import HandlingUnit
from congress.proposals import handling, queries, services
from congress.proposals.access import (
    load_follow_up_meeting,
    load_proposal,
    load_unit,
    own_delegate,
    own_unit,
    sees_unit_work,
    visible_proposals,
)
from congress.proposals.models import Proposal
from congress.proposals.records import (
    XLSX,
    assignment_notice_name,
    assignment_notice_pdf,
    compendium_name,
    compendium_pdf,
    register_download,
    unit_notice_name,
    unit_notice_pdf,
)
from congress.proposals.schemas import (
    AssignmentReturn,
    FollowUp,
    NewAssignment,
    NewFeedback,
    NewInvitation,
    NewOpinion,
    NewProposal,
    NewReply,
    NoticeList,
    ProposalChanges,
    ProposalList,
    ProposalOut,
    ProposalReview,
    ProposalStatistics,
    SimilarList,
    UnitInbox,
)

PDF = "application/pdf"
TAG = "proposals"
STATE = "Not possible in the proposal's present state"


def _person(delegate):
    return {"id": delegate.id, "name": delegate.name, "delegation": delegate.delegation.name}


def _signer(s):
    return _person(s.delegate) | {"role": s.role.value, "status": s.status.value,
                                  "invited_at": isoformat(s.invited_at),
                                  "answered_at": isoformat(s.answered_at)}


def _assignment(a):
    return {"id": a.id, "unit": {"id": a.unit_id, "name": a.unit.name}, "lead": a.is_lead,
            "round": a.round, "due_on": a.due_on.isoformat(),
            "assigned_at": isoformat(a.assigned_at), "ended_at": isoformat(a.ended_at),
            "return_reason": a.return_reason}


def proposal_json(p, brief=False):
    payload = {
        "id": p.id, "meeting_id": p.meeting_id, "number": p.number, "title": p.title,
        "category": p.category, "status": p.status.value, "round": p.round,
        "lead": _person(p.lead), "signers": [_signer(s) for s in p.signed],
        "signed_count": len(p.signed), "min_signers": p.meeting.min_signers,
        "submitted_at": isoformat(p.submitted_at), "updated_at": isoformat(p.updated_at),
        "merged_into": p.merged_into_id,
    }
    if brief:
        return payload
    lead = p.lead_assignment
    sees_units = sees_unit_work(current_user, p.meeting)
    replies = list(p.replies)
    if p.merged_into is not None:  # a merged proposal's sponsors get the reply of the merger
        replies += list(p.merged_into.replies)
    payload |= {
        "grounds": p.grounds, "measures": p.measures, "revision": p.revision,
        "body_length": p.body_length,
        "invitations": [_signer(s) for s in p.invitations],
        "review": None if p.reviewed_at is None else {
            "decision": {"accepted": "accept", "rejected": "reject", "merged": "merge"}.get(
                p.status.value, "accept"),
            "reason": p.review_reason, "reviewed_at": isoformat(p.reviewed_at)},
        "merged": [{"id": m.id, "title": m.title, "lead": _person(m.lead)} for m in p.merged],
        "assignment": None if lead is None else {
            "lead_unit": {"id": lead.unit_id, "name": lead.unit.name},
            "assisting_units": [{"id": a.unit_id, "name": a.unit.name}
                                for a in p.assisting_assignments],
            "due_on": lead.due_on.isoformat(), "round": lead.round,
            "overdue": p.is_overdue(services.local_today())},
        "replies": [{"id": r.id, "proposal_id": r.proposal_id, "round": r.round,
                     "unit": {"id": r.unit_id, "name": r.unit.name}, "outcome": r.outcome.value,
                     "text": r.text, "due_on": r.due_on.isoformat(), "on_time": r.is_on_time,
                     "created_at": isoformat(r.created_at)} for r in replies],
        "feedback": [{"round": f.round, "rating": f.rating.value, "comment": f.comment,
                      "created_at": isoformat(f.created_at)} for f in p.feedback],
        "history": [{"at": isoformat(e.at), "kind": e.kind,
                     "actor": e.actor.name if e.actor else None, "data": e.data}
                    for e in p.events],
    }
    if sees_units:
        payload["assignments"] = [_assignment(a) for a in p.assignments]
        payload["opinions"] = [{"unit": {"id": o.unit_id, "name": o.unit.name}, "round": o.round,
                                "text": o.text, "created_at": isoformat(o.created_at)}
                               for o in p.opinions]
    if p.is_draft:
        payload["problems"] = [{"field": f, "message": str(m)}
                               for f, m in services.readiness_problems(p)]
        payload["can_file"] = not services.filing_blockers(p) and not payload["problems"]
    return payload


def _done(proposal, status=200):
    db.session.commit()
    payload = proposal_json(proposal)
    return created(payload) if status == 201 else payload


# --- drafting and sponsors ------------------------------------------------------------------

@bp.post("/meetings/<int:mid>/proposals")
@operation("Start a draft (delegate); the author is the lead sponsor", tag=TAG,
           body=NewProposal, ok=ProposalOut, status=201)
def create_proposal(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_draft_proposals(meeting))
    data = body()
    proposal = services.create_draft(current_user, meeting, title=data.title,
                                     category=data.category, grounds=data.grounds or "",
                                     measures=data.measures or "")
    return _done(proposal, 201)


@bp.get("/meetings/<int:mid>/proposals")
@operation("Proposals the user may see: filed ones for the committee and staff, one's own for "
           "a delegate, the assigned ones for a unit", tag=TAG, ok=ProposalList)
def list_proposals(mid):
    meeting = load_meeting(mid)
    return {"proposals": [proposal_json(p, brief=True)
                          for p in visible_proposals(current_user, meeting)]}


@bp.get("/proposals/<int:pid>")
@operation("One proposal with its signers, replies and history", tag=TAG, ok=ProposalOut)
def get_proposal(pid):
    return proposal_json(load_proposal(pid))


@bp.patch("/proposals/<int:pid>")
@operation("Save the draft (lead sponsor; the editor's autosave)", tag=TAG,
           body=ProposalChanges, ok=ProposalOut,
           conflicts="Filed already, or a stale revision (code stale_revision)")
def update_proposal(pid):
    """Save a draft (the editor's autosave); `revision` guards against a stale tab."""
    proposal = load_proposal(pid, "edit")
    data = body()
    services.update_draft(current_user, proposal, revision=data.revision, title=data.title,
                          category=data.category, grounds=data.grounds, measures=data.measures)
    return _done(proposal)


@bp.post("/proposals/<int:pid>/invitations")
@operation("Invite a co-signer (lead sponsor, draft)", tag=TAG, body=NewInvitation,
           ok=ProposalOut, status=201, conflicts=STATE)
def invite(pid):
    proposal = load_proposal(pid, "edit")
    delegate = services.load_delegate(proposal.meeting, body().delegate_id)
    services.invite(current_user, proposal, delegate)
    return _done(proposal, 201)


@bp.post("/proposals/<int:pid>/signatures")
@operation("Co-sign (an invited delegate, draft)", tag=TAG, ok=ProposalOut, status=201,
           conflicts=STATE)
def sign(pid):
    proposal = load_proposal(pid, "sign")
    services.sign(current_user, proposal)
    return _done(proposal, 201)


def _sponsor_step(pid, purpose, service):
    proposal = load_proposal(pid, purpose)
    service(current_user, proposal)
    return _done(proposal)


@bp.post("/proposals/<int:pid>/decline")
@operation("Decline an invitation, or take a signature back (draft)", tag=TAG,
           ok=ProposalOut, conflicts=STATE)
def decline(pid):
    return _sponsor_step(pid, "sign", services.decline)


@bp.post("/proposals/<int:pid>/submit")
@operation("File (lead sponsor)", tag=TAG, ok=ProposalOut,
           conflicts="too_few_signers, deadline_passed, or not a draft",
           description="422 when the draft is not in the form 关于……的提案 or too long.")
def submit(pid):
    return _sponsor_step(pid, "edit", services.submit)


@bp.post("/proposals/<int:pid>/suggestion")
@operation("File as a suggestion (意见建议) instead", tag=TAG, ok=ProposalOut,
           conflicts=STATE)
def file_as_suggestion(pid):
    return _sponsor_step(pid, "edit", services.file_as_suggestion)


@bp.post("/proposals/<int:pid>/withdraw")
@operation("Withdraw (lead sponsor) until reviewed", tag=TAG, ok=ProposalOut,
           conflicts=STATE)
def withdraw(pid):
    return _sponsor_step(pid, "edit", services.withdraw)


# --- committee ------------------------------------------------------------------------------

@bp.post("/proposals/<int:pid>/review")
@operation("Review (committee): accept, reject (needs a reason) or merge into another",
           tag=TAG, body=ProposalReview, ok=ProposalOut, conflicts=STATE)
def review(pid):
    proposal = load_proposal(pid, "review")
    data = body()
    target = db.session.get(Proposal, data.merge_into) if data.merge_into is not None else None
    if data.merge_into is not None and target is None:
        raise Invalid(_l("merge_into: no such proposal"), field="merge_into")
    handling.review(current_user, proposal, data.decision, data.reason, target)
    return _done(proposal)


@bp.get("/proposals/<int:pid>/similar")
@operation("Similar filed proposals (committee, staff)", tag=TAG, ok=SimilarList)
def similar(pid):
    proposal = load_proposal(pid, "compare")
    return {"similar": [proposal_json(p, brief=True) | {"score": score}
                        for score, p in queries.similar_to(proposal)]}


def _unit(unit_id, name):
    unit = db.session.get(HandlingUnit, unit_id)
    if unit is None:
        raise Invalid(_l("%(field)s: no such handling unit", field=name), field=name)
    return unit


@bp.post("/proposals/<int:pid>/assignment")
@operation("Assign to a lead unit and assisting units (committee)", tag=TAG,
           body=NewAssignment, ok=ProposalOut, conflicts=STATE,
           description="due_on defaults to the handling period (3 months).")
def assign(pid):
    proposal = load_proposal(pid, "review")
    data = body()
    lead = _unit(data.lead_unit_id, "lead_unit_id")
    assisting = [_unit(i, "assisting_unit_ids") for i in data.assisting_unit_ids or []]
    handling.assign(current_user, proposal, lead, assisting, data.due_on)
    return _done(proposal)


# --- handling units -------------------------------------------------------------------------

@bp.post("/proposals/<int:pid>/return")
@operation("Return a wrong assignment within the window (a unit of the assignment)", tag=TAG,
           body=AssignmentReturn, ok=ProposalOut, conflicts=STATE)
def return_assignment(pid):
    proposal = load_proposal(pid, "return")
    handling.return_assignment(current_user, proposal, body().reason)
    return _done(proposal)


@bp.post("/proposals/<int:pid>/opinions")
@operation("Send an assisting unit's views to the lead unit", tag=TAG, body=NewOpinion,
           ok=ProposalOut, status=201, conflicts=STATE)
def send_opinion(pid):
    proposal = load_proposal(pid, "opinion")
    handling.send_opinion(current_user, proposal, body().text)
    return _done(proposal, 201)


@bp.post("/proposals/<int:pid>/replies")
@operation("Reply (a user of the lead unit); another unit's user gets 403", tag=TAG,
           body=NewReply, ok=ProposalOut, status=201, conflicts=STATE)
def reply(pid):
    proposal = load_proposal(pid, "reply")
    data = body()
    handling.reply(current_user, proposal, data.outcome, data.text)
    return _done(proposal, 201)


@bp.get("/handling")
@operation("A handling unit's inbox: its current assignments with due dates", tag=TAG,
           ok=UnitInbox)
def unit_inbox():
    unit = own_unit()
    return {"unit": {"id": unit.id, "name": unit.name}, "assignments": [
        proposal_json(r.proposal, brief=True) | {
            "lead": r.assignment.is_lead, "due_on": r.assignment.due_on.isoformat(),
            "overdue": r.overdue, "waiting": r.waiting}
        for r in queries.unit_inbox(unit)]}


# --- the sponsor's rating and inbox ---------------------------------------------------------

@bp.post("/proposals/<int:pid>/feedback")
@operation("Rate the reply (lead sponsor): closed, or assigned again when unsatisfied",
           tag=TAG, body=NewFeedback, ok=ProposalOut, status=201, conflicts=STATE)
def feedback(pid):
    proposal = load_proposal(pid, "rate")
    data = body()
    handling.rate(current_user, proposal, data.rating, data.comment)
    return _done(proposal, 201)


@bp.get("/notices")
@operation("The delegate's inbox: decisions, replies and open invitations", tag=TAG,
           ok=NoticeList)
def list_notices():
    delegate = own_delegate()
    return {"notices": [{"id": n.id, "proposal_id": n.proposal_id, "kind": n.kind,
                         "data": n.data, "created_at": isoformat(n.created_at),
                         "read": n.read_at is not None}
                        for n in queries.notices(delegate)],
            "invitations": [proposal_json(p, brief=True)
                            for p, _s in queries.open_invitations(delegate)]}


# --- follow-up, statistics, records ---------------------------------------------------------

def _rate(value):
    return None if value is None else round(value, 6)


@bp.get("/meetings/<int:mid>/proposals/statistics")
@operation("Filed, accepted, 办复率 and 满意率, by category and by unit", tag=TAG,
           ok=ProposalStatistics)
def get_statistics(mid):
    stats = queries.statistics(load_follow_up_meeting(mid))

    def tally(t):
        return {k: (_rate(v) if k.endswith("_rate") else v) for k, v in t.as_dict().items()}

    return {"total": tally(stats["total"]),
            "by_category": [{"category": c} | tally(t) for c, t in stats["by_category"].items()],
            "by_unit": [{"unit": u} | tally(t) for u, t in stats["by_unit"].items()]}


@bp.get("/meetings/<int:mid>/proposals/follow-up")
@operation("The follow-up list (督办): overdue and due within a week", tag=TAG, ok=FollowUp)
def get_follow_up(mid):
    overdue, soon = queries.follow_up(load_follow_up_meeting(mid))

    def row(p, lead, days):
        return proposal_json(p, brief=True) | {"lead_unit": lead.unit.name,
                                               "due_on": lead.due_on.isoformat(), "days": days}

    return {"overdue": [row(*r) for r in overdue], "due_soon": [row(*r) for r in soon]}


@bp.get("/proposals/<int:pid>/assignment.pdf")
@operation("The assignment notice (交办单) as PDF", tag=TAG, content=PDF,
           conflicts="Not assigned yet")
def get_assignment_notice(pid):
    proposal = load_proposal(pid, "print")
    proposal.require_lead_assignment()
    return pdf_response(assignment_notice_pdf(proposal), f"proposal-{pid}-assignment.pdf",
                        assignment_notice_name(proposal))


@bp.get("/meetings/<int:mid>/units/<int:uid>/assignments.pdf")
@operation("The assignment notices of one unit (交办清单 and 交办单) as PDF", tag=TAG,
           content=PDF)
def get_unit_notice(mid, uid):
    meeting = load_meeting(mid)
    unit = load_unit(uid)
    return pdf_response(unit_notice_pdf(meeting, unit), f"unit-{uid}-assignments.pdf",
                        unit_notice_name(meeting, unit))


@bp.get("/meetings/<int:mid>/records/proposals.pdf")
@operation("The compendium (提案汇编) as PDF", tag=TAG, content=PDF)
def get_compendium(mid):
    meeting = load_follow_up_meeting(mid)
    return pdf_response(compendium_pdf(meeting), f"proposals-{meeting.year}.pdf",
                        compendium_name(meeting))


@bp.get("/meetings/<int:mid>/records/proposals.xlsx")
@operation("The register (提案登记表) as XLSX", tag=TAG, content=XLSX)
def get_register(mid):
    meeting = load_follow_up_meeting(mid)
    return register_download(meeting)
