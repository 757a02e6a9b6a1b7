"""The people area's API: tokens, users and handling units."""
from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import bp, created, reads_first
from congress.api.spec import body, operation
from congress.core.auth import authorize
from congress.core.errors import Invalid, TooManyAttempts, Unauthorized
from congress.extensions import db
from congress.organisations.access import account_target
from congress.people import services
from congress.people.access import load_unit, unit_target, units_of
from congress.people.login import sign_in
from congress.people.schemas import (
    CreatedUser,
    NewUnit,
    NewUser,
    SignIn,
    TokenOut,
    UnitList,
    UnitOut,
    UserOut,
)


def user_json(user):
    return {"id": user.id, "username": user.username, "name": user.name, "role": user.role.value,
            "organisation_id": user.organisation_id}


def unit_json(unit):
    return {"id": unit.id, "name": unit.name}


@bp.post("/tokens")
@operation("Sign in and get a bearer token", tag="accounts", body=SignIn, ok=TokenOut,
           status=201, public=True, rate_limited=True)
def create_token():
    data = body()
    try:
        user = sign_in(data.username, data.password, request.remote_addr)
    except services.Throttled:
        raise TooManyAttempts(_l("Too many failed sign-ins; try again in a few minutes.")) from None
    if user is None:
        db.session.commit()  # keep the failure for the throttle
        raise Unauthorized(_l("Wrong username or password."), code="bad_credentials")
    token = services.issue_token(user)
    db.session.commit()
    return created({"token": token, "user": user_json(user)})


@bp.delete("/tokens/current")
@operation("Revoke the token of this call", tag="accounts", status=204)
def revoke_current_token():
    if g.api_token is None:
        raise Invalid(_l("Authorization: only a bearer token can be revoked this way."),
                      field="Authorization")
    services.revoke_token(current_user, g.api_token)
    db.session.commit()
    return "", 204


@bp.get("/users/me")
@operation("The signed-in user", tag="accounts", ok=UserOut)
def get_me():
    payload = user_json(current_user)
    if current_user.delegate is not None:
        payload["delegate_id"] = current_user.delegate.id
        meeting = current_user.delegate.current_meeting()
        payload["meeting_id"] = meeting.id if meeting is not None else None
    return payload


@bp.post("/users")
@operation("Create a staff account (secretariat) of the caller's organisation, or the first "
           "accounts of one below (its secretariat or organiser above); delegates are added "
           "to a congress", tag="accounts", body=NewUser, ok=CreatedUser, status=201)
@reads_first  # the password is hashed before the write lock
def create_user():
    authorize(current_user.can_manage_users() or current_user.can_create_organisations())
    data = body()
    organisation = account_target(data.organisation_id)
    unit = unit_target(organisation, data.unit_id)
    user, password = services.create_user(
        current_user, username=data.username, name=data.name, role=data.role, unit=unit,
        organisation=organisation)
    db.session.commit()
    return created(user_json(user) | {"password": password, "unit_id": user.unit_id})


@bp.post("/units")
@operation("Create a handling unit of the caller's organisation (secretariat)",
           tag="accounts", body=NewUnit, ok=UnitOut, status=201)
def create_unit():
    authorize(current_user.can_manage_users())
    unit = services.create_unit(current_user, body().name, current_user.organisation)
    db.session.commit()
    return created(unit_json(unit))


@bp.get("/units")
@operation("The handling units of the caller's organisation", tag="accounts", ok=UnitList)
def list_units():
    return {"units": [unit_json(u) for u in units_of(current_user.organisation)]}


@bp.get("/units/<int:uid>")
@operation("A handling unit (of the caller's organisation)", tag="accounts", ok=UnitOut)
def get_unit(uid):
    return unit_json(load_unit(uid))
