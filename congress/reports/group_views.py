"""Group session pages (分组审议): the secretariat watches every group's progress and marks
recorders; a recorder starts and ends the session and keeps its notes and attendance."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from congress.core.forms import EmptyForm, apply_service
from congress.extensions import db
from congress.people.models import Delegate
from congress.reports import access, groups
from congress.reports.blueprint import bp, flash_errors, page_layout
from congress.reports.forms import NotesForm, RecorderForm
from congress.reports.group_models import GroupPresence


@bp.get("/meetings/<int:mid>/groups")
def groups_index(mid):
    meeting = access.load_meeting_groups(mid)
    return render_template("reports/groups.html", meeting=meeting,
                           rows=groups.progress(meeting))


@bp.get("/meetings/<int:mid>/groups/progress")
def groups_progress(mid):
    """The progress table's rows, the live region static/js/live.js re-fetches."""
    meeting = access.load_meeting_groups(mid)
    return render_template("reports/_progress.html", meeting=meeting,
                           rows=groups.progress(meeting))


def _recorder_form(members, session):
    form = RecorderForm()
    form.recorder.choices = [("", _("(none)"))] + [(str(d.id), d.name) for d in members]
    form.recorder.data = str(session.recorder_id) if session and session.recorder_id else ""
    return form


@bp.get("/meetings/<int:mid>/groups/<int:did>")
def group(mid, did):
    found = access.load_group(mid, did)
    meeting, delegation, session = found
    members = groups.members_of(meeting, did)
    comments = (groups.comments_of(meeting, delegation)
                if access.may_read_group_comments(found) else None)
    recorded = groups.attendance_of(session) if session else {}
    attendance = groups.suggested_attendance(meeting, session, members)
    return render_template(
        "reports/group.html", meeting=meeting, delegation=delegation,
        session=session, members=members,
        attendance=attendance, prefilled=bool(attendance) and not recorded,
        presences=list(GroupPresence), recorder_form=_recorder_form(members, session),
        notes_form=NotesForm(notes=session.notes if session else ""),
        keeper=access.may_keep_record(session),
        may_run_session=access.may_run_session(found),
        may_reopen=access.may_reopen_session(found),
        comments=comments, button=EmptyForm(), layout=page_layout())


@bp.post("/meetings/<int:mid>/groups/<int:did>/recorder")
def set_recorder(mid, did):
    meeting, delegation, _session = access.load_group_to_manage(mid, did)
    form = RecorderForm()
    form.recorder.choices = []
    if form.validate_on_submit():
        raw = form.recorder.data or ""
        delegate = None
        if raw:
            delegate = db.session.get(Delegate, int(raw)) if raw.isdigit() else None
            if delegate is None:
                abort(400)
        ok, _r = apply_service(form, lambda: groups.set_recorder(current_user, meeting,
                                                                 delegation, delegate))
        if ok:
            flash(_("Recorder saved."), "success")
        else:
            flash_errors(form)
    return redirect(url_for("reports.group", mid=mid, did=did))


@bp.post("/meetings/<int:mid>/groups/<int:did>/<any(start, end, reopen):action>")
def group_status(mid, did, action):
    meeting, delegation, session = access.load_group_to_change_status(mid, did, action)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ok, _r = apply_service(form, lambda: groups.change_status(
        current_user, session or groups.session_for(meeting, delegation, create=True), action))
    if ok:
        flash({"start": _("The group session has started."),
               "end": _("The group session has ended; comments are closed."),
               "reopen": _("The group session is open again.")}[action], "success")
    return redirect(request.referrer or url_for("reports.group", mid=mid, did=did))


@bp.post("/meetings/<int:mid>/groups/<int:did>/notes")
def save_notes(mid, did):
    _meeting, _delegation, session = access.load_group_to_keep(mid, did)
    form = NotesForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: groups.save_notes(current_user, session,
                                                               form.notes.data))
        if ok:
            flash(_("Notes saved."), "success")
        else:
            flash_errors(form)
    else:
        flash(_("The notes are too long."), "error")
    return redirect(url_for("reports.group", mid=mid, did=did) + "#notes")


@bp.post("/meetings/<int:mid>/groups/<int:did>/attendance")
def save_attendance(mid, did):
    _meeting, _delegation, session = access.load_group_to_keep(mid, did)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    marks = {key.removeprefix("a"): value for key, value in request.form.items()
             if key.startswith("a") and key[1:].isdigit() and value}
    ok, _r = apply_service(form, lambda: groups.save_attendance(current_user, session, marks))
    if ok:
        flash(_("Attendance saved."), "success")
    return redirect(url_for("reports.group", mid=mid, did=did) + "#attendance")
