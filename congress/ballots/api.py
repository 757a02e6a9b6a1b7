"""The ballots area's API: create, open, close, vote, read, receipts and the result sheet."""
from flask import request
from flask_login import current_user
from sqlalchemy import select

from congress.api.base import bp, created, reads_first
from congress.api.spec import body, operation
from congress.ballots import casting, paper, services
from congress.ballots.access import load_ballot, load_vote_target
from congress.ballots.models import Ballot
from congress.ballots.records import result_sheet_name, result_sheet_pdf
from congress.ballots.schemas import (
    BallotList,
    BallotOut,
    NewBallot,
    NewRound,
    NewVote,
    ReceiptList,
    TurnoutOut,
    VoteReceipt,
)
from congress.core.auth import authorize
from congress.core.web import pdf_response
from congress.extensions import db
from congress.meetings.access import load_meeting


def _rate(value):
    return None if value is None else float(value)


def results_json(ballot):
    frozen = services.results(ballot)
    if frozen is None:
        return None
    payload = {"quorum_met": frozen["quorum_met"], "subjects": [
        {"id": r.subject_id, "title": r.subject.title, "counts": r.counts, "abstain": r.abstain,
         "favourable_rate": _rate(r.favourable_rate), "score": _rate(r.score), "rank": r.rank,
         **({"passed": r.passed} if r.passed is not None else {}),
         **({"votes_for": r.votes_for, "elected": r.elected} if ballot.is_election else {})}
        for r in frozen["subjects"]]}
    if ballot.is_election:
        payload |= {"valid": ballot.valid_count, "invalid": ballot.invalid_count,
                    "write_ins": [{"name": w["name"], "votes": w["votes"],
                                   "elected": bool(w.get("elected"))}
                                  for w in ballot.write_in_results or ()],
                    "runoff_needed": ballot.runoff_needed}
    return payload


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
    if ballot.is_election:
        payload |= {"seats": ballot.seats, "write_ins": ballot.write_ins,
                    "elect_base": ballot.elect_base.value, "round_of": ballot.round_of_id}
    if ballot.is_closed:
        payload |= {"due": ballot.due_at_close, "present": ballot.present_at_close,
                    "cast": ballot.cast_count, "blank": ballot.blank_count,
                    "receipts_digest": ballot.receipts_digest}
    issued = paper.issued_count(ballot)
    if issued:
        payload["papers"] = {"issued": issued} | ({
            "returned": ballot.papers_returned, "invalid": ballot.invalid_count}
            if ballot.is_closed else {})
    if ballot.is_closed:
        payload["valid"] = ballot.valid_count
    if current_user.delegate is not None:
        payload["voted"] = casting.has_voted(current_user.delegate, ballot)
        payload["paper"] = casting.has_paper(current_user.delegate, ballot)
    return payload


@bp.post("/meetings/<int:mid>/ballots")
@operation("Prepare a rating, motion or election ballot (secretariat)", tag="ballots",
           body=NewBallot, ok=BallotOut, status=201,
           description="An election takes `seats`, `write_ins`, `elect_base` and `officers`; "
                       "its candidates come back in surname stroke order (姓氏笔画) and its "
                       "options are 赞成 / 不赞成 / 弃权.")
def create_ballot(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_ballots(meeting))
    data = body()
    options = None if data.options is None else [o.model_dump() for o in data.options]
    ballot = services.create_ballot(
        current_user, meeting, title=data.title, kind=data.kind,
        subjects=[s.title for s in data.subjects], options=options,
        pass_ratio=data.pass_ratio, seats=data.seats, write_ins=data.write_ins,
        elect_base=data.elect_base,
        officers=[(o.role, o.name, o.delegate_id) for o in data.officers])
    db.session.commit()
    return created(ballot_json(ballot))


@bp.post("/ballots/<int:bid>/runoff")
@operation("Prepare the next round of a closed election that needs one (secretariat)",
           tag="ballots", body=NewRound, ok=BallotOut, status=201,
           conflicts="The ballot is not a closed election needing a further round, or its "
                     "next round exists",
           description="The tied candidates for the seats still open; when the seats are "
                       "left for 另选 (`subject_ids` empty), the `subjects` given.")
