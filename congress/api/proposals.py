"""Proposals: drafting, signatures, filing, review, assignment, replies, feedback, the
follow-up list, statistics and the printed records. Same services as the pages."""
import io
from datetime import date

from flask import send_file
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import allow, bp, created, field, json_body, load
from congress.core.errors import Conflict, Invalid
from congress.core.time import isoformat
from congress.core.web import pdf_response
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.people.models import HandlingUnit
from congress.proposals import queries, services
from congress.proposals.models import Proposal
from congress.proposals.records import (assignment_notice_pdf, compendium_pdf, register_xlsx,
                                        unit_notice_pdf)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    sees_units = current_user.can_list_proposals(p.meeting) or current_user.can_handle_proposals()
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


def _load(pid):
    proposal = load(Proposal, pid)
    allow(current_user.can_view_proposal(proposal))
    return proposal


def _done(proposal, status=200):
    db.session.commit()
    payload = proposal_json(proposal)
    return created(payload) if status == 201 else payload


# --- drafting and sponsors ------------------------------------------------------------------

@bp.post("/meetings/<int:mid>/proposals")
def create_proposal(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_draft_proposals(meeting))
    data = json_body()
    proposal = services.create_draft(
        current_user, meeting, title=field(data, "title", str),
        category=field(data, "category", str),
        grounds=field(data, "grounds", str, required=False, default=""),
        measures=field(data, "measures", str, required=False, default=""))
    return _done(proposal, 201)


@bp.get("/meetings/<int:mid>/proposals")
def list_proposals(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_view_meeting(meeting))
    if current_user.can_list_proposals(meeting):
        proposals = queries.meeting_proposals(meeting)
    elif current_user.can_draft_proposals(meeting):
        proposals = queries.signed_by(current_user.delegate)
    elif current_user.can_handle_proposals():
        proposals = queries.assigned_to(current_user.unit_id, meeting)
    else:
        proposals = []
    return {"proposals": [proposal_json(p, brief=True) for p in proposals]}


@bp.get("/proposals/<int:pid>")
def get_proposal(pid):
    return proposal_json(_load(pid))


@bp.patch("/proposals/<int:pid>")
def update_proposal(pid):
    """Save a draft (the editor's autosave); `revision` guards against a stale tab."""
    proposal = _load(pid)
    allow(current_user.can_edit_proposal(proposal))
    data = json_body()
    services.update_draft(current_user, proposal,
                          revision=field(data, "revision", int, required=False),
                          **{name: field(data, name, str, required=False)
                             for name in ("title", "category", "grounds", "measures")})
    return _done(proposal)


@bp.post("/proposals/<int:pid>/invitations")
def invite(pid):
    proposal = _load(pid)
    allow(current_user.can_edit_proposal(proposal))
    delegate_id = field(json_body(), "delegate_id", int)
    services.invite(current_user, proposal, services.load_delegate(proposal.meeting, delegate_id))
    return _done(proposal, 201)


@bp.post("/proposals/<int:pid>/signatures")
def sign(pid):
    proposal = _load(pid)
    allow(current_user.can_sign_proposal(proposal))
    services.sign(current_user, proposal)
    return _done(proposal, 201)


def _sponsor_step(pid, permission, service):
    proposal = _load(pid)
    allow(getattr(current_user, permission)(proposal))
    service(current_user, proposal)
    return _done(proposal)


@bp.post("/proposals/<int:pid>/decline")
def decline(pid):
    return _sponsor_step(pid, "can_sign_proposal", services.decline)


@bp.post("/proposals/<int:pid>/submit")
def submit(pid):
    return _sponsor_step(pid, "can_edit_proposal", services.submit)


@bp.post("/proposals/<int:pid>/suggestion")
def file_as_suggestion(pid):
    return _sponsor_step(pid, "can_edit_proposal", services.file_as_suggestion)


@bp.post("/proposals/<int:pid>/withdraw")
def withdraw(pid):
    return _sponsor_step(pid, "can_edit_proposal", services.withdraw)


# --- committee ------------------------------------------------------------------------------

@bp.post("/proposals/<int:pid>/review")
def review(pid):
    proposal = _load(pid)
    allow(current_user.can_review_proposals(proposal.meeting))
    data = json_body()
    decision = field(data, "decision", str)
    target_id = field(data, "merge_into", int, required=False)
    target = db.session.get(Proposal, target_id) if target_id is not None else None
    if target_id is not None and target is None:
        raise Invalid(_l("merge_into: no such proposal"), field="merge_into")
    services.review(current_user, proposal, decision,
                    field(data, "reason", str, required=False), target)
    return _done(proposal)


@bp.get("/proposals/<int:pid>/similar")
def similar(pid):
    proposal = _load(pid)
    allow(current_user.can_list_proposals(proposal.meeting))
    return {"similar": [proposal_json(p, brief=True) | {"score": score}
                        for score, p in queries.similar_to(proposal)]}


