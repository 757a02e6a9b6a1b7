"""Review comment pages: a delegate writes a comment on the report they read, and changes or
deletes it until their group session ends."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from congress.core.forms import EmptyForm, apply_service
from congress.reports import access, services
from congress.reports.blueprint import bp, page_layout
from congress.reports.forms import CommentEditForm, CommentForm
from congress.reports.report_views import reader_page


@bp.post("/reports/<int:rid>/comments")
def add_comment(rid):
    report = access.load_report_to_comment(rid)
    form = CommentForm()
    if form.validate_on_submit():
        raw = form.block_id.data
        if raw and not str(raw).isdigit():
            abort(400)
        ok, comment = apply_service(form, lambda: services.add_comment(
            current_user, current_user.delegate, report, text=form.text.data,
            block_id=int(raw) if raw else None))
        if ok:
            flash(_("Your comment is saved. You can change it until your group session ends."),
                  "success")
            anchor = f"#c{comment.id}"
            return redirect(url_for("reports.read", rid=rid,
                                    number=comment.version.number) + anchor)
    version = report.current_version
    if version is None:
        abort(409)
    return reader_page(report, version, form=form, status=422)


@bp.route("/comments/<int:cid>/edit", methods=["GET", "POST"])
def edit_comment(cid):
    comment = access.load_own_comment(cid)
    form = CommentEditForm(obj=comment)
    status = 200
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.update_comment(
            current_user, comment, text=form.text.data))
        if ok:
            flash(_("Your comment is saved."), "success")
            return redirect(url_for("reports.read", rid=comment.report_id,
                                    number=comment.version.number) + f"#c{comment.id}")
        status = 409
    elif request.method == "POST":
        status = 422
    return render_template("reports/comment_edit.html", comment=comment, form=form,
                           meeting=comment.meeting, button=EmptyForm(),
                           comments_open=services.comments_open_for(comment.meeting_id,
                                                                    comment.delegation_id),
                           layout=page_layout()), status


@bp.post("/comments/<int:cid>/delete")
def delete_comment(cid):
    comment = access.load_own_comment(cid)
    rid, number = comment.report_id, comment.version.number
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ok, _r = apply_service(form, lambda: services.delete_comment(current_user, comment))
    if ok:
        flash(_("Your comment was deleted."), "success")
    return redirect(url_for("reports.read", rid=rid, number=number))
