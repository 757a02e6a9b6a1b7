"""Accounts and handling units of the user's organisation; a child organisation with its
first secretariat account."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.core.auth import authorize
from congress.core.database import reads_first
from congress.core.forms import EmptyForm, apply_service, choices
from congress.extensions import db
from congress.organisations.access import account_organisations, account_target, load_organisation
from congress.organisations.forms import ChildOrganisationForm
from congress.people import services
from congress.people.access import load_account, staff_accounts, unit_target, units_of
from congress.people.forms import UnitForm, UserForm

bp = Blueprint("people", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user."""


def _user_form():
    own = current_user.organisation
    form = UserForm(organisation_id=own.id)  # the user's own unless another is picked
    form.unit_id.choices = choices([(0, "—")] + [(u.id, u.name) for u in units_of(own)])
    form.organisation_id.choices = choices(
        [(o.id, o.name) for o in account_organisations()])
    return form


@bp.get("/users")
def users():
    authorize(current_user.can_manage_users())
    return render_template("people/users.html", users=staff_accounts(current_user.organisation),
                           form=_user_form(), button=EmptyForm())


def _create_account(form):
    organisation = account_target(form.organisation_id.data)
    unit = unit_target(organisation, form.unit_id.data)
    return services.create_user(current_user, username=form.username.data,
                                name=form.name.data, role=form.role.data, unit=unit,
                                organisation=organisation)


@bp.post("/users")
@reads_first
def create_user():
    authorize(current_user.can_manage_users())
    form = _user_form()
    if form.validate_on_submit():
        ok, result = apply_service(form, lambda: _create_account(form))
        if ok:
            user, password = result
            return render_template("people/password.html", user=user, password=password)
    for field in (form.username, form.unit_id, form.organisation_id):
        for message in field.errors:
            flash(message, "error")
    return redirect(url_for("people.users"))


@bp.post("/users/<int:uid>/<any(enable, disable, reset):action>")
@reads_first
def change_user(uid, action):
    user = load_account(uid)  # another organisation's account is not found, whoever asks
    authorize(current_user.can_manage_users())
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
    own = current_user.organisation
    form = UnitForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.create_unit(current_user, form.name.data,
                                                                  own))
        if ok:
            flash(_("Unit added."), "success")
            return redirect(url_for("people.units"))
    return render_template("people/units.html", units=units_of(own), form=form)


@bp.post("/organisations/<int:oid>/children")
@reads_first
def create_child(oid):
    """A child organisation and its first secretariat account (the password shown once)."""
    parent = load_organisation(oid)
    authorize(current_user.can_manage_organisation(parent))
    form = ChildOrganisationForm()
    if form.validate_on_submit():
        ok, result = apply_service(form, lambda: services.create_organisation_with_secretariat(
            current_user, parent, **form.values()))
        if ok:
            user, password = result
            flash(_("Organisation %(name)s created.", name=user.organisation.name), "success")
            return render_template("people/password.html", user=user, password=password,
                                   back=url_for("organisations.show", oid=parent.id))
    for name, field in form._fields.items():
        for message in field.errors:
            flash(f"{field.label.text}: {message}" if name != "csrf_token" else message,
                  "error")
    return redirect(url_for("organisations.show", oid=parent.id))


