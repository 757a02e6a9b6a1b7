"""Report pages: the meeting's reports, importing a report or a new version, the
secretariat's preview and tabling, and the reader delegates use on the tablet."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from congress.core.database import reads_first
from congress.core.forms import EmptyForm, apply_service
from congress.extensions import db
from congress.reports import access, resolutions, services
from congress.reports.blueprint import bp, page_layout
from congress.reports.forms import CommentForm, ReportImportForm, VersionImportForm
from congress.reports.models import Report


def _upload(form):
    storage = form.file.data
    return storage.filename, storage.read()


def _outcomes(report):
    return [(r, resolutions.outcome(r)) for r in resolutions.resolutions_on(report)]


@bp.route("/meetings/<int:mid>/reports", methods=["GET", "POST"])
@reads_first  # the file is parsed before the write lock
def index(mid):
    if request.method == "POST":
        meeting = access.load_meeting_to_manage(mid)
    else:
        meeting = access.load_meeting_reports(mid)
    form = ReportImportForm()
    if request.method == "POST" and form.validate_on_submit():
        filename, data = _upload(form)
        ok, report = apply_service(form, lambda: services.create_report(
            current_user, meeting, kind=form.kind.data, title=form.title.data,
            filename=filename, data=data))
        if ok:
            flash(_("Imported. Check the preview, then table the report."), "success")
            return redirect(url_for("reports.read", rid=report.id,
                                    number=report.versions[0].number))
    manager = current_user.can_manage_reports(meeting)
    reports = services.reports_of(meeting, tabled_only=not manager)
    counts = services.comment_counts(meeting=meeting) if manager else {}
    mine, session = {}, None
    if current_user.delegate is not None:
        delegate = current_user.delegate
        mine = services.comment_counts(delegate=delegate)
        session = services.group_session_of(meeting.id, delegate.delegation_id)
    return render_template("reports/index.html", meeting=meeting, reports=reports, form=form,
                           counts=counts, mine=mine, session=session, layout=page_layout()), \
        200 if request.method == "GET" else 422


def _manage_page(report, form, comment_count, status=200):
    return render_template("reports/manage.html", report=report, meeting=report.meeting,
                           form=form, button=EmptyForm(), comment_count=comment_count,
                           resolutions=_outcomes(report)), status


@bp.get("/reports/<int:rid>")
def show(rid):
    report = access.load_report(rid)
    if current_user.can_manage_reports(report.meeting):
        return _manage_page(report, VersionImportForm(), services.comment_counts(
            report=report).get(report.id, 0))
    return reader_page(report, report.current_version)


@bp.get("/reports/<int:rid>/v<int:number>")
def read(rid, number):
    report = access.load_report(rid)
    return reader_page(report, access.load_version(report, number))


def reader_page(report, version, form=None, status=200):
    """The reader: the version's text with the delegate's own comments beside it."""
    delegate = current_user.delegate
    comments = services.own_comments(delegate, report) if delegate is not None else []
    by_block = {}
    for comment in comments:
        by_block.setdefault(comment.block_id, []).append(comment)
    if form is None:
        form = CommentForm()
    form.block_id.choices = [("", _("The whole report"))] + [
        (str(b.id), _("Paragraph %(n)s", n=b.number)) for b in version.numbered]
    return render_template(
        "reports/read.html", report=report, meeting=report.meeting, version=version,
        comments=comments, by_block=by_block, form=form,
        can_comment=access.may_comment_on(version),
        comments_open=(delegate is not None
                       and services.comments_open_for(report.meeting_id,
                                                             delegate.delegation_id)),
        button=EmptyForm(), layout=page_layout(), resolutions=_outcomes(report)), status


@bp.post("/reports/<int:rid>/versions")
@reads_first
def import_version(rid):
    report = access.load_report_to_manage(rid)
    form = VersionImportForm()
    if form.validate_on_submit():
        filename, data = _upload(form)
        ok, version = apply_service(form, lambda: services.import_version(
            current_user, report, filename=filename, data=data, note=form.note.data))
        if ok:
            flash(_("Imported as version %(n)s. Check the preview, then table it.",
                    n=version.number), "success")
            return redirect(url_for("reports.read", rid=report.id, number=version.number))
    return _manage_page(report, form, None, 422)


@bp.post("/reports/<int:rid>/v<int:number>/<any(table, discard):action>")
def version_action(rid, number, action):
    report = access.load_report_to_manage(rid)
    version = access.load_version(report, number)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    service = services.table_version if action == "table" else services.discard_draft
    ok, _r = apply_service(form, lambda: service(current_user, version))
    if ok and action == "discard":
        flash(_("The draft was discarded."), "success")
        if db.session.get(Report, rid) is None:
            return redirect(url_for("reports.index", mid=report.meeting_id))
        return redirect(url_for("reports.show", rid=rid))
    if ok:
        flash(_("Version %(n)s is tabled: delegates can read it now, and it is frozen.",
                n=number), "success")
    return redirect(url_for("reports.show", rid=rid))
