"""A meeting's roster pages: its delegates and delegations, PIN resets, the roster import
and export. They belong to the meeting (the people area below it keeps users, delegates and
the import's rules), so the people area imports nothing of the meetings area."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from congress.core.auth import authorize
from congress.core.database import reads_first
from congress.core.forms import EmptyForm, apply_service, choices
from congress.core.web import file_name, file_response
from congress.core.xlsx import XLSX
from congress.extensions import db
from congress.meetings.access import load_delegate, load_meeting
from congress.meetings.models import MeetingSeat, on_roster
from congress.meetings.seats import seats_at, set_meeting_seat
from congress.people import delegates, roster, services
from congress.people.forms import DelegateForm, DelegationForm, RosterUploadForm, SeatForm
from congress.people.models import GENDERS, Delegate, Delegation, User

bp = Blueprint("roster", __name__)



@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user."""


def _delegate_form(meeting):
    form = DelegateForm()
    form.delegation_id.choices = choices((d.id, d.name) for d in meeting.delegations)
    return form


def _matching(query):
    """The SQL condition for a roster search: name, username, seat or delegation."""
    pattern = f"%{query}%"
    return or_(Delegate.name.ilike(pattern), User.username.ilike(pattern),
               Delegate.seat.ilike(pattern), Delegation.name.ilike(pattern),
               MeetingSeat.seat.ilike(pattern))


@bp.get("/meetings/<int:mid>/delegates")
def roster_page(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_list_delegates(meeting))
    return _roster(meeting)


def _roster(meeting, form=None, status=200):
    """The roster page; `form`: the add-a-delegate form sent with a mistake, shown again
    as typed with its messages beside the fields."""
    query = (request.args.get("q") or "").strip()[:100]
    found = (select(Delegate).join(Delegation).join(User, User.id == Delegate.user_id)
             .outerjoin(MeetingSeat, (MeetingSeat.delegate_id == Delegate.id)
                        & (MeetingSeat.meeting_id == meeting.id))
             .options(db.joinedload(Delegate.user), db.joinedload(Delegate.delegation))
             .order_by(Delegation.position, Delegate.id))
    if query:
        found = found.where(_matching(query))
    on_roll = db.session.scalars(found.where(on_roster(meeting))).all()
    # the congress's delegates whose qualification ended before this meeting (off its roster)
    terminated = db.session.scalars(found.where(
        Delegate.congress_id == meeting.congress_id, Delegate.terminated_on.is_not(None),
        Delegate.terminated_on <= meeting.starts_on)).all()
    return render_template("people/roster.html", meeting=meeting, delegates=list(on_roll),
                           terminated=list(terminated), query=query,
                           seats=seats_at(meeting), seat_form=SeatForm(),
                           manage_term=current_user.can_manage_congress(meeting.congress),
                           form=form or _delegate_form(meeting),
                           delegation_form=DelegationForm(), button=EmptyForm()), status


@bp.post("/meetings/<int:mid>/delegations")
def add_delegation(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_roster(meeting))
    form = DelegationForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: delegates.create_delegation(current_user,
                                                                  meeting.congress,
                                                                  form.name.data))
        if ok:
            flash(_("Delegation added."), "success")
        else:
            for message in form.name.errors:
                flash(message, "error")
    return redirect(url_for("roster.roster_page", mid=meeting.id))


@bp.post("/meetings/<int:mid>/delegates")
@reads_first  # the PIN is hashed before the write lock
def add_delegate(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_roster(meeting))
    form = _delegate_form(meeting)
    if form.validate_on_submit():
        delegation = db.session.get(Delegation, form.delegation_id.data)
        ok, result = apply_service(form, lambda: delegates.create_delegate(
            current_user, meeting.congress, username_year=meeting.year, name=form.name.data,
            delegation=delegation,
            gender=form.gender.data or None, work_unit=form.work_unit.data,
            job_title=form.job_title.data, seat=form.seat.data,
            is_grassroots=form.is_grassroots.data, active_from=form.active_from.data))
        if ok:
            delegate, pin = result
            return render_template("people/logins.html", meeting=meeting, created=[result])
    return _roster(meeting, form, 422)


