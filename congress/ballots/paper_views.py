"""Paper ballot pages (the secretariat): issue papers by the card's code or from the list, the
two tellers' entries and their comparison, the printable papers. The same services as the
API (ballots/paper.py)."""
import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.ballots import paper
from congress.ballots.access import load_ballot
from congress.ballots.forms import PaperCodeForm, PaperTallyForm
from congress.ballots.paper_records import (
    ballot_paper_pdf,
    paper_document_name,
    tally_sheet_pdf,
)
from congress.core.forms import EmptyForm, apply_service
from congress.core.web import pdf_response
from congress.meetings.access import load_delegate
from congress.meetings.services import find_delegate_by_code, roll_call

bp = Blueprint("paper_ballots", __name__)
WRITE_IN_ROWS = 5  # blank write-in rows on the entry form
_COUNT_FIELD = re.compile(r"c(\d{1,10})-(\d{1,10})")
_WRITE_IN_FIELD = re.compile(r"w(\d{1,3})-name")


@bp.before_request
@login_required
def _signed_in():
    """Every paper ballot page needs a signed-in user."""


@bp.get("/ballots/<int:bid>/paper")
def desk(bid):
    return _desk_page(load_ballot(bid, for_="paper"))


def _desk_page(ballot, posted=None, status=200):
    """The paper desk; `posted` = (entry, its form) shows a refused entry again as typed."""
    search = request.args.get("q", "").strip()
    holders = paper.paper_holders(ballot)
    held = {row[0] for row in holders}
    candidates = [(d, a) for d, a in roll_call(ballot.meeting, search=search)
                  if a is not None and a.is_present and d.id not in held] if search else []
    entries = paper.tallies(ballot)
    forms = {n: _tally_form(entries[n], prefix=f"e{n}") for n in (1, 2)}
    values = {n: _entry_values(entries[n]) for n in (1, 2)}
    if posted is not None:
        entry, form = posted
        forms[entry], values[entry] = form, request.form
    return render_template("ballots/paper.html", ballot=ballot, meeting=ballot.meeting,
                           holders=holders, candidates=candidates, search=search,
                           code_form=PaperCodeForm(), button=EmptyForm(), forms=forms,
                           values=values, entries=entries, cells=paper.comparison(ballot),
                           write_in_rows=range(WRITE_IN_ROWS)), status


def _entry_values(tally):
    """The entry's counts and names written in as the form's field names."""
    if tally is None:
        return {}
    values = {f"c{s}-{o}": n for s, row in tally.counts.items() for o, n in row.items()}
    for index, (name, votes) in enumerate(sorted((tally.write_ins or {}).items())):
        values |= {f"w{index}-name": name, f"w{index}-votes": votes}
    return values


def _tally_form(tally, prefix):
    form = PaperTallyForm(prefix=prefix, formdata=None)
    if tally is not None:
        form.teller.data, form.returned.data = tally.teller, tally.returned
        form.invalid.data = tally.invalid
    return form


@bp.post("/ballots/<int:bid>/paper/issue")
def issue(bid):
    """A paper for the delegate whose card was scanned or username typed (`code`), or who
    was chosen from the list (`delegate_id`)."""
    ballot = load_ballot(bid, for_="paper")
    form = PaperCodeForm()
    chosen = request.form.get("delegate_id", "")
    if chosen:
        if not chosen.isdigit() or len(chosen) > 10 or not EmptyForm().validate_on_submit():
            abort(400)
        delegate = load_delegate(ballot.meeting, int(chosen))
    elif form.validate_on_submit():
        delegate = find_delegate_by_code(ballot.meeting, form.code.data)
        if delegate is None:
            flash(_("No delegate of this meeting has the code %(code)s.", code=form.code.data),
                  "error")
            return redirect(request.referrer or url_for("paper_ballots.desk", bid=bid))
    else:
        abort(400)
    ok, _r = apply_service(form, lambda: paper.issue_paper(current_user, ballot, delegate))
    if ok:
        flash(_("Paper ballot issued to %(name)s.", name=delegate.name), "success")
    return redirect(request.referrer or url_for("paper_ballots.desk", bid=bid))


def _counts_from_form():
    counts = {}
    for name, value in request.form.items():
        match = _COUNT_FIELD.fullmatch(name)
        if match and value.strip():
            counts.setdefault(match.group(1), {})[match.group(2)] = _number(value)
    return counts


def _write_ins_from_form():
    names = {}
    for name, value in request.form.items():
        match = _WRITE_IN_FIELD.fullmatch(name)
        if match and value.strip():
            votes = request.form.get(f"w{match.group(1)}-votes", "").strip()
            names[value.strip()] = names.get(value.strip(), 0) + _number(votes or "0")
    return names


def _number(text):
    text = text.strip()
    if not text.isdigit() or len(text) > 9:
        return -1  # the service refuses it: "a whole number, 0 or more"
    return int(text)


@bp.post("/ballots/<int:bid>/paper/tally/<int:entry>")
def tally(bid, entry):
    ballot = load_ballot(bid, for_="paper")
    if entry not in (1, 2):
        abort(404)
    form = PaperTallyForm(prefix=f"e{entry}")
    if not form.validate_on_submit():
        return _desk_page(ballot, posted=(entry, form), status=422)
    ok, _r = apply_service(form, lambda: paper.enter_tally(
        current_user, ballot, entry=entry, teller=form.teller.data,
        returned=form.returned.data, invalid=form.invalid.data,
        counts=_counts_from_form(), write_ins=_write_ins_from_form()))
    if not ok:
        return _desk_page(ballot, posted=(entry, form), status=form.refusal.status)
    flash(_("Entry %(n)s saved.", n=entry), "success")
    return redirect(url_for("paper_ballots.desk", bid=bid) + "#comparison")


@bp.get("/ballots/<int:bid>/<any(papers, 'tally-sheet'):document>.pdf")
def printable(bid, document):
    ballot = load_ballot(bid, for_="paper")
    build = ballot_paper_pdf if document == "papers" else tally_sheet_pdf
    return pdf_response(build(ballot), f"ballot-{ballot.id}-{document}.pdf",
                        paper_document_name(ballot, document))
