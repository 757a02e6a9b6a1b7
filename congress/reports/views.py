"""Report review pages: the secretariat imports, previews, tables and corrects reports;
delegates read them on the tablet and write review comments; recorders keep the group's
record; the secretariat watches the groups, compiles the digest and drafts resolutions."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from congress.core.auth import authorize
from congress.core.database import reads_first
from congress.core.forms import EmptyForm, apply_service
from congress.core.web import pdf_response
from congress.extensions import db
from congress.meetings.access import load_meeting
from congress.people.models import Delegate, Delegation
from congress.reports import digest, groups, resolutions, services
from congress.reports.forms import (CommentEditForm, CommentForm, DigestEditForm, NotesForm,
                                    RecorderForm, ReportImportForm, ResolutionForm,
                                    VersionImportForm)
from congress.reports.models import (DigestItem, GroupPresence, Report, Resolution,
                                     ReviewComment)

bp = Blueprint("reports", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every report page needs a signed-in user."""


def load_report(rid):
    report = db.get_or_404(Report, rid)
    authorize(current_user.can_read_reports(report.meeting))
    return report


def _layout():
    return "tablet" if current_user.delegate is not None else "console"


def _flash_errors(form):
    """For forms that redirect back: field messages would be lost, so flash them."""
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")


def _upload(form):
    storage = form.file.data
    return storage.filename, storage.read()


# --- reports ---------------------------------------------------------------------------------

@bp.route("/meetings/<int:mid>/reports", methods=["GET", "POST"])
@reads_first  # the file is parsed before the write lock
def index(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_read_reports(meeting))
    form = ReportImportForm()
    if request.method == "POST":
        authorize(current_user.can_manage_reports(meeting))
        if form.validate_on_submit():
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
        session = services.group_session_of(delegate.delegation_id)
    return render_template("reports/index.html", meeting=meeting, reports=reports, form=form,
                           counts=counts, mine=mine, session=session, layout=_layout()), \
        200 if request.method == "GET" else 422


@bp.get("/reports/<int:rid>")
def show(rid):
    report = load_report(rid)
    if current_user.can_manage_reports(report.meeting):
        return render_template("reports/manage.html", report=report, meeting=report.meeting,
                               form=VersionImportForm(), button=EmptyForm(),
                               comment_count=services.comment_counts(
                                   report=report).get(report.id, 0),
                               resolutions=_outcomes(report))
    if not report.is_tabled:
        abort(404)
    return _reader(report, report.current_version)


@bp.get("/reports/<int:rid>/v<int:number>")
def read(rid, number):
    report = load_report(rid)
    version = services.version_of(report, number)
    if version is None:
        abort(404)
    if not version.is_tabled:  # a draft: the secretariat's preview
        authorize(current_user.can_manage_reports(report.meeting))
    return _reader(report, version)


def _outcomes(report):
    return [(r, resolutions.outcome(r)) for r in resolutions.resolutions_on(report)]


def _reader(report, version, form=None, status=200):
    delegate = current_user.delegate
    comments = services.own_comments(delegate, report) if delegate is not None else []
    by_block = {}
    for comment in comments:
        by_block.setdefault(comment.block_id, []).append(comment)
    can_comment = (current_user.can_comment_on_reports(report.meeting)
                   and version is report.current_version)
    if form is None:
        form = CommentForm()
    form.block_id.choices = [("", _("The whole report"))] + [
        (str(b.id), _("Paragraph %(n)s", n=b.number)) for b in version.numbered]
    return render_template(
        "reports/read.html", report=report, meeting=report.meeting, version=version,
        comments=comments, by_block=by_block, form=form, can_comment=can_comment,
        comments_open=(delegate is not None
                       and services.comments_open_for(delegate.delegation_id)),
        button=EmptyForm(), layout=_layout(), resolutions=_outcomes(report)), status