def start_runoff(bid):
    ballot = load_ballot(bid, for_="manage")
    data = body()
    runoff = services.start_runoff(
        current_user, ballot, title=data.title,
        subjects=None if data.subjects is None else [s.title for s in data.subjects])
    db.session.commit()
    return created(ballot_json(runoff))


@bp.get("/meetings/<int:mid>/ballots")
@operation("The meeting's ballots", tag="ballots", ok=BallotList)
def list_ballots(mid):
    meeting = load_meeting(mid)
    ballots = db.session.scalars(select(Ballot).where(Ballot.meeting_id == meeting.id)
                                 .order_by(Ballot.id))
    return {"ballots": [ballot_json(b) for b in ballots]}


@bp.get("/ballots/<int:bid>")
@operation("A ballot; results stay null until it is closed, for every role", tag="ballots",
           ok=BallotOut)
def get_ballot(bid):
    return ballot_json(load_ballot(bid))


@bp.delete("/ballots/<int:bid>")
@operation("Delete a ballot that was never opened (secretariat)", tag="ballots", status=204,
           conflicts="The ballot has been opened")
def delete_ballot(bid):
    services.delete_ballot(current_user, load_ballot(bid, for_="manage"))
    db.session.commit()
    return "", 204


@bp.post("/ballots/<int:bid>/open")
@operation("Open the ballot (chair); refused without quorum", tag="ballots", ok=BallotOut,
           conflicts="No quorum, or the ballot is not a draft")
def open_ballot(bid):
    ballot = load_ballot(bid, for_="run")
    services.open_ballot(current_user, ballot)
    db.session.commit()
    return ballot_json(ballot)


@bp.post("/ballots/<int:bid>/close")
@operation("Close, count and freeze the results (chair)", tag="ballots", ok=BallotOut,
           conflicts="The ballot is not open")
def close_ballot(bid):
    ballot = load_ballot(bid, for_="run")
    services.close_ballot(current_user, ballot)
    db.session.commit()
    return ballot_json(ballot)


@bp.post("/ballots/<int:bid>/votes")
@operation("Cast a secret vote (delegate, checked in)", tag="ballots", body=NewVote,
           ok=VoteReceipt, status=201, conflicts="Already voted, or the ballot is not open",
           description="A subject left out (or null) is an abstention. Resending with the "
                       "same idempotency_key (or Idempotency-Key header) returns the same "
                       "receipt while the ballot is open. In an election, more 赞成 marks "
                       "plus names written in than seats, or names written in where none "
                       "are allowed, answer 422.")
@reads_first
def cast_vote(bid):
    target = load_vote_target(bid)
    data = body()
    key = (data.idempotency_key if "idempotency_key" in data.model_fields_set
           else request.headers.get("Idempotency-Key"))
    receipt, _is_new = casting.cast_vote(current_user.delegate, target, data.choices, key,
                                         write_ins=data.write_ins)
    db.session.commit()
    return created({"receipt": receipt})


@bp.get("/ballots/<int:bid>/turnout")
@operation("Voted / eligible and who (present) has not voted yet (chair, secretariat)",
           tag="ballots", ok=TurnoutOut)
def get_turnout(bid):
    ballot = load_ballot(bid, for_="run")
    return services.turnout(ballot) | {"not_voted": [
        {"id": i, "name": name, "delegation": delegation, "seat": seat}
        for i, name, delegation, seat in services.not_yet_voted(ballot)]}


@bp.get("/ballots/<int:bid>/receipts")
@operation("Every receipt, sorted, and their SHA-256 digest (after close)", tag="ballots",
           ok=ReceiptList, conflicts="The ballot is not closed yet")
def get_receipts(bid):
    receipts, digest = services.published_receipts(load_ballot(bid))
    return {"receipts": receipts, "digest": digest}


@bp.get("/ballots/<int:bid>/results.pdf")
@operation("The result sheet (测评结果统计表) as PDF (after close)", tag="ballots",
           content="application/pdf", conflicts="The ballot is not closed yet")
def get_result_sheet(bid):
    ballot = load_ballot(bid)
    return pdf_response(result_sheet_pdf(ballot), f"ballot-{ballot.id}-results.pdf",
                        result_sheet_name(ballot))
