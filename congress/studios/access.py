"""Loading studios, duties and concerns, checked, for both doors (pages and the API):
load (404 for what the user does not reach) → check (403).

Who sees a concern at all: its organisation's staff and the organisers above (reaches), the
delegate who took it and the delegates on duty at its studio, and the handling unit it is
referred to. Any other unit, delegate or organisation: not found. Who sees the resident's
name and contact (`may_see_personal`): the delegate who took it, the secretariat of its
organisation and the unit it is referred to; everyone else sees them masked (`masked`)."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import exists, select

from congress.core.auth import Role, authorize
from congress.core.errors import Invalid, NotFound, not_found
from congress.extensions import db
from congress.people.models import Delegate, HandlingUnit
from congress.studios.models import Concern, Duty, Studio

# --- the rules ------------------------------------------------------------------------------


def manages_studios(user, organisation):
    """Studios and their rosters: the organisation's own secretariat or organiser."""
    return user.has_role(Role.secretariat, Role.organiser) and user.acts_in(organisation)


def views_studios(user, organisation):
    """An organisation's studios, rosters and concerns: its staff and the organisers who
    reach it."""
    return user.reaches(organisation) and (user.is_staff or user.has_role(Role.organiser))


def is_secretariat_of(user, organisation_id):
    return user.has_role(Role.secretariat) and user.is_active \
        and user.organisation_id == organisation_id


def own_delegate_or_none(user):
    return getattr(user, "delegate", None) if user.has_role(Role.delegate) else None


def took(user, concern):
    delegate = own_delegate_or_none(user)
    return delegate is not None and concern.taken_by_id == delegate.id


def is_its_unit(user, concern):
    return user.has_role(Role.unit) and user.unit_id is not None \
        and concern.unit_id == user.unit_id


def serves_at(user, studio_id):
    """A delegate with a duty at the studio (any time)."""
    delegate = own_delegate_or_none(user)
    return delegate is not None and db.session.scalar(select(exists().where(
        Duty.studio_id == studio_id, Duty.delegate_id == delegate.id)))


def sees_concern(user, concern):
    if user.has_role(Role.unit):
        return is_its_unit(user, concern)
    if user.has_role(Role.delegate):
        return took(user, concern) or serves_at(user, concern.studio_id)
    return views_studios(user, concern.organisation)


def may_see_personal(user, concern):
    return took(user, concern) or is_secretariat_of(user, concern.organisation_id) \
        or is_its_unit(user, concern)


def handles(user, concern):
    """Answer on the spot or refer: the delegate who took it, or the secretariat; a concern
    sent through the public page (nobody took it yet) also the delegate on duty at its
    studio now, who takes it up by acting on it (services.take_up)."""
    return took(user, concern) or is_secretariat_of(user, concern.organisation_id) \
        or (concern.taken_by_id is None and on_duty_at(user, concern.studio))


def on_duty_at(user, studio):
    delegate = own_delegate_or_none(user)
    if delegate is None:
        return False
    from congress.studios.services import duty_now
    return duty_now(studio, delegate) is not None


def may_reply(user, concern):
    return is_its_unit(user, concern)


def may_record_feedback(user, concern):
    return is_secretariat_of(user, concern.organisation_id)


def may_take_at(user, studio):
    """The secretariat of the studio's organisation, or a delegate on duty there now."""
    return is_secretariat_of(user, studio.organisation_id) or on_duty_at(user, studio)


# --- masking -------------------------------------------------------------------------------

def mask_name(name):
    """张三 → 张*, 欧阳小明 → 欧***: the family name's first character only."""
    if not name:
        return name
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_contact(contact):
    """13812341234 → 138****1234; a short one keeps only its last two characters."""
    if not contact:
        return contact
    if len(contact) >= 7:
        return contact[:3] + "*" * (len(contact) - 7) + contact[-4:] if len(contact) > 7 \
            else contact[:1] + "*" * 4 + contact[-2:]
    return "*" * max(len(contact) - 2, 1) + contact[-2:]


def personal(user, concern, allowed=None):
    """(resident_name, contact) as `user` may see them (`allowed`: may_see_personal, when the
    caller asked already)."""
    if may_see_personal(user, concern) if allowed is None else allowed:
        return concern.resident_name, concern.contact
    return mask_name(concern.resident_name), mask_contact(concern.contact)


# --- loading -------------------------------------------------------------------------------

def load_studio(sid):
    """A studio the signed-in user reaches: its organisation's staff and organisers, and the
    delegates who serve there."""
    studio = db.session.get(Studio, sid)
    if studio is None or not current_user.reaches(studio.organisation):
        raise not_found(Studio)
    if current_user.has_role(Role.delegate):
        authorize(serves_at(current_user, studio.id))
    else:
        authorize(views_studios(current_user, studio.organisation))
    return studio


def load_duty(did):
    """The signed-in delegate's own duty (another's does not exist for them)."""
    duty = db.session.get(Duty, did)
    delegate = own_delegate_or_none(current_user)
    if duty is None or delegate is None or duty.delegate_id != delegate.id:
        raise not_found(Duty)
    return duty


def load_roster_duty(sid, did):
    studio = load_studio(sid)
    duty = db.session.get(Duty, did)
    if duty is None or duty.studio_id != studio.id:
        raise not_found(Duty)
    authorize(manages_studios(current_user, studio.organisation))
    return studio, duty


def load_concern(cid):
    concern = db.session.get(Concern, cid)
    if concern is None or not current_user.is_active \
            or not sees_concern(current_user, concern):
        raise not_found(Concern)
    return concern


def public_studio(sid):
    """A studio named by the public form (any studio: the public page lists them all)."""
    studio = db.session.get(Studio, sid) if sid else None
    if studio is None:
        raise Invalid(_l("studio_id: no such studio"), field="studio_id")
    return studio


def tracked_concern(code):
    """The concern with this tracking code, for the public pages (nothing else finds it)."""
    code = (code or "").strip().upper()
    concern = db.session.scalar(select(Concern).where(Concern.tracking_code == code)) \
        if 0 < len(code) <= 16 else None
    if concern is None:
        raise NotFound(_l("No concern has this tracking code."))
    return concern


def unit_target(concern, unit_id):
    unit = db.session.get(HandlingUnit, unit_id) if unit_id else None
    if unit is None or unit.organisation_id != concern.organisation_id:
        raise Invalid(_l("unit_id: no such handling unit"), field="unit_id")
    return unit


def delegate_target(studio, delegate_id):
    delegate = db.session.get(Delegate, delegate_id) if delegate_id else None
    if delegate is None or delegate.congress.organisation_id != studio.organisation_id:
        raise Invalid(_l("delegate_id: no such delegate"), field="delegate_id")
    return delegate


def own_delegate():
    delegate = own_delegate_or_none(current_user)
    authorize(delegate is not None)
    return delegate
