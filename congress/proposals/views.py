"""Proposal pages for one proposal and its sponsors: the delegate's list and inbox, the draft
editor (autosaved), inviting co-signers, signing, filing; and the detail page where the
committee reviews and assigns, units reply, and the lead sponsor rates the reply."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from congress.core.auth import Role, authorize
from congress.core.forms import EmptyForm, apply_service, choices
from congress.core.web import pdf_response
from congress.extensions import db
from congress.meetings.access import load_meeting
from congress.people.models import HandlingUnit
from congress.proposals import evidence, handling, queries, services, wording
from congress.proposals.access import load_proposal, sees_unit_work
from congress.proposals.forms import (
    AssignForm,
    DraftForm,
    InviteForm,
    OpinionForm,
    RateForm,
    ReplyForm,
    ReturnForm,
    ReviewForm,
)
from congress.proposals.models import MERGE_TARGETS, Proposal
from congress.proposals.records import assignment_notice_name, assignment_notice_pdf

bp = Blueprint("proposals", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every proposal page needs a signed-in user."""


@bp.app_template_global("proposal_tablet_summary")
def _tablet_summary(delegate):
    return queries.tablet_summary(delegate)


bp.add_app_template_filter(wording.event_text, "proposal_event")
bp.add_app_template_filter(wording.notice_text, "proposal_notice")


@bp.get("/proposals")
def home():
    """Each role's way in: a delegate's own list, a unit's inbox, the committee's queue."""
    from congress.meetings.services import current_meeting

    if current_user.has_role(Role.delegate):
        meeting = current_user.delegate.current_meeting()
        authorize(meeting is not None)
        return redirect(url_for("proposals.mine", mid=meeting.id))
    if current_user.can_handle_proposals():
        return redirect(url_for("proposal_desk.unit_inbox"))
    meeting = current_meeting(current_user)
    authorize(meeting is not None and current_user.can_list_proposals(meeting))
    return redirect(url_for("proposal_desk.register", mid=meeting.id))


# --- the delegate's side --------------------------------------------------------------------

INBOX_SHOWN = 5  # the newest messages on "my proposals"; the rest fold under "earlier messages"


@bp.get("/meetings/<int:mid>/proposals/mine")
def mine(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_draft_proposals(meeting))
    delegate = current_user.delegate
    notices = queries.notices(delegate)
    unread = {n.id for n in notices if n.read_at is None}
    page = render_template("proposals/mine.html", meeting=meeting, delegate=delegate,
                           led=queries.led_by(delegate),
                           invitations=queries.open_invitations(delegate),
                           cosigned=[(p, s) for p, s in queries.cosigned_by(delegate)
                                     if s.has_signed],
                           notices=notices, unread=unread, inbox_shown=INBOX_SHOWN,
                           button=EmptyForm())
    return page


@bp.post("/meetings/<int:mid>/proposals/notices/read")
def read_notices(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_draft_proposals(meeting))
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.mark_notices_read(current_user.delegate)
    db.session.commit()
    return redirect(url_for("proposals.mine", mid=meeting.id, _anchor="inbox"))


def _draft_form(meeting, proposal=None):
    form = DraftForm(obj=proposal) if request.method == "GET" else DraftForm()
    form.category.choices = choices((c, c) for c in services.categories(meeting))
    return form


def _problems(proposal):
    """What stops the draft from being filed, without the API's field-name prefix."""
    return [(field, str(message).removeprefix(f"{field}: "))
            for field, message in services.readiness_problems(proposal)]


def _editor(meeting, form, proposal=None, status=200):
    return render_template("proposals/edit.html", meeting=meeting, form=form, proposal=proposal,
                           max_chars=meeting.options["proposal_max_chars"]), status


def _run(form, action):
    """apply_service, and the status a refused page answers with (the refusal's: 409, 422)."""
    ok, result = apply_service(form, action)
    return ok, result, 200 if ok else form.refusal.status


@bp.route("/meetings/<int:mid>/proposals/new", methods=["GET", "POST"])
def new(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_draft_proposals(meeting))
    form = _draft_form(meeting)
    if form.validate_on_submit():
        ok, proposal, status = _run(form, lambda: services.create_draft(
            current_user, meeting, title=form.title.data, category=form.category.data,
            grounds=form.grounds.data, measures=form.measures.data))
        if ok:
            flash(_("Draft saved."), "success")
            return redirect(url_for("proposals.show", pid=proposal.id))
        return _editor(meeting, form, status=status)
    return _editor(meeting, form, status=422 if form.errors else 200)