def _unit(unit_id, name):
    unit = db.session.get(HandlingUnit, unit_id)
    if unit is None:
        raise Invalid(_l("%(field)s: no such handling unit", field=name), field=name)
    return unit


@bp.post("/proposals/<int:pid>/assignment")
def assign(pid):
    proposal = _load(pid)
    allow(current_user.can_review_proposals(proposal.meeting))
    data = json_body()
    lead = _unit(field(data, "lead_unit_id", int), "lead_unit_id")
    ids = field(data, "assisting_unit_ids", list, required=False, default=[])
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise Invalid(_l("assisting_unit_ids: must be a list of unit ids"),
                      field="assisting_unit_ids")
    services.assign(current_user, proposal, lead,
                    [_unit(i, "assisting_unit_ids") for i in ids],
                    field(data, "due_on", date, required=False))
    return _done(proposal)


# --- handling units -------------------------------------------------------------------------

@bp.post("/proposals/<int:pid>/return")
def return_assignment(pid):
    proposal = _load(pid)
    allow(current_user.can_return_assignment(proposal))
    services.return_assignment(current_user, proposal, field(json_body(), "reason", str))
    return _done(proposal)


@bp.post("/proposals/<int:pid>/opinions")
def send_opinion(pid):
    proposal = _load(pid)
    allow(current_user.can_send_unit_opinion(proposal))
    services.send_opinion(current_user, proposal, field(json_body(), "text", str))
    return _done(proposal, 201)


@bp.post("/proposals/<int:pid>/replies")
def reply(pid):
    proposal = _load(pid)
    allow(current_user.can_reply_to_proposal(proposal))
    data = json_body()
    services.reply(current_user, proposal, field(data, "outcome", str), field(data, "text", str))
    return _done(proposal, 201)


@bp.get("/handling")
def unit_inbox():
    allow(current_user.can_handle_proposals())
    unit = db.session.get(HandlingUnit, current_user.unit_id)
    return {"unit": {"id": unit.id, "name": unit.name}, "assignments": [
        proposal_json(r.proposal, brief=True) | {
            "lead": r.assignment.is_lead, "due_on": r.assignment.due_on.isoformat(),
            "overdue": r.overdue, "waiting": r.waiting}
        for r in queries.unit_inbox(unit)]}


# --- the sponsor's rating and inbox ---------------------------------------------------------

@bp.post("/proposals/<int:pid>/feedback")
def feedback(pid):
    proposal = _load(pid)
    allow(current_user.can_rate_reply(proposal))
    data = json_body()
    services.rate(current_user, proposal, field(data, "rating", str),
                  field(data, "comment", str, required=False))
    return _done(proposal, 201)


@bp.get("/notices")
def list_notices():
    delegate = current_user.delegate
    allow(delegate is not None)
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
def get_statistics(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_follow_up_proposals(meeting))
    stats = queries.statistics(meeting)

    def tally(t):
        return {k: (_rate(v) if k.endswith("_rate") else v) for k, v in t.as_dict().items()}

    return {"total": tally(stats["total"]),
            "by_category": [{"category": c} | tally(t) for c, t in stats["by_category"].items()],
            "by_unit": [{"unit": u} | tally(t) for u, t in stats["by_unit"].items()]}


@bp.get("/meetings/<int:mid>/proposals/follow-up")
def get_follow_up(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_follow_up_proposals(meeting))
    overdue, soon = queries.follow_up(meeting)

    def row(p, lead, days):
        return proposal_json(p, brief=True) | {"lead_unit": lead.unit.name,
                                               "due_on": lead.due_on.isoformat(), "days": days}

    return {"overdue": [row(*r) for r in overdue], "due_soon": [row(*r) for r in soon]}


@bp.get("/proposals/<int:pid>/assignment.pdf")
def get_assignment_notice(pid):
    proposal = _load(pid)
    allow(current_user.can_print_assignment_notice(proposal))
    if proposal.lead_assignment is None:
        raise Conflict(_l("The assignment notice exists once the proposal is assigned."),
                       code="not_assigned")
    return pdf_response(assignment_notice_pdf(proposal), f"proposal-{pid}-assignment.pdf")


@bp.get("/meetings/<int:mid>/units/<int:uid>/assignments.pdf")
def get_unit_notice(mid, uid):
    meeting = load(Meeting, mid)
    unit = load(HandlingUnit, uid)
    allow(current_user.can_print_unit_notice(unit))
    return pdf_response(unit_notice_pdf(meeting, unit), f"unit-{uid}-assignments.pdf")


@bp.get("/meetings/<int:mid>/records/proposals.pdf")
def get_compendium(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_follow_up_proposals(meeting))
    return pdf_response(compendium_pdf(meeting), f"proposals-{meeting.year}.pdf")


@bp.get("/meetings/<int:mid>/records/proposals.xlsx")
def get_register(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_follow_up_proposals(meeting))
    return send_file(io.BytesIO(register_xlsx(meeting)), mimetype=XLSX, as_attachment=True,
                     download_name=f"proposals-{meeting.year}.xlsx")

