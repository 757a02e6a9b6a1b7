"""Loading accounts and handling units, checked, for both doors: they belong to an
organisation, and another organisation's are not found (404)."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from congress.core.errors import Invalid, not_found
from congress.extensions import db
from congress.people.models import HandlingUnit, User


def units_of(organisation):
    return db.session.scalars(select(HandlingUnit)
                              .where(HandlingUnit.organisation_id == organisation.id)
                              .order_by(HandlingUnit.name, HandlingUnit.id)).all()


def load_unit(uid):
    """A handling unit the user reaches (of their organisation; an organiser's also below)."""
    unit = db.session.get(HandlingUnit, uid)
    if unit is None or not current_user.reaches(unit.organisation):
        raise not_found(HandlingUnit)
    return unit


def unit_target(organisation, unit_id):
    """The unit a body or form names for a new account of `organisation` (None: none); a unit
    of another organisation is no such unit (422)."""
    if not unit_id:
        return None
    unit = db.session.get(HandlingUnit, unit_id)
    if unit is None or unit.organisation_id != organisation.id:
        raise Invalid(_l("unit_id: no such handling unit"), field="unit_id")
    return unit


def staff_accounts(organisation):
    """The accounts of `organisation` but the delegates' (made with the roster)."""
    return db.session.scalars(select(User).where(User.organisation_id == organisation.id,
                                                 User.role != "delegate")
                              .order_by(User.role, User.username)).all()


def load_account(uid):
    """An account of the user's own organisation (another's is not found)."""
    user = db.session.get(User, uid)
    if user is None or not current_user.acts_in(user.organisation):
        raise not_found(User)
    return user
