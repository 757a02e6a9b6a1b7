"""The follow-up pages: overdue concerns and 督办 (the secretariat), what keeps coming back
across studios (delegates and staff), and citing concerns in a draft proposal (its lead
sponsor)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from congress.activities.models import Activity, ActivityDelegate
from congress.core.forms import EmptyForm, apply_service
from congress.core.time import local_today
from congress.extensions import db
from congress.followup import queries, recurring, services
from congress.followup.access import (
    load_citable_activity,
    load_citable_concern,
    load_concern_for,
    load_organisation_for,
)
from congress.followup.evidence import activity_item, concern_item, excerpt
from congress.followup.forms import CiteForm, FollowUpForm
from congress.organisations.models import Organisation
from congress.proposals.access import load_proposal
from congress.proposals.similarity import cosine, proposal_vector
from congress.studios.models import Concern

bp = Blueprint("followup", __name__)

PERIODS = (90, 180, 365)
SEARCH_LENGTH = 50
CANDIDATES = 30
SIMILAR_SHOWN = 10


@bp.before_request
@login_required
def _signed_in():
    """Every follow-up page needs a signed-in user."""


bp.add_app_template_filter(excerpt, "excerpt")


@bp.get("/organisations/<int:oid>/concerns/overdue")
def overdue(oid):
    organisation = load_organisation_for(oid, "overdue")
    today = local_today()
    rows = queries.overdue_concerns(organisation, today)
    return render_template("followup/overdue.html", organisation=organisation, rows=rows,
                           today=today, form=FollowUpForm(),
                           may_follow_up=current_user.can_follow_up_concerns(organisation),
                           live_organisation=organisation)


@bp.post("/concerns/<int:cid>/follow-up")
def follow_up(cid):
    concern = load_concern_for(cid, "follow_up")
    form = FollowUpForm()
    if not form.validate_on_submit():
        for message in form.note.errors or [_("The form expired; try again.")]:
            flash(message, "error")
        return redirect(url_for("followup.overdue", oid=concern.organisation_id)), 303
    ok, _row = apply_service(form, lambda: services.follow_up(current_user, concern,
                                                              form.note.data))
    if ok:
        flash(_("Followed up: those who must act have been reminded."), "success")
    return redirect(url_for("followup.overdue", oid=concern.organisation_id)), 303


@bp.get("/organisations/<int:oid>/concerns/recurring")
def recurring_concerns(oid):
    organisation = load_organisation_for(oid, "recurring")
    days = request.args.get("days", type=int) or 365
    if days not in PERIODS:
        abort(404)
    groups = recurring.recurring_groups(organisation, days=days)
    return render_template("followup/recurring.html", organisation=organisation,
                           groups=groups, days=days, periods=PERIODS)


def _candidates(proposal, search):
    """Concerns of the meeting's organisation and below: those matching the search, and the
    ones most similar to the draft."""
    organisation = proposal.meeting.organisation
    base = (select(Concern).join(Organisation, Organisation.id == Concern.organisation_id)
            .where(Organisation.path.startswith(organisation.path))
            .options(joinedload(Concern.studio)))
    found = []
    if search:
        found = db.session.scalars(base.where(Concern.text.contains(search, autoescape=True))
                                   .order_by(Concern.received_at.desc()).limit(CANDIDATES)).all()
    recent = db.session.scalars(base.order_by(Concern.received_at.desc())
                                .limit(recurring.LIMIT)).all()
    mine = proposal_vector(proposal)
    scored = [(cosine(mine, recurring.concern_vector(c)), c) for c in recent]
    similar = [(round(s, 3), c) for s, c in sorted(scored, key=lambda p: (-p[0], p[1].id))
               if s > 0][:SIMILAR_SHOWN]
    return found, similar


def _lead_activities(proposal):
    """The activities the lead sponsor took part in, in the meeting's organisation or below,
    newest first."""
    lead = next((s.delegate for s in proposal.signers if s.is_lead), None)
    if lead is None:
        return []
    organisation = proposal.meeting.organisation
    return db.session.scalars(
        select(Activity).join(ActivityDelegate, ActivityDelegate.activity_id == Activity.id)
        .join(Organisation, Organisation.id == Activity.organisation_id)
        .where(ActivityDelegate.delegate_id == lead.id,
               Organisation.path.startswith(organisation.path))
        .options(joinedload(Activity.organisation))
        .order_by(Activity.held_on.desc(), Activity.id.desc()).limit(CANDIDATES)).all()


def _cite(proposal, form):
    """The service call the evidence form asks for (404 for what cannot be cited)."""
    cite = form.action.data == "cite"
    if form.activity_id.data and not form.concern_id.data:
        activity = load_citable_activity(proposal, form.activity_id.data)
        action = services.cite_activity if cite else services.uncite_activity
        return lambda: action(current_user, proposal, activity)
    if form.concern_id.data and not form.activity_id.data:
        concern = load_citable_concern(proposal, form.concern_id.data)
        action = services.cite_concern if cite else services.uncite_concern
        return lambda: action(current_user, proposal, concern)
    abort(400)


@bp.route("/proposals/<int:pid>/evidence", methods=["GET", "POST"])
def proposal_evidence(pid):
    proposal = load_proposal(pid, "edit")
    form, status = CiteForm(), 200
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        ok, _link = apply_service(form, _cite(proposal, form))
        if ok:
            return redirect(url_for("followup.proposal_evidence", pid=pid,
                                    q=request.args.get("q") or None)), 303
        status = form.refusal.status
    search = (request.args.get("q") or "").replace("\x00", "").strip()[:SEARCH_LENGTH]
    cited = queries.evidence_of([proposal.id]).get(proposal.id, [])
    cited_activities = queries.activities_of([proposal.id]).get(proposal.id, [])
    found, similar = _candidates(proposal, search)
    return render_template("followup/evidence.html", proposal=proposal, meeting=proposal.meeting,
                           cited=cited, cited_ids={c.id for c in cited}, found=found,
                           similar=similar, search=search, item=concern_item,
                           activities=_lead_activities(proposal),
                           cited_activities=cited_activities,
                           cited_activity_ids={a.id for a in cited_activities},
                           activity=activity_item, button=EmptyForm()), status