@bp.route("/proposals/<int:pid>/edit", methods=["GET", "POST"])
def edit(pid):
    proposal = load_proposal(pid, "edit")
    if not proposal.is_draft:
        flash(_("This proposal has been filed; it can no longer be changed."), "info")
        return redirect(url_for("proposals.show", pid=pid))
    form = _draft_form(proposal.meeting, proposal)
    if form.validate_on_submit():
        ok, _r, status = _run(form, lambda: services.update_draft(
            current_user, proposal, title=form.title.data, category=form.category.data,
            grounds=form.grounds.data, measures=form.measures.data))
        if ok:
            flash(_("Draft saved."), "success")
            return redirect(url_for("proposals.show", pid=pid))
        return _editor(proposal.meeting, form, proposal, status)
    return _editor(proposal.meeting, form, proposal, 422 if form.errors else 200)


@bp.route("/proposals/<int:pid>/invite", methods=["GET", "POST"])
def invite(pid):
    proposal = load_proposal(pid, "edit")
    meeting = proposal.meeting
    search = request.args.get("q", "").strip()
    delegation_id = request.args.get("delegation", type=int)
    candidates = [d for d in queries.search_delegates(meeting, search, delegation_id)
                  if d.id != proposal.lead_id]
    form = InviteForm()
    form.delegate_ids.choices = [(d.id, d.name) for d in candidates] if request.method == "GET" \
        else [(int(v), v) for v in request.form.getlist("delegate_ids") if v.isdigit()]
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            def invite_all():
                names = []
                for delegate_id in form.delegate_ids.data:
                    delegate = services.load_delegate(meeting, delegate_id)
                    services.invite(current_user, proposal, delegate)
                    names.append(delegate.name)
                return names

            ok, names, status = _run(form, invite_all)
            if ok:
                flash(_("Invited: %(names)s.", names="、".join(names)), "success")
                return redirect(url_for("proposals.show", pid=pid))
        else:
            status = 422
            for message in form.delegate_ids.errors:
                flash(message, "error")
    signers = {s.delegate_id: s for s in proposal.signers}
    return render_template("proposals/invite.html", proposal=proposal, meeting=meeting,
                           candidates=candidates, signers=signers, search=search,
                           delegation_id=delegation_id, form=form), status


# --- one proposal ---------------------------------------------------------------------------

def _forms(proposal):
    """The action forms the current user may see for this proposal, unbound or from the post."""
    forms = {"button": EmptyForm(), "review": ReviewForm(), "assign": AssignForm(),
             "reply": ReplyForm(), "opinion": OpinionForm(), "return": ReturnForm(),
             "rate": RateForm()}
    if current_user.can_review_proposals(proposal.meeting):
        targets = [p for p in queries.meeting_proposals(proposal.meeting, MERGE_TARGETS)
                   if p.id != proposal.id]
        forms["review"].merge_into.choices = choices(
            [("", "—")] + [(p.id, f"{p.display_number} {p.title}") for p in targets])
        units = db.session.scalars(select(HandlingUnit).where(
            HandlingUnit.organisation_id == proposal.meeting.organisation_id)
            .order_by(HandlingUnit.id)).all()
        forms["assign"].lead_unit_id.choices = choices((u.id, u.name) for u in units)
        forms["assign"].assisting_unit_ids.choices = [(u.id, u.name) for u in units]
        if forms["assign"].due_on.data is None:
            forms["assign"].due_on.data = services.local_today() + timedelta(
                days=proposal.meeting.options["handling_due_days"])
    return forms


