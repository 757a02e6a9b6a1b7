"""Ballot pages: the secretariat prepares, the chair opens and closes and watches turnout,
delegates vote on the tablet (choose → review → confirm → receipt)."""
import re
import secrets

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.ballots import casting, elections, paper, services
from congress.ballots.access import (
    listed_ballots,
    load_ballot,
    load_ballots_meeting,
    load_vote_target,
)
from congress.ballots.forms import (
    BallotForm,
    ElectionForm,
    PaperCodeForm,
    RunoffForm,
    parse_option_lines,
)
from congress.ballots.records import result_rows, result_sheet_name, result_sheet_pdf
from congress.core.auth import authorize
from congress.core.database import begin_reading, reads_first
from congress.core.errors import DomainError
from congress.core.forms import EmptyForm, apply_service
from congress.core.i18n import page_text
from congress.core.web import pdf_response
from congress.extensions import db
from congress.meetings.services import is_present

bp = Blueprint("ballots", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every ballot page needs a signed-in user."""


@bp.route("/meetings/<int:mid>/ballots", methods=["GET", "POST"])
def index(mid):
    meeting = load_ballots_meeting(mid)
    form, election = BallotForm(), ElectionForm()
    if request.method == "POST" and "election-title" in request.form:
        authorize(current_user.can_manage_ballots(meeting))
        if election.validate_on_submit():
            ok, ballot = apply_service(election, lambda: services.create_ballot(
                current_user, meeting, title=election.title.data, kind="election",
                subjects=election.subjects.data.splitlines(), seats=election.seats.data,
                write_ins=election.write_ins.data, elect_base=election.elect_base.data,
                officers=elections.officers_by_name(meeting, election.officer_names())))
            if ok:
                flash(_("Election prepared. The chair opens it when the time comes."),
                      "success")
                return redirect(url_for("ballots.show", bid=ballot.id))
    elif request.method == "POST":
        authorize(current_user.can_manage_ballots(meeting))
        if form.validate_on_submit():
            ok, ballot = apply_service(form, lambda: services.create_ballot(
                current_user, meeting, title=form.title.data, kind=form.kind.data,
                subjects=form.subjects.data.splitlines(),
                options=parse_option_lines(form.options.data)))
            if ok:
                flash(_("Ballot prepared. The chair opens it when the time comes."), "success")
                return redirect(url_for("ballots.show", bid=ballot.id))
    return render_template("ballots/index.html", meeting=meeting, ballots=listed_ballots(meeting),
                           form=form, election=election)


@bp.get("/ballots/<int:bid>")
def show(bid):
    ballot = load_ballot(bid)
    if current_user.can_vote(ballot):
        return _delegate_page(ballot)
    return render_template("ballots/console.html", ballot=ballot, meeting=ballot.meeting,
                           turnout=services.turnout(ballot), button=EmptyForm(),
                           not_voted=(services.not_yet_voted(ballot)
                                      if ballot.is_open and current_user.can_run_ballots(
                                          ballot.meeting) else []),
                           rows=result_rows(ballot) if ballot.is_closed else None,
                           rounds=elections.rounds(ballot) if ballot.is_election else [],
                           runoff=RunoffForm(),
                           paper_desk=paper_desk(ballot))


def paper_desk(ballot):
    """The console's paper ballots section, for those who issue papers: the count, the
    tellers' state and the scan form; None for everyone else."""
    if not current_user.can_manage_ballots(ballot.meeting) or ballot.is_draft:
        return None
    entries = paper.tallies(ballot)
    state = None
    if ballot.is_open and any(entries.values()):
        cells = paper.comparison(ballot)
        state = (_("waiting for entry %(n)s", n=1 if entries[1] is None else 2)
                 if None in entries.values() else
                 _("the tellers' entries differ") if any(c.differs for c in cells)
                 else _("the tellers' entries agree"))
    return {"issued": paper.issued_count(ballot), "tally_state": state,
            "code_form": PaperCodeForm()}


def _delegate_page(ballot, selected=None, written=None, status=200):
    delegate = current_user.delegate
    voted = casting.has_voted(delegate, ballot)
    return render_template("ballots/vote.html", ballot=ballot, meeting=ballot.meeting,
                           voted=voted, on_paper=voted and casting.has_paper(delegate, ballot),
                           present=is_present(ballot.meeting, delegate),
                           selected=selected or {}, written=written or {}, button=EmptyForm(),
                           rows=result_rows(ballot) if ballot.is_closed else None,
                           rounds=elections.rounds(ballot) if ballot.is_election else []), status


@bp.post("/ballots/<int:bid>/runoff")
def runoff(bid):
    """The next round of a closed election, in one step (the secretariat)."""
    ballot = load_ballot(bid, for_="manage")
    form = RunoffForm()
    if not form.validate_on_submit():
        abort(400)
    ok, new = apply_service(form, lambda: services.start_runoff(
        current_user, ballot, subjects=(form.subjects.data or "").splitlines()))
    if not ok:
        return redirect(url_for("ballots.show", bid=bid))
    flash(_("The next round is prepared. The chair opens it when the time comes."), "success")
    return redirect(url_for("ballots.show", bid=new.id))


@bp.post("/ballots/<int:bid>/<any(open, close, delete):action>")
def run(bid, action):
    ballot = load_ballot(bid, for_="manage" if action == "delete" else "run")
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    service = {"open": services.open_ballot, "close": services.close_ballot,
               "delete": services.delete_ballot}[action]
    ok, _r = apply_service(form, lambda: service(current_user, ballot))
    if ok and action == "delete":
        return redirect(url_for("ballots.index", mid=ballot.meeting_id))
    if ok:
        flash(_("The ballot is open.") if action == "open" else
              _("The ballot is closed and counted."), "success")
    return redirect(url_for("ballots.show", bid=bid))


_SUBJECT_FIELD = re.compile(r"s(\d{1,10})")
_WRITE_IN_FIELD = re.compile(r"w(\d{1,10})")


def _choices_from_form():
    """{subject id: option id} from the radio buttons (fields s<subject id>); an unmarked
    subject is left out. Which subjects and options are the ballot's, casting checks."""
    chosen = {}
    for name, value in request.form.items():
        subject = _SUBJECT_FIELD.fullmatch(name)
        if subject and value:
            if not value.isdigit() or len(value) > 10:
                abort(400)
            chosen[subject.group(1)] = int(value)
    return chosen


def _write_ins_from_form(ballot, chosen):
    """{subject id: name} of an election's names written in (fields w<subject id>), kept only
    beside a candidate not marked 赞成 (the paper's 另选他人 is beside 不赞成); casting checks
    the names."""
    if not ballot.is_election or not ballot.write_ins:
        return {}
    favourable = {o.id for o in ballot.options if o.is_favourable}
    written = {}
    for name, value in request.form.items():
        subject = _WRITE_IN_FIELD.fullmatch(name)
        if subject and value.strip() and chosen.get(subject.group(1)) not in favourable:
            written[subject.group(1)] = value.strip()[:200]
    return written


@bp.post("/ballots/<int:bid>/review")
def review(bid):
    ballot = load_ballot(bid, for_="vote")
    if not EmptyForm().validate_on_submit():
        abort(400)
    subjects = {str(s.id) for s in ballot.subjects}
    chosen = {s: o for s, o in _choices_from_form().items() if s in subjects}
    written = {s: n for s, n in _write_ins_from_form(ballot, chosen).items() if s in subjects}
    labels = {o.id: o.label for o in ballot.options}
    summary = [(s, labels.get(chosen.get(str(s.id)))) for s in ballot.subjects]
    if ballot.is_election:  # refused here already, as casting would: not on the review
        favourable = {o.id for o in ballot.options if o.is_favourable}
        marked = sum(1 for o in chosen.values() if o in favourable) + len(written)
        if marked > ballot.seats:
            flash(_("%(n)s marked for, but only %(seats)s to elect: mark fewer.", n=marked,
                    seats=ballot.seats), "error")
            return _delegate_page(ballot, selected=chosen, written=written, status=422)
    return render_template("ballots/review.html", ballot=ballot, meeting=ballot.meeting,
                           chosen=chosen, written=written, summary=summary, button=EmptyForm(),
                           idempotency_key=secrets.token_urlsafe(24))


@bp.post("/ballots/<int:bid>/vote")
@reads_first
def vote(bid):
    """The tablet's confirm: the same steps and transaction as the API's vote (load_vote_target,
    then casting.cast_vote; on SQLite a reader until the vote's writes)."""
    if request.form.get("change"):
        ballot = load_ballot(bid, for_="vote")
        if not EmptyForm().validate_on_submit():
            abort(400)
        chosen = _choices_from_form()
        return _delegate_page(ballot, selected=chosen,
                              written=_write_ins_from_form(ballot, chosen))
    target = load_vote_target(bid)
    if not EmptyForm().validate_on_submit():
        abort(400)
    key = request.form.get("idempotency_key") or secrets.token_urlsafe(24)
    chosen = _choices_from_form()
    written = [n for _s, n in sorted(request.form.items()) if _WRITE_IN_FIELD.fullmatch(_s)
               and n.strip()]
    try:
        casting.cast_vote(current_user.delegate, target, chosen, key,
                          write_ins=[n.strip() for n in written] or None)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        begin_reading()  # what follows only reads: no write lock while the page renders
        flash(page_text(error), "error")
        return _delegate_page(load_ballot(bid, for_="vote"), status=error.status)
    # Post/Redirect/Get: Back and reload reach a GET page, never a resubmission. The receipt
    # is not in the redirect, the URL or the session cookie (signed, not encrypted): it stays
    # in the replay box of the delegate's participation (wiped at the close), and the cookie
    # keeps only the pad that opens that box, which alone reveals nothing.
    pads = [(k, v) for k, v in session.get("pads", {}).items() if k != str(bid)][-3:]
    session["pads"] = dict(pads) | {str(bid): casting.receipt_pad(bid, key).hex()}
    response = redirect(url_for("ballots.receipt", bid=bid), code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/ballots/<int:bid>/receipt")
def receipt(bid):
    """The vote's receipt, for the delegate who cast it, while the ballot is open; without it
    (another browser, a closed ballot) the ballot's page, which says the delegate has voted."""
    ballot = load_ballot(bid, for_="vote")
    pad = session.get("pads", {}).get(str(bid))
    kept = casting.kept_receipt(ballot, current_user.delegate,
                                bytes.fromhex(pad) if pad else None)
    if kept is None:
        return redirect(url_for("ballots.show", bid=bid))
    response = make_response(render_template("ballots/receipt.html", ballot=ballot,
                                             meeting=ballot.meeting, receipt=kept))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/ballots/<int:bid>/receipts")
def receipts(bid):
    ballot = load_ballot(bid)
    published, _digest = services.published_receipts(ballot)
    mine = request.args.get("receipt", "").strip().upper() or None
    return render_template("ballots/receipts.html", ballot=ballot, meeting=ballot.meeting,
                           receipts=published, mine=mine)


@bp.get("/ballots/<int:bid>/results.pdf")
def result_sheet(bid):
    ballot = load_ballot(bid)
    return pdf_response(result_sheet_pdf(ballot), f"ballot-{ballot.id}-results.pdf",
                        result_sheet_name(ballot))