@bp.post("/reports/<int:rid>/versions")
@reads_first
def import_version(rid):
    report = load_report(rid)
    authorize(current_user.can_manage_reports(report.meeting))
    form = VersionImportForm()
    if form.validate_on_submit():
        filename, data = _upload(form)
        ok, version = apply_service(form, lambda: services.import_version(
            current_user, report, filename=filename, data=data, note=form.note.data))
        if ok:
            flash(_("Imported as version %(n)s. Check the preview, then table it.",
                    n=version.number), "success")
            return redirect(url_for("reports.read", rid=report.id, number=version.number))
    return render_template("reports/manage.html", report=report, meeting=report.meeting,
                           form=form, button=EmptyForm(), comment_count=None,
                           resolutions=_outcomes(report)), 422


@bp.post("/reports/<int:rid>/v<int:number>/<any(table, discard):action>")
def version_action(rid, number, action):
    report = load_report(rid)
    authorize(current_user.can_manage_reports(report.meeting))
    version = services.version_of(report, number)
    if version is None:
        abort(404)
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


# --- comments --------------------------------------------------------------------------------

def load_comment(cid):
    comment = db.get_or_404(ReviewComment, cid)
    authorize(current_user.can_edit_comment(comment))
    return comment


@bp.post("/reports/<int:rid>/comments")
def add_comment(rid):
    report = load_report(rid)
    authorize(current_user.can_comment_on_reports(report.meeting))
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
    return _reader(report, version, form=form, status=422)


@bp.route("/comments/<int:cid>/edit", methods=["GET", "POST"])
def edit_comment(cid):
    comment = load_comment(cid)
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
                           comments_open=services.comments_open_for(comment.delegation_id),
                           layout=_layout()), status


@bp.post("/comments/<int:cid>/delete")
def delete_comment(cid):
    comment = load_comment(cid)
    rid, number = comment.report_id, comment.version.number
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ok, _r = apply_service(form, lambda: services.delete_comment(current_user, comment))
    if ok:
        flash(_("Your comment was deleted."), "success")
    return redirect(url_for("reports.read", rid=rid, number=number))


# --- group sessions --------------------------------------------------------------------------

@bp.get("/meetings/<int:mid>/groups")
def groups_index(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_view_group_progress(meeting))
    return render_template("reports/groups.html", meeting=meeting,
                           rows=groups.progress(meeting))


@bp.get("/meetings/<int:mid>/groups/progress")
def groups_progress(mid):
    """The progress table's rows, for static/js/refresh.js."""
    meeting = load_meeting(mid)
    authorize(current_user.can_view_group_progress(meeting))
    return render_template("reports/_progress.html", meeting=meeting,
                           rows=groups.progress(meeting))


def load_group(did):
    """The delegation and its session (None until first used)."""
    delegation = db.get_or_404(Delegation, did)
    load_meeting(delegation.meeting_id)
    return delegation, groups.session_for(delegation)


@bp.get("/groups/<int:did>")
def group(did):
    delegation, session = load_group(did)
    authorize(current_user.can_view_group_progress(delegation.meeting)
              or (session is not None and current_user.can_view_group(session)))
    meeting = delegation.meeting
    members = db.session.scalars(select(Delegate).where(Delegate.delegation_id == did)
                                 .order_by(Delegate.id)).all()
    recorder_form = RecorderForm()
    recorder_form.recorder.choices = [("", _("(none)"))] + [(str(d.id), d.name) for d in members]
    recorder_form.recorder.data = str(session.recorder_id) if session and session.recorder_id \
        else ""
    keeper = session is not None and current_user.can_keep_group_record(session)
    comments = []
    if keeper or current_user.can_view_all_comments(meeting):
        comments = db.session.scalars(select(ReviewComment).where(
            ReviewComment.delegation_id == did).order_by(ReviewComment.report_id,
                                                         ReviewComment.id)).all()
    return render_template(
        "reports/group.html", meeting=meeting, delegation=delegation, session=session,
        members=members, attendance=groups.attendance_of(session) if session else {},
        presences=list(GroupPresence), recorder_form=recorder_form,
        notes_form=NotesForm(notes=session.notes if session else ""), keeper=keeper,
        comments=comments, button=EmptyForm(), layout=_layout())


