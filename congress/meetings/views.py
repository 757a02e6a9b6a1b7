"""Meeting pages: overview, settings, agenda, the check-in desk, attendance, the tablet home."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, NumberRange

from congress.core.auth import authorize
from congress.core.forms import EmptyForm, apply_service
from congress.core.time import from_local, to_local
from congress.extensions import db
from congress.meetings import services
from congress.meetings.access import load_delegate, load_meeting
from congress.meetings.forms import AgendaItemForm, CheckInCodeForm, MeetingForm
from congress.meetings.models import AgendaItem, Meeting
from congress.meetings.settings import SETTINGS

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.before_request
@login_required
def _signed_in():
    """Every meeting page needs a signed-in user."""


def _meeting_values(form):
    return {"title": form.title.data, "year": form.year.data, "starts_on": form.starts_on.data,
            "ends_on": form.ends_on.data, "venue": form.venue.data or None,
            "quorum_ratio": form.quorum_ratio.data, "min_signers": form.min_signers.data,
            "proposal_deadline": from_local(form.proposal_deadline.data)}


@bp.get("/")
def list_meetings():
    authorize(current_user.is_staff or current_user.can_create_meeting())
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.year.desc(), Meeting.id.desc()))
    return render_template("meetings/list.html", meetings=meetings)


@bp.route("/new", methods=["GET", "POST"])
def create():
    authorize(current_user.can_create_meeting())
    form = MeetingForm()
    if form.validate_on_submit():
        ok, meeting = apply_service(form, lambda: services.create_meeting(current_user,
                                                                    **_meeting_values(form)))
        if ok:
            flash(_("Meeting created."), "success")
            return redirect(url_for("meetings.show", mid=meeting.id))
    return render_template("meetings/edit.html", form=form, meeting=None)


@bp.get("/<int:mid>")
def show(mid):
    meeting = load_meeting(mid)
    authorize(current_user.is_staff or current_user.can_edit_meeting(meeting))
    return render_template("meetings/show.html", meeting=meeting,
                           summary=services.attendance_summary(meeting),
                           agenda_form=AgendaItemForm(), button=EmptyForm())


@bp.route("/<int:mid>/edit", methods=["GET", "POST"])
def edit(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_edit_meeting(meeting))
    form = MeetingForm(obj=meeting)
    if request.method == "GET":
        form.proposal_deadline.data = to_local(meeting.proposal_deadline)
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.update_meeting(current_user, meeting,
                                                              **_meeting_values(form)))
        if ok:
            flash(_("Meeting saved."), "success")
            return redirect(url_for("meetings.show", mid=meeting.id))
    return render_template("meetings/edit.html", form=form, meeting=meeting)


def settings_form_class():
    fields = {}
    for setting in SETTINGS:
        if setting.kind is list:
            fields[setting.key] = TextAreaField(setting.label, validators=[DataRequired()])
        else:
            fields[setting.key] = IntegerField(setting.label, validators=[
                DataRequired(), NumberRange(min=setting.minimum)])
    return type("SettingsForm", (FlaskForm,), fields)


@bp.route("/<int:mid>/settings", methods=["GET", "POST"])
def settings(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_edit_meeting(meeting))
    form_class = settings_form_class()
    values = meeting.options
    form = form_class(data={k: "\n".join(v) if isinstance(v, list) else v
                            for k, v in values.items()} if request.method == "GET" else None)
    if form.validate_on_submit():
        changes = {s.key: (form[s.key].data.splitlines() if s.kind is list else form[s.key].data)
                   for s in SETTINGS}
        ok, _r = apply_service(form, lambda: services.update_settings(current_user, meeting, changes))
        if ok:
            flash(_("Settings saved."), "success")
            return redirect(url_for("meetings.settings", mid=meeting.id))
    return render_template("meetings/settings.html", form=form, meeting=meeting)


@bp.post("/<int:mid>/agenda")
def add_agenda_item(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_edit_meeting(meeting))
    form = AgendaItemForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.add_agenda_item(
            current_user, meeting, kind=form.kind.data, title=form.title.data,
            starts_at=from_local(form.starts_at.data), notes=form.notes.data))
        if ok:
            flash(_("Agenda item added."), "success")
    else:
        flash(_("Please give the agenda item a title."), "error")
    return redirect(url_for("meetings.show", mid=meeting.id) + "#agenda")


@bp.post("/<int:mid>/agenda/<int:iid>/<any(up, down, delete):action>")
def change_agenda_item(mid, iid, action):
    meeting = load_meeting(mid)
    authorize(current_user.can_edit_meeting(meeting))
    item = db.get_or_404(AgendaItem, iid)
    if item.meeting_id != meeting.id:
        abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        if action == "delete":
            apply_service(form, lambda: services.delete_agenda_item(current_user, item))
        else:
            offset = -1 if action == "up" else 1
            apply_service(form, lambda: services.move_agenda_item(current_user, item, offset))
    return redirect(url_for("meetings.show", mid=meeting.id) + "#agenda")


# --- check-in desk, attendance, tablet ------------------------------------------------------

@bp.get("/<int:mid>/attendance")
def attendance(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_view_absentees(meeting))
    rows = services.roll_call(meeting)
    missing = [(d, a) for d, a in rows if a is None or a.status.value != "present"]
    return render_template("meetings/attendance.html", meeting=meeting,
                           summary=services.attendance_summary(meeting), missing=missing)


@bp.get("/<int:mid>/checkin")
def checkin_desk(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_check_in_others(meeting))
    search = request.args.get("q", "").strip()
    delegation_id = request.args.get("delegation", type=int)
    rows = services.roll_call(meeting, search=search or None, delegation_id=delegation_id)
    return render_template("meetings/checkin.html", meeting=meeting, rows=rows, search=search,
                           delegation_id=delegation_id, code_form=CheckInCodeForm(),
                           button=EmptyForm(), summary=services.attendance_summary(meeting))


@bp.post("/<int:mid>/checkin/code")
def checkin_by_code(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_check_in_others(meeting))
    form = CheckInCodeForm()
    if form.validate_on_submit():
        delegate = services.find_delegate_by_code(meeting, form.code.data)
        if delegate is None:
            flash(_("No delegate of this meeting has the code %(code)s.", code=form.code.data),
                  "error")
        else:
            ok, result = apply_service(form, lambda: services.check_in(current_user, delegate, "code"))
            if ok:
                _row, is_new = result
                flash((_("%(name)s checked in.", name=delegate.name) if is_new
                       else _("%(name)s had already checked in.", name=delegate.name)),
                      "success" if is_new else "info")
    return redirect(url_for("meetings.checkin_desk", mid=meeting.id))


@bp.post("/<int:mid>/delegates/<int:did>/<any(checkin, leave, clear):action>")
def desk_action(mid, did, action):
    meeting = load_meeting(mid)
    authorize(current_user.can_check_in_others(meeting))
    delegate = load_delegate(meeting, did)
    form = EmptyForm()
    if form.validate_on_submit():
        service = {"checkin": lambda: services.check_in(current_user, delegate, "desk"),
                   "leave": lambda: services.mark_leave(current_user, delegate),
                   "clear": lambda: services.clear_attendance(current_user, delegate)}[action]
        ok, _r = apply_service(form, service)
        if ok:
            flash({"checkin": _("%(name)s checked in.", name=delegate.name),
                   "leave": _("%(name)s is on leave.", name=delegate.name),
                   "clear": _("%(name)s: attendance cleared.", name=delegate.name)}[action],
                  "success")
    return redirect(request.referrer or url_for("meetings.checkin_desk", mid=meeting.id))


@bp.get("/<int:mid>/tablet")
def tablet(mid):
    meeting = load_meeting(mid)
    delegate = current_user.delegate
    authorize(current_user.can_check_in_self(meeting))
    from congress.debriefs.views import tablet_context

    return render_template("meetings/tablet.html", delegate=delegate,
                           attendance=delegate.attendance,
                           summary=services.attendance_summary(meeting),
                           **tablet_context(meeting, delegate))


@bp.post("/<int:mid>/tablet/checkin")
def tablet_checkin(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_check_in_self(meeting))
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.check_in(current_user, current_user.delegate,
                                                         "self"))
        if ok:
            flash(_("You are checked in. Welcome!"), "success")
    return redirect(url_for("meetings.tablet", mid=meeting.id))
