"""The paper ballots' JSON door: issue a paper to a delegate, a teller's entry of the counts,
the printable papers (ballots/paper.py, ballots/paper_records.py)."""
from flask_login import current_user

from congress.api.base import bp, created
from congress.api.spec import body, operation
from congress.ballots import paper
from congress.ballots.access import load_ballot
from congress.ballots.paper_records import (
    ballot_paper_pdf,
    paper_document_name,
    tally_sheet_pdf,
)
from congress.ballots.schemas import NewPaperIssue, PaperIssueOut, PaperTallyIn, PaperTallyOut
from congress.core.web import pdf_response
from congress.extensions import db
from congress.meetings.access import load_delegate


@bp.post("/ballots/<int:bid>/paper-issues")
@operation("Issue a paper ballot to a checked-in delegate (secretariat)", tag="ballots",
           body=NewPaperIssue, ok=PaperIssueOut, status=201,
           conflicts="The delegate voted on the tablet or already has a paper, is not checked "
                     "in, or the ballot is not open",
           description="From then on the delegate's tablet vote is refused (409 paper_issued); "
                       "a delegate who voted on the tablet gets no paper (409 already_voted).")
def issue_paper(bid):
    ballot = load_ballot(bid, for_="paper")
    delegate = load_delegate(ballot.meeting, body().delegate_id)
    paper.issue_paper(current_user, ballot, delegate)
    db.session.commit()
    return created({"ballot_id": ballot.id, "delegate_id": delegate.id, "name": delegate.name,
                    "papers_issued": paper.issued_count(ballot)})


def tally_json(ballot, tally):
    cells = paper.comparison(ballot)
    both = all(t is not None for t in paper.tallies(ballot).values())
    return {"entry": tally.entry, "teller": tally.teller, "returned": tally.returned,
            "invalid": tally.invalid, "counts": tally.counts, "write_ins": tally.write_ins or {},
            "papers_issued": paper.issued_count(ballot),
            "entries_agree": (not any(c.differs for c in cells)) if both else None,
            "differences": [{"key": c.key, "label": c.label, "entry_1": c.first,
                             "entry_2": c.second} for c in cells if both and c.differs]}


@bp.put("/ballots/<int:bid>/paper-tally")
@operation("A teller's entry (1 or 2) of the paper ballots' counts (secretariat)",
           tag="ballots", body=PaperTallyIn, ok=PaperTallyOut,
           conflicts="More papers returned than issued (papers_exceed_issued: the vote is void "
                     "and is held again), no paper issued, or the ballot is not open",
           description="The ballot closes only when both entries are in and equal (else 409 "
                       "tally_missing or tally_mismatch); the answer says where they differ.")
def enter_paper_tally(bid):
    ballot = load_ballot(bid, for_="paper")
    data = body()
    tally = paper.enter_tally(current_user, ballot, entry=data.entry, teller=data.teller,
                              returned=data.returned, invalid=data.invalid, counts=data.counts,
                              write_ins=data.write_ins)
    db.session.commit()
    return tally_json(ballot, tally)


@bp.get("/ballots/<int:bid>/papers.pdf")
@operation("The printable ballot paper (选票) as PDF (secretariat)", tag="ballots",
           content="application/pdf")
def get_ballot_paper(bid):
    ballot = load_ballot(bid, for_="paper")
    return pdf_response(ballot_paper_pdf(ballot), f"ballot-{ballot.id}-paper.pdf",
                        paper_document_name(ballot, "papers"))


@bp.get("/ballots/<int:bid>/tally-sheet.pdf")
@operation("The tellers' tally sheet (计票单) as PDF (secretariat)", tag="ballots",
           content="application/pdf")
def get_tally_sheet(bid):
    ballot = load_ballot(bid, for_="paper")
    return pdf_response(tally_sheet_pdf(ballot), f"ballot-{ballot.id}-tally-sheet.pdf",
                        paper_document_name(ballot, "tally-sheet"))