@bp.post("/groups/<int:did>/recorder")
def set_recorder(did):
    delegation, _session = load_group(did)
    authorize(current_user.can_manage_reports(delegation.meeting))
    form = RecorderForm()
    form.recorder.choices = []
    if form.validate_on_submit():
        raw = form.recorder.data or ""
        delegate = None
        if raw:
            delegate = db.session.get(Delegate, int(raw)) if raw.isdigit() else None
            if delegate is None:
                abort(400)
        ok, _r = apply_service(form, lambda: groups.set_recorder(current_user, delegation,
                                                                 delegate))
        if ok:
            flash(_("Recorder saved."), "success")
        else:
            _flash_errors(form)
    return redirect(url_for("reports.group", did=did))


@bp.post("/groups/<int:did>/<any(start, end, reopen):action>")
def group_status(did, action):
    delegation, session = load_group(did)
    if action == "reopen":
        authorize(current_user.can_manage_reports(delegation.meeting))
    else:
        authorize(current_user.can_manage_reports(delegation.meeting)
                  or (session is not None and current_user.can_run_group_session(session)))
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ok, _r = apply_service(form, lambda: groups.change_status(
        current_user, session or groups.session_for(delegation, create=True), action))
    if ok:
        flash({"start": _("The group session has started."),
               "end": _("The group session has ended; comments are closed."),
               "reopen": _("The group session is open again.")}[action], "success")
    return redirect(request.referrer or url_for("reports.group", did=did))


def _keeper_session(did):
    delegation, session = load_group(did)
    authorize(session is not None and current_user.can_keep_group_record(session))
    return delegation, session


@bp.post("/groups/<int:did>/notes")
def save_notes(did):
    _delegation, session = _keeper_session(did)
    form = NotesForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: groups.save_notes(current_user, session,
                                                               form.notes.data))
        if ok:
            flash(_("Notes saved."), "success")
        else:
            _flash_errors(form)
    else:
        flash(_("The notes are too long."), "error")
    return redirect(url_for("reports.group", did=did) + "#notes")


@bp.post("/groups/<int:did>/attendance")
def save_attendance(did):
    _delegation, session = _keeper_session(did)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    marks = {key.removeprefix("a"): value for key, value in request.form.items()
             if key.startswith("a") and key[1:].isdigit() and value}
    ok, _r = apply_service(form, lambda: groups.save_attendance(current_user, session, marks))
    if ok:
        flash(_("Attendance saved."), "success")
    return redirect(url_for("reports.group", did=did) + "#attendance")


# --- digest ----------------------------------------------------------------------------------

def _digest_meeting(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_reports(meeting))
    return meeting


@bp.get("/meetings/<int:mid>/digest")
def digest_page(mid):
    meeting = _digest_meeting(mid)
    return render_template("reports/digest.html", meeting=meeting,
                           sections=digest.sections(meeting),
                           pending=digest.uncompiled_count(meeting),
                           delegations_of=digest.delegations_of, button=EmptyForm())


@bp.post("/meetings/<int:mid>/digest/compile")
def digest_compile(mid):
    meeting = _digest_meeting(mid)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ok, added = apply_service(form, lambda: digest.compile_digest(current_user, meeting))
    if ok:
        flash(_("%(n)s new comments added to the digest.", n=added), "success")
    return redirect(url_for("reports.digest_page", mid=mid))


@bp.post("/meetings/<int:mid>/digest/merge")
def digest_merge(mid):
    meeting = _digest_meeting(mid)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ids = [int(i) for i in request.form.getlist("items") if i.isdigit()]
    items = [db.session.get(DigestItem, i) for i in ids]
    if any(i is None or i.report.meeting_id != meeting.id for i in items):
        abort(404)
    ok, target = apply_service(form, lambda: digest.merge_items(current_user, items))
    if ok:
        flash(_("Merged: the entry now counts %(n)s comments.", n=target.count), "success")
        return redirect(url_for("reports.digest_page", mid=mid) + f"#d{target.id}")
    return redirect(url_for("reports.digest_page", mid=mid))


