"""Resolution pages: the secretariat drafts a resolution on the tabled reports and puts it to
a motion ballot; the staff open and close the vote."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from congress.core.forms import EmptyForm, apply_service
from congress.reports import access, resolutions, services
from congress.reports.blueprint import bp
from congress.reports.forms import ResolutionForm


def _resolution_form(meeting, form=None):
    form = form or ResolutionForm()
    form.reports.choices = [(r.id, r.title) for r in services.reports_of(meeting, True)]
    return form


@bp.route("/meetings/<int:mid>/resolutions", methods=["GET", "POST"])
def resolutions_index(mid):
    if request.method == "POST":
        meeting = access.load_meeting_to_manage(mid)
    else:
        meeting = access.load_meeting_resolutions(mid)
    form = _resolution_form(meeting)
    status = 200
    if request.method == "GET":
        form.reports.data = [r.id for r in services.reports_of(meeting, True)]
    elif form.validate_on_submit():
        ok, resolution = apply_service(form, lambda: resolutions.draft_resolution(
            current_user, meeting, title=form.title.data, text=form.text.data,
            reports=resolutions.tabled_reports_by_id(meeting, form.reports.data)))
        if ok:
            flash(_("Resolution drafted."), "success")
            return redirect(url_for("reports.resolution", rsid=resolution.id))
    if request.method == "POST":
        status = 422
    rows = [(r, resolutions.outcome(r)) for r in resolutions.resolutions_of(meeting)]
    return render_template("reports/resolutions.html", meeting=meeting, rows=rows,
                           form=form), status


@bp.route("/resolutions/<int:rsid>", methods=["GET", "POST"])
def resolution(rsid):
    if request.method == "POST":
        resolution = access.load_resolution_to_edit(rsid)
    else:
        resolution = access.load_resolution(rsid)
    meeting = resolution.meeting
    form = _resolution_form(meeting, ResolutionForm(obj=resolution)
                            if request.method == "GET" else None)
    status = 200
    if request.method == "GET":
        form.reports.data = [r.id for r in resolution.reports]
    elif form.validate_on_submit():
        ok, _r = apply_service(form, lambda: resolutions.update_resolution(
            current_user, resolution, title=form.title.data, text=form.text.data,
            reports=resolutions.tabled_reports_by_id(meeting, form.reports.data)))
        if ok:
            flash(_("Resolution saved."), "success")
            return redirect(url_for("reports.resolution", rsid=rsid))
    if request.method == "POST":
        status = 422
    return render_template("reports/resolution.html", meeting=meeting, resolution=resolution,
                           outcome=resolutions.outcome(resolution), form=form,
                           may_put_to_vote=access.may_put_to_vote(meeting),
                           may_run_vote=access.may_run_vote(meeting),
                           button=EmptyForm()), status


@bp.post("/resolutions/<int:rsid>/<any(vote, open, close):action>")
def resolution_vote(rsid, action):
    resolution = access.load_resolution_to_vote(rsid, action)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    service = {"vote": resolutions.put_to_vote, "open": resolutions.open_vote,
               "close": resolutions.close_vote}[action]
    ok, _r = apply_service(form, lambda: service(current_user, resolution))
    if ok:
        flash({"vote": _("The motion ballot is prepared; open it when the plenary votes."),
               "open": _("The vote is open: delegates vote on their tablets."),
               "close": _("The vote is closed and counted.")}[action], "success")
    return redirect(url_for("reports.resolution", rsid=rsid))
