"""Roster, delegations, import and export; accounts and handling units."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from congress.core.auth import authorize
from congress.core.database import reads_first
from congress.core.forms import EmptyForm, apply_service, choices
from congress.extensions import db
from congress.people import services
from congress.people.forms import UnitForm, UserForm
from congress.people.models import HandlingUnit, User

bp = Blueprint("people", __name__)



@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user."""


def _user_form():
    form = UserForm()
    form.unit_id.choices = choices([(0, "—")] + [(u.id, u.name) for u in db.session.scalars(
        select(HandlingUnit).order_by(HandlingUnit.name))])
    return form


@bp.get("/users")
def users():
    authorize(current_user.can_manage_users())
    rows = db.session.scalars(select(User).where(User.role != "delegate").order_by(User.role,
                                                                                   User.username))
    return render_template("people/users.html", users=list(rows), form=_user_form(),
                           button=EmptyForm())


@bp.post("/users")
@reads_first
def create_user():
    authorize(current_user.can_manage_users())
    form = _user_form()
    if form.validate_on_submit():
        unit = db.session.get(HandlingUnit, form.unit_id.data) if form.unit_id.data else None
        ok, result = apply_service(form, lambda: services.create_user(
            current_user, username=form.username.data, name=form.name.data,
            role=form.role.data, unit=unit))
        if ok:
            user, password = result
            return render_template("people/password.html", user=user, password=password)
        for field in (form.username, form.unit_id):
            for message in field.errors:
                flash(message, "error")
    return redirect(url_for("people.users"))


@bp.post("/users/<int:uid>/<any(enable, disable, reset):action>")
@reads_first
def change_user(uid, action):
    authorize(current_user.can_manage_users())
    user = db.get_or_404(User, uid)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id and action == "disable":
        flash(_("You cannot disable your own account."), "error")
        return redirect(url_for("people.users"))
    if action == "reset":
        password = services.reset_password(current_user, user)
        db.session.commit()
        return render_template("people/password.html", user=user, password=password)
    services.set_user_enabled(current_user, user, action == "enable")
    db.session.commit()
    return redirect(url_for("people.users"))


@bp.route("/units", methods=["GET", "POST"])
def units():
    authorize(current_user.can_manage_users())
    form = UnitForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.create_unit(current_user, form.name.data))
        if ok:
            flash(_("Unit added."), "success")
            return redirect(url_for("people.units"))
    rows = db.session.scalars(select(HandlingUnit).order_by(HandlingUnit.name))
    return render_template("people/units.html", units=list(rows), form=form)