def load_item(iid):
    item = db.get_or_404(DigestItem, iid)
    _digest_meeting(item.report.meeting_id)
    return item


@bp.route("/digest/<int:iid>/edit", methods=["GET", "POST"])
def digest_edit(iid):
    item = load_item(iid)
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
    item = load_item(iid)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ok, _r = apply_service(form, lambda: digest.split_item(current_user, item))
    if ok:
        flash(_("The entry was split into its comments."), "success")
    return redirect(url_for("reports.digest_page", mid=item.report.meeting_id))


@bp.get("/meetings/<int:mid>/digest.pdf")
def digest_pdf(mid):
    meeting = _digest_meeting(mid)
    return pdf_response(digest.digest_pdf(meeting), f"meeting-{meeting.id}-review-digest.pdf")


# --- resolutions -----------------------------------------------------------------------------

def _resolution_form(meeting, form=None):
    form = form or ResolutionForm()
    form.reports.choices = [(r.id, r.title) for r in services.reports_of(meeting, True)]
    return form


@bp.route("/meetings/<int:mid>/resolutions", methods=["GET", "POST"])
def resolutions_index(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_view_group_progress(meeting)
              or current_user.can_manage_reports(meeting))
    form = _resolution_form(meeting)
    status = 200
    if request.method == "GET":
        form.reports.data = [r.id for r in services.reports_of(meeting, True)]
    else:
        authorize(current_user.can_manage_reports(meeting))
        if form.validate_on_submit():
            ok, resolution = apply_service(form, lambda: resolutions.draft_resolution(
                current_user, meeting, title=form.title.data, text=form.text.data,
                reports=resolutions.tabled_reports_by_id(meeting, form.reports.data)))
            if ok:
                flash(_("Resolution drafted."), "success")
                return redirect(url_for("reports.resolution", rsid=resolution.id))
        status = 422
    rows = [(r, resolutions.outcome(r)) for r in resolutions.resolutions_of(meeting)]
    return render_template("reports/resolutions.html", meeting=meeting, rows=rows,
                           form=form), status


def load_resolution(rsid):
    resolution = db.get_or_404(Resolution, rsid)
    meeting = load_meeting(resolution.meeting_id)
    authorize(current_user.can_view_group_progress(meeting)
              or current_user.can_manage_reports(meeting))
    return resolution


@bp.route("/resolutions/<int:rsid>", methods=["GET", "POST"])
def resolution(rsid):
    resolution = load_resolution(rsid)
    meeting = resolution.meeting
    form = _resolution_form(meeting, ResolutionForm(obj=resolution)
                            if request.method == "GET" else None)
    status = 200
    if request.method == "GET":
        form.reports.data = [r.id for r in resolution.reports]
    else:
        authorize(current_user.can_manage_reports(meeting))
        if form.validate_on_submit():
            ok, _r = apply_service(form, lambda: resolutions.update_resolution(
                current_user, resolution, title=form.title.data, text=form.text.data,
                reports=resolutions.tabled_reports_by_id(meeting, form.reports.data)))
            if ok:
                flash(_("Resolution saved."), "success")
                return redirect(url_for("reports.resolution", rsid=rsid))
        status = 422
    return render_template("reports/resolution.html", meeting=meeting, resolution=resolution,
                           outcome=resolutions.outcome(resolution), form=form,
                           button=EmptyForm()), status


@bp.post("/resolutions/<int:rsid>/<any(vote, open, close):action>")
def resolution_vote(rsid, action):
    resolution = load_resolution(rsid)
    if action == "vote":
        authorize(current_user.can_manage_reports(resolution.meeting)
                  and current_user.can_manage_ballots(resolution.meeting))
    else:
        authorize(current_user.can_run_ballots(resolution.meeting))
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
