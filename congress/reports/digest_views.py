"""The digest pages (审议意见汇总): the secretariat compiles the review comments, merges
and splits entries, words them and prints the digest."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from congress.core.forms import EmptyForm, apply_service
from congress.core.web import file_name, pdf_response
from congress.reports import access, digest
from congress.reports.blueprint import bp
from congress.reports.forms import DigestEditForm


@bp.get("/meetings/<int:mid>/digest")
def digest_page(mid):
    meeting = access.load_meeting_to_manage(mid)
    return render_template("reports/digest.html", meeting=meeting,
                           sections=digest.sections(meeting),
                           pending=digest.uncompiled_count(meeting),
                           delegations_of=digest.delegations_of, button=EmptyForm())


@bp.post("/meetings/<int:mid>/digest/compile")
def digest_compile(mid):
    meeting = access.load_meeting_to_manage(mid)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ok, added = apply_service(form, lambda: digest.compile_digest(current_user, meeting))
    if ok:
        flash(_("%(n)s new comments added to the digest.", n=added), "success")
    return redirect(url_for("reports.digest_page", mid=mid))


@bp.post("/meetings/<int:mid>/digest/merge")
def digest_merge(mid):
    meeting = access.load_meeting_to_manage(mid)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ids = [int(i) for i in request.form.getlist("items") if i.isdigit()]
    items = access.digest_items_of(meeting, ids)
    ok, target = apply_service(form, lambda: digest.merge_items(current_user, items))
    if ok:
        flash(_("Merged: the entry now counts %(n)s comments.", n=target.count), "success")
        return redirect(url_for("reports.digest_page", mid=mid) + f"#d{target.id}")
    return redirect(url_for("reports.digest_page", mid=mid))


@bp.route("/digest/<int:iid>/edit", methods=["GET", "POST"])
def digest_edit(iid):
    item = access.load_digest_item(iid)
    form = DigestEditForm(obj=item)
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: digest.edit_item(current_user, item,
                                                              form.text.data))
        if ok:
            flash(_("Wording saved."), "success")
            return redirect(url_for("reports.digest_page", mid=item.report.meeting_id)
                            + f"#d{item.id}")
    return render_template("reports/digest_edit.html", item=item, form=form,
                           meeting=item.report.meeting,
                           delegations=digest.delegations_of(item)), \
        422 if form.errors else 200


@bp.post("/digest/<int:iid>/split")
def digest_split(iid):
    item = access.load_digest_item(iid)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ok, _r = apply_service(form, lambda: digest.split_item(current_user, item))
    if ok:
        flash(_("The entry was split into its comments."), "success")
    return redirect(url_for("reports.digest_page", mid=item.report.meeting_id))


@bp.get("/meetings/<int:mid>/digest.pdf")
def digest_pdf(mid):
    meeting = access.load_meeting_digest(mid)
    return pdf_response(digest.digest_pdf(meeting), f"meeting-{meeting.id}-review-digest.pdf",
                        file_name(meeting.title, _("Digest of the review comments"), ext=".pdf"))