def _detail(proposal, forms=None, status=200):
    forms = forms or _forms(proposal)
    meeting = proposal.meeting
    similar = (queries.similar_to(proposal)
               if current_user.can_list_proposals(meeting) and proposal.is_filed else [])
    window = meeting.options["return_window_workdays"]
    lead = proposal.lead_assignment
    return render_template(
        "proposals/show.html", proposal=proposal, meeting=meeting, forms=forms, similar=similar,
        blockers=services.filing_blockers(proposal) if proposal.is_draft else [],
        problems=_problems(proposal) if proposal.is_draft else [],
        today=services.local_today(),
        return_by=handling.return_deadline(lead, window) if lead else None,
        return_open=handling.return_window_open(proposal),
        sees_unit_work=sees_unit_work(current_user, meeting),
        signer=proposal.signer_of(current_user),
        evidence=evidence.evidence_for([proposal]).get(proposal.id, []),
        evidence_url=evidence.manage_url(proposal, current_user)), status


@bp.get("/proposals/<int:pid>")
def show(pid):
    return _detail(load_proposal(pid))


SPONSOR_ACTIONS = {  # action → (purpose, service, message)
    "sign": ("sign", services.sign, _l("You have signed the proposal.")),
    "decline": ("sign", services.decline, _l("You have declined.")),
    "submit": ("edit", services.submit, _l("The proposal is filed.")),
    "suggest": ("edit", services.file_as_suggestion, _l("Filed as a suggestion.")),
    "withdraw": ("edit", services.withdraw, _l("The proposal is withdrawn.")),
}


@bp.post("/proposals/<int:pid>/<any(sign, decline, submit, suggest, withdraw):action>")
def sponsor_action(pid, action):
    purpose, service, message = SPONSOR_ACTIONS[action]
    proposal = load_proposal(pid, purpose)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ok, _r, status = _run(form, lambda: service(current_user, proposal))
    if not ok:
        return _detail(proposal, status=status)
    flash(str(message), "success")
    return redirect(url_for("proposals.show", pid=pid))


def _form_action(pid, purpose, form_name, call, message):
    proposal = load_proposal(pid, purpose)
    forms = _forms(proposal)
    form = forms[form_name]
    if form.validate_on_submit():
        ok, _r, status = _run(form, lambda: call(proposal, form))
        if ok:
            flash(message, "success")
            return redirect(url_for("proposals.show", pid=pid))
    else:
        status = 422
    db.session.refresh(proposal)
    return _detail(proposal, forms, status)


@bp.post("/proposals/<int:pid>/review")
def review(pid):
    return _form_action(
        pid, "review", "review",
        lambda p, f: handling.review(current_user, p, f.decision.data, f.reason.data,
                                     db.session.get(Proposal, f.merge_into.data)
                                     if f.merge_into.data else None),
        _("Decision recorded; the sponsors are notified."))


@bp.post("/proposals/<int:pid>/assign")
def assign(pid):
    def call(p, f):
        return handling.assign(current_user, p, db.session.get(HandlingUnit, f.lead_unit_id.data),
                               [db.session.get(HandlingUnit, u)
                                for u in f.assisting_unit_ids.data or []], f.due_on.data)

    return _form_action(pid, "review", "assign", call,
                        _("Assigned; the units see it in their inbox."))


@bp.post("/proposals/<int:pid>/reply")
def reply(pid):
    return _form_action(pid, "reply", "reply",
                        lambda p, f: handling.reply(current_user, p, f.outcome.data, f.text.data),
                        _("Reply sent to the sponsors."))


@bp.post("/proposals/<int:pid>/opinion")
def opinion(pid):
    return _form_action(pid, "opinion", "opinion",
                        lambda p, f: handling.send_opinion(current_user, p, f.text.data),
                        _("Your views were sent to the lead unit."))


@bp.post("/proposals/<int:pid>/return")
def return_assignment(pid):
    return _form_action(pid, "return", "return",
                        lambda p, f: handling.return_assignment(current_user, p, f.reason.data),
                        _("The assignment was returned to the committee."))


@bp.post("/proposals/<int:pid>/rate")
def rate(pid):
    return _form_action(pid, "rate", "rate",
                        lambda p, f: handling.rate(current_user, p, f.rating.data, f.comment.data),
                        _("Thank you: your rating is recorded."))


@bp.get("/proposals/<int:pid>/assignment.pdf")
def assignment_notice(pid):
    proposal = load_proposal(pid, "print")
    proposal.require_lead_assignment()
    return pdf_response(assignment_notice_pdf(proposal), f"proposal-{pid}-assignment.pdf",
                        assignment_notice_name(proposal))
