"""Tokens, users and handling units."""
from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import allow, bp, created, field, json_body, load, reads_first
from congress.core.auth import Role
from congress.core.errors import Invalid, TooManyAttempts, Unauthorized
from congress.extensions import db
from congress.people import services
from congress.people.login import sign_in
from congress.people.models import HandlingUnit


def user_json(user):
    return {"id": user.id, "username": user.username, "name": user.name, "role": user.role.value}


def unit_json(unit):
    return {"id": unit.id, "name": unit.name}


@bp.post("/tokens")
def create_token():
    data = json_body()
    username = field(data, "username", str)
    password = field(data, "password", str)
    try:
        user = sign_in(username, password, request.remote_addr)
    except services.Throttled:
        raise TooManyAttempts(_l("Too many failed sign-ins; try again in a few minutes."))
    if user is None:
        db.session.commit()  # keep the failure for the throttle
        raise Unauthorized(_l("Wrong username or password."), code="bad_credentials")
    token = services.issue_token(user)
    db.session.commit()
    return created({"token": token, "user": user_json(user)})


@bp.delete("/tokens/current")
def revoke_current_token():
    if g.api_token is None:
        raise Invalid(_l("Authorization: only a bearer token can be revoked this way."),
                      field="Authorization")
    services.revoke_token(current_user, g.api_token)
    db.session.commit()
    return "", 204


@bp.get("/users/me")
def get_me():
    payload = user_json(current_user)
    if current_user.delegate is not None:
        payload["delegate_id"] = current_user.delegate.id
        payload["meeting_id"] = current_user.delegate.meeting_id
    return payload


@bp.post("/users")
@reads_first  # the password is hashed before the write lock
def create_user():
    allow(current_user.can_manage_users())
    data = json_body()
    role = field(data, "role", str)
    if role not in Role.__members__ or role == Role.delegate.value:
        raise Invalid(_l("role: must be one of secretariat, chair, committee, unit, observer "
                         "(delegates are added to a meeting)"), field="role")
    unit_id = field(data, "unit_id", int, required=False)
    unit = db.session.get(HandlingUnit, unit_id) if unit_id is not None else None
    if unit_id is not None and unit is None:
        raise Invalid(_l("unit_id: no such handling unit"), field="unit_id")
    user, password = services.create_user(
        current_user, username=field(data, "username", str),
        name=field(data, "name", str), role=role, unit=unit)
    db.session.commit()
    return created(user_json(user) | {"password": password, "unit_id": user.unit_id})


@bp.post("/units")
def create_unit():
    allow(current_user.can_manage_users())
    unit = services.create_unit(current_user, field(json_body(), "name", str))
    db.session.commit()
    return created(unit_json(unit))


@bp.get("/units")
def list_units():
    return {"units": [unit_json(u) for u in db.session.scalars(
        db.select(HandlingUnit).order_by(HandlingUnit.id))]}


@bp.get("/units/<int:uid>")
def get_unit(uid):
    return unit_json(load(HandlingUnit, uid))
