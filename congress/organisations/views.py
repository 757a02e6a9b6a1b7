"""Organisation and congress pages: the tree, the congresses and their annual meetings."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.core import jobs
from congress.core.auth import Role, authorize
from congress.core.forms import apply_service
from congress.organisations import services
from congress.organisations.access import (
    load_congress,
    load_organisation,
    visible_tree,
)
from congress.organisations.forms import ChildOrganisationForm, CongressForm

bp = Blueprint("organisations", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user."""


@bp.get("/organisation")
def own():
    """The signed-in user's organisation (the staff's link)."""
    return redirect(url_for("organisations.show", oid=current_user.organisation_id))


def _show(organisation, congress_form=None, status=200):
    delegates = organisation.users.filter_by(role=Role.delegate).count()
    return render_template(
        "organisations/show.html", organisation=organisation,
        tree=visible_tree(organisation),
        congresses=organisation.congresses
        if current_user.can_view_congresses(organisation) else None,
        staff_count=organisation.users.count() - delegates, delegate_count=delegates,
        child_form=ChildOrganisationForm(formdata=None),
        congress_form=congress_form or CongressForm(formdata=None)), status


@bp.get("/organisations/<int:oid>")
def show(oid):
    return _show(load_organisation(oid))


@bp.post("/organisations/<int:oid>/congresses")
def create_congress(oid):
    organisation = load_organisation(oid)
    authorize(current_user.can_create_congress(organisation))
    form = CongressForm()
    if form.validate_on_submit():
        ok, congress = apply_service(form, lambda: services.create_congress(
            current_user, organisation, **form.values()))
        if ok:
            flash(_("Congress created."), "success")
            return redirect(url_for("organisations.congress", cid=congress.id))
    return _show(organisation, congress_form=form, status=422)


@bp.get("/congresses/<int:cid>")
def congress(cid):
    congress = load_congress(cid)
    return render_template("organisations/congress.html", congress=congress,
                           organisation=congress.organisation)


# --- the organisation's jobs: its registers and statistics, made in the background ----------

def _jobs_organisation(oid):
    organisation = load_organisation(oid)
    authorize(current_user.can_view_term_work(organisation))
    return organisation


def visible_jobs(organisation):
    return jobs.recent_jobs_for(current_user, None, limit=10, organisation=organisation)


@bp.get("/organisations/<int:oid>/jobs")
def organisation_jobs(oid):
    """The organisation's exports being made and made (a register of five years takes a
    while): progress from its live stream, then the download."""
    organisation = _jobs_organisation(oid)
    return render_template("organisations/jobs.html", organisation=organisation,
                           live_organisation=organisation, jobs=visible_jobs(organisation))


@bp.get("/organisations/<int:oid>/jobs/panel")
def jobs_panel(oid):
    """The jobs fragment (re-fetched by static/js/jobs.js when a job ends)."""
    return render_template("_jobs.html", jobs=visible_jobs(_jobs_organisation(oid)))
