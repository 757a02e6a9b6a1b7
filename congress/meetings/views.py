"""Meeting pages: overview, settings, agenda, the check-in desk, attendance, the tablet home."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.core.auth import authorize
from congress.core.forms import EmptyForm, apply_service
from congress.meetings import services
from congress.meetings.access import (
    check_in_target,
    load_agenda_item,
    load_delegate,
    load_meeting,
    may_list_meetings,
    visible_meetings,
)
from congress.meetings.forms import (
    AgendaItemForm,
    CheckInCodeForm,
    MeetingForm,
    NewMeetingForm,
    settings_changes,
    settings_form,
)
from congress.meetings.seats import seat_at, seats_at
from congress.organisations.access import congress_target

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.before_request
@login_required
def _signed_in():
    """Every meeting page needs a signed-in user."""


@bp.get("/")
def list_meetings():
    authorize(may_list_meetings(current_user))
    meetings = visible_meetings()
    # an organiser's list spans the organisations below: then each row names its own
    several = len({meeting.organisation_id for meeting in meetings}) > 1
    return render_template("meetings/list.html", meetings=meetings, several=several)


@bp.route("/new", methods=["GET", "POST"])
def create():
    authorize(current_user.can_create_meeting())
    form = NewMeetingForm().offer(current_user.organisation.congresses)
    if not form.is_submitted():
        form.congress_id.data = request.args.get("congress", 0, type=int)
    if form.validate_on_submit():
        congress = congress_target(form.congress_id.data) if form.congress_id.data else None
        ok, meeting = apply_service(form, lambda: services.create_meeting(
            current_user, congress=congress, **form.values()))
        if ok:
            flash(_("Meeting created."), "success")
            return redirect(url_for("meetings.show", mid=meeting.id))
    return render_template("meetings/edit.html", form=form, meeting=None)


@bp.get("/<int:mid>")
def show(mid):
    meeting = load_meeting(mid, for_="overview")
    return render_template("meetings/show.html", meeting=meeting,
                           summary=services.attendance_summary(meeting),
                           agenda_form=AgendaItemForm(), button=EmptyForm())


@bp.route("/<int:mid>/edit", methods=["GET", "POST"])
def edit(mid):
    meeting = load_meeting(mid, for_="edit")
    form = MeetingForm.for_meeting(meeting)
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.update_meeting(current_user, meeting,
                                                                     **form.values()))
        if ok:
            flash(_("Meeting saved."), "success")
            return redirect(url_for("meetings.show", mid=meeting.id))
    return render_template("meetings/edit.html", form=form, meeting=meeting)


@bp.route("/<int:mid>/settings", methods=["GET", "POST"])
def settings(mid):
    meeting = load_meeting(mid, for_="edit")
    form = settings_form(meeting)
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.update_settings(
            current_user, meeting, settings_changes(form)))
        if ok:
            flash(_("Settings saved."), "success")
            return redirect(url_for("meetings.settings", mid=meeting.id))
    return render_template("meetings/settings.html", form=form, meeting=meeting)


@bp.post("/<int:mid>/agenda")
def add_agenda_item(mid):
    meeting = load_meeting(mid, for_="edit")
    form = AgendaItemForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.add_agenda_item(current_user, meeting,
                                                                      **form.values()))
        if ok:
            flash(_("Agenda item added."), "success")
    else:
        flash(_("Please give the agenda item a title."), "error")
    return redirect(url_for("meetings.show", mid=meeting.id) + "#agenda")


@bp.post("/<int:mid>/agenda/<int:iid>/<any(up, down, delete):action>")
def change_agenda_item(mid, iid, action):
    meeting = load_meeting(mid, for_="edit")
    item = load_agenda_item(meeting, iid)
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
    meeting = load_meeting(mid, for_="absentees")
    return render_template("meetings/attendance.html", meeting=meeting,
                           summary=services.attendance_summary(meeting), seats=seats_at(meeting),
                           missing=services.not_present(meeting))


@bp.get("/<int:mid>/checkin")
def checkin_desk(mid):
    meeting = load_meeting(mid, for_="desk")
    search = request.args.get("q", "").strip()
    delegation_id = request.args.get("delegation", type=int)
    rows = services.roll_call(meeting, search=search or None, delegation_id=delegation_id)
    return render_template("meetings/checkin.html", meeting=meeting, rows=rows, search=search,
                           delegation_id=delegation_id,
                           # a code scanned as the session ended comes back after the sign-in
                           code_form=CheckInCodeForm(code=request.args.get("code", "")[:64]),
                           seats=seats_at(meeting),
                           button=EmptyForm(), summary=services.attendance_summary(meeting))


@bp.post("/<int:mid>/checkin/code")
def checkin_by_code(mid):
    meeting = load_meeting(mid, for_="desk")
    form = CheckInCodeForm()
    if form.validate_on_submit():
        delegate = services.find_delegate_by_code(meeting, form.code.data)
        if delegate is None:
            flash(_("No delegate of this meeting has the code %(code)s.", code=form.code.data),
                  "error")
        else:
            ok, result = apply_service(form, lambda: services.check_in(current_user, meeting,
                                                                       delegate, "code"))
            if ok:
                _row, is_new = result
                flash((_("%(name)s checked in.", name=delegate.name) if is_new
                       else _("%(name)s had already checked in.", name=delegate.name)),
                      "success" if is_new else "info")
    return redirect(url_for("meetings.checkin_desk", mid=meeting.id))


@bp.post("/<int:mid>/delegates/<int:did>/<any(checkin, leave, clear):action>")
def desk_action(mid, did, action):
    meeting = load_meeting(mid, for_="desk")
    delegate = load_delegate(meeting, did)
    form = EmptyForm()
    if form.validate_on_submit():
        service = {"checkin": lambda: services.check_in(current_user, meeting, delegate, "desk"),
                   "leave": lambda: services.mark_leave(current_user, meeting, delegate),
                   "clear": lambda: services.clear_attendance(current_user, meeting,
                                                              delegate)}[action]
        ok, _r = apply_service(form, service)
        if ok:
            flash({"checkin": _("%(name)s checked in.", name=delegate.name),
                   "leave": _("%(name)s is on leave.", name=delegate.name),
                   "clear": _("%(name)s: attendance cleared.", name=delegate.name)}[action],
                  "success")
    return redirect(request.referrer or url_for("meetings.checkin_desk", mid=meeting.id))


# The tablet home also shows what areas above this one run (the debrief in progress, open
# ballots): each gives a context function, registered by the app (congress/__init__.py), so
# this area imports none of them.
TABLET_PARTS = "meetings.tablet_parts"


def add_tablet_part(app, context):
    """Show `context(meeting, delegate)`'s template variables on the tablet home."""
    app.extensions.setdefault(TABLET_PARTS, []).append(context)


def _tablet_parts(meeting, delegate):
    context = {}
    for part in current_app.extensions.get(TABLET_PARTS, ()):
        context.update(part(meeting, delegate))
    return context


@bp.get("/<int:mid>/tablet")
def tablet(mid):
    meeting = load_meeting(mid, for_="tablet")
    delegate = current_user.delegate
    own = {"meeting": meeting, "delegate": delegate,
           "attendance": services.attendance_of(meeting, delegate),
           "summary": services.attendance_summary(meeting), "button": EmptyForm(),
           "seat": seat_at(meeting, delegate)}
    return render_template("meetings/tablet.html", **(_tablet_parts(meeting, delegate) | own))


@bp.post("/<int:mid>/tablet/checkin")
def tablet_checkin(mid):
    meeting = load_meeting(mid)
    delegate, method = check_in_target(meeting)
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.check_in(current_user, meeting, delegate,
                                                                  method))
        if ok:
            flash(_("You are checked in. Welcome!"), "success")
    return redirect(url_for("meetings.tablet", mid=meeting.id))
