"""Ballots: create, open, close, vote, read, receipts and the result sheet."""
from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from congress.api.base import (allow, bp, created, field, found, json_body, load,
                               reads_first)
from congress.ballots import casting, services
from congress.ballots.models import Ballot
from congress.ballots.records import result_sheet_pdf
from congress.core.errors import Conflict, Invalid
from congress.core.web import pdf_response
from congress.extensions import db
from congress.meetings.models import Meeting


def _rate(value):
    return None if value is None else float(value)


def results_json(ballot):
    frozen = services.results(ballot)
    if frozen is None:
        return None
    return {"quorum_met": frozen["quorum_met"], "subjects": [
        {"id": r.subject_id, "title": r.subject.title, "counts": r.counts, "abstain": r.abstain,
         "favourable_rate": _rate(r.favourable_rate), "score": _rate(r.score), "rank": r.rank,
         **({"passed": r.passed} if r.passed is not None else {})}
        for r in frozen["subjects"]]}


def ballot_json(ballot):
    payload = {
        "id": ballot.id, "meeting_id": ballot.meeting_id, "title": ballot.title,
        "kind": ballot.kind.value, "status": ballot.status.value,
        "subjects": [{"id": s.id, "title": s.title} for s in ballot.subjects],
        "options": [{"id": o.id, "label": o.label, "weight": float(o.weight),
                     "favourable": o.is_favourable} for o in ballot.options],
        "turnout": services.turnout(ballot),
        "results": results_json(ballot),
    }
    if ballot.is_closed:
        payload |= {"due": ballot.due_at_close, "present": ballot.present_at_close,
                    "cast": ballot.cast_count, "blank": ballot.blank_count,
                    "receipts_digest": ballot.receipts_digest}
    if current_user.delegate is not None:
        payload["voted"] = casting.has_voted(current_user.delegate, ballot)
    return payload


@bp.post("/meetings/<int:mid>/ballots")
def create_ballot(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_manage_ballots(meeting))
    data = json_body()
    subjects = field(data, "subjects", list)
    if not all(isinstance(s, dict) and isinstance(s.get("title"), str) for s in subjects):
        raise Invalid(_l("subjects: each subject is an object with a title"), field="subjects")
    options = field(data, "options", list, required=False)
    if options is not None and not all(isinstance(o, dict) for o in options):
        raise Invalid(_l("options: each option is an object with label, weight, favourable"),
                      field="options")
    ballot = services.create_ballot(
        current_user, meeting, title=field(data, "title", str), kind=field(data, "kind", str),
        subjects=[s["title"] for s in subjects], options=options,
        pass_ratio=field(data, "pass_ratio", float, required=False, default=0.5))
    db.session.commit()
    return created(ballot_json(ballot))


@bp.get("/meetings/<int:mid>/ballots")
def list_ballots(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_view_meeting(meeting))
    ballots = db.session.scalars(select(Ballot).where(Ballot.meeting_id == meeting.id)
                                 .order_by(Ballot.id))
    return {"ballots": [ballot_json(b) for b in ballots]}


@bp.get("/ballots/<int:bid>")
def get_ballot(bid):
    ballot = load(Ballot, bid)
    allow(current_user.can_view_ballot(ballot))
    return ballot_json(ballot)


@bp.delete("/ballots/<int:bid>")
def delete_ballot(bid):
    ballot = load(Ballot, bid)
    allow(current_user.can_manage_ballots(ballot.meeting))
    services.delete_ballot(current_user, ballot)
    db.session.commit()
    return "", 204


@bp.post("/ballots/<int:bid>/open")
def open_ballot(bid):
    ballot = load(Ballot, bid)
    allow(current_user.can_run_ballots(ballot.meeting))
    services.open_ballot(current_user, ballot)
    db.session.commit()
    return ballot_json(ballot)


@bp.post("/ballots/<int:bid>/close")
def close_ballot(bid):
    ballot = load(Ballot, bid)
    allow(current_user.can_run_ballots(ballot.meeting))
    services.close_ballot(current_user, ballot)
    db.session.commit()
    return ballot_json(ballot)


@bp.post("/ballots/<int:bid>/votes")
@reads_first
def cast_vote(bid):
    ballot = found(casting.vote_target(bid, current_user.delegate), Ballot)
    allow(current_user.can_vote(ballot))
    data = json_body()
    if "choices" not in data:
        raise Invalid(_l("choices: is required"), field="choices")
    key = data.get("idempotency_key", request.headers.get("Idempotency-Key"))
    receipt, _is_new = casting.cast_vote(current_user.delegate, ballot, data["choices"], key)
    db.session.commit()
    return created({"receipt": receipt})


@bp.get("/ballots/<int:bid>/turnout")
def get_turnout(bid):
    ballot = load(Ballot, bid)
    allow(current_user.can_run_ballots(ballot.meeting))
    return services.turnout(ballot) | {"not_voted": [
        {"id": i, "name": name, "delegation": delegation, "seat": seat}
        for i, name, delegation, seat in services.not_yet_voted(ballot)]}


@bp.get("/ballots/<int:bid>/receipts")
def get_receipts(bid):
    ballot = load(Ballot, bid)
    allow(current_user.can_view_ballot(ballot))
    if not ballot.is_closed:
        raise Conflict(_l("Receipts are published when the ballot closes."),
                       code="ballot_not_closed")
    return {"receipts": services.receipt_list(ballot), "digest": ballot.receipts_digest}


@bp.get("/ballots/<int:bid>/results.pdf")
def get_result_sheet(bid):
    ballot = load(Ballot, bid)
    allow(current_user.can_view_ballot(ballot))
    if not ballot.is_closed:
        raise Conflict(_l("The result sheet exists once the ballot is closed."),
                       code="ballot_not_closed")
    return pdf_response(result_sheet_pdf(ballot), f"ballot-{ballot.id}-results.pdf")