@bp.post("/meetings/<int:mid>/delegates/<int:did>/seat")
def set_seat(mid, did):
    """The delegate's seat at this meeting (blank: the seat of the term)."""
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_roster(meeting))
    delegate = load_delegate(meeting, did)
    form = SeatForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: set_meeting_seat(current_user, meeting, delegate,
                                                              form.seat.data))
        if ok:
            flash(_("Seat saved."), "success")
    else:
        for message in form.seat.errors:
            flash(message, "error")
    return redirect(url_for("roster.roster_page", mid=meeting.id, q=request.args.get("q")))


@bp.post("/meetings/<int:mid>/delegates/<int:did>/reset-pin")
@reads_first
def reset_pin(mid, did):
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_roster(meeting))
    delegate = load_delegate(meeting, did)
    if not EmptyForm().validate_on_submit():
        abort(404)
    pin = services.reset_password(current_user, delegate.user)
    db.session.commit()
    return render_template("people/logins.html", meeting=meeting, created=[(delegate, pin)])


@bp.route("/meetings/<int:mid>/roster/import", methods=["GET", "POST"])
@reads_first  # the file is parsed before the write lock
def import_roster(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_roster(meeting))
    form = RosterUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        ok, result = apply_service(form, lambda: roster.upload_roster(
            current_user, meeting, upload.filename or "roster", upload.read()))
        if ok:
            return redirect(url_for("roster.import_preview", mid=meeting.id, iid=result.id,
                                    create_delegations=1 if form.create_delegations.data
                                    else None))
    return render_template("people/import.html", meeting=meeting, form=form)


def _load_import(meeting, iid):
    upload = db.get_or_404(roster.RosterImport, iid)
    if upload.meeting_id != meeting.id:
        abort(404)
    return upload


def _create_delegations():
    """Whether the user asked the import to create missing delegations (kept in the
    preview's address and its commit form)."""
    return (request.values.get("create_delegations") or "") == "1"


def _promised_plan():
    """What the preview showed, as its commit form sends it back (None if it did not)."""
    try:
        adds, updates = int(request.form["adds"]), int(request.form["updates"])
    except (KeyError, ValueError):
        return None
    return roster.Plan(adds, updates, tuple(sorted(request.form.getlist("delegation"))))


@bp.get("/meetings/<int:mid>/roster/import/<int:iid>")
def import_preview(mid, iid):
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_roster(meeting))
    upload = _load_import(meeting, iid)
    create_delegations = _create_delegations()
    preview = roster.check_rows(meeting, upload.rows, create_delegations)
    return render_template("people/import_preview.html", meeting=meeting, upload=upload,
                           preview=preview, bad=sum(1 for r in preview if r.problems),
                           plan=roster.Plan.of(preview), create_delegations=create_delegations,
                           button=EmptyForm(), genders=GENDERS,
                           upload_form=RosterUploadForm(create_delegations=create_delegations))


@bp.post("/meetings/<int:mid>/roster/import/<int:iid>")
@reads_first  # the PINs are hashed before the write lock
def import_commit(mid, iid):
    meeting = load_meeting(mid)
    authorize(current_user.can_manage_roster(meeting))
    upload = _load_import(meeting, iid)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(404)
    create_delegations = _create_delegations()
    ok, result = apply_service(form, lambda: roster.commit_roster(
        current_user, upload, create_delegations, _promised_plan()))
    if not ok:
        return redirect(url_for("roster.import_preview", mid=meeting.id, iid=upload.id,
                                create_delegations=1 if create_delegations else None))
    created, updated = result
    flash(_("%(added)s delegates added, %(updated)s updated.", added=len(created),
            updated=len(updated)), "success")
    return render_template("people/logins.html", meeting=meeting, created=created)


@bp.get("/meetings/<int:mid>/roster.xlsx")
def export_roster(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_list_delegates(meeting))
    data = roster.export_roster(meeting)
    return file_response(data, XLSX, file_name(meeting.title, _("Roster"), ext=".xlsx"),
                         f"roster-{meeting.year}-{meeting.id}.xlsx")


# --- accounts and units ---------------------------------------------------------------------
