"""The rules of studios, duties and residents' concerns. Each service changes state, flushes
and writes an audit record; none commits. Personal data (the resident's name and contact)
never goes into an audit record.

The concern's states (models.ConcernStatus), as a table (TRANSITIONS): the service named on
the left is allowed from the states on the right.
"""
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from congress.core import live
from congress.core.audit import record
from congress.core.errors import Conflict, Invalid
from congress.core.time import to_local, utcnow
from congress.core.workdays import add_working_days
from congress.extensions import db
from congress.studios.models import (
    CATEGORY_LENGTH,
    CONTACT_LENGTH,
    NAME_LENGTH,
    TEXT_LENGTH,
    Channel,
    Concern,
    ConcernEvent,
    ConcernRating,
    ConcernStatus,
    Duty,
    EventKind,
    Studio,
    new_tracking_code,
)

S = ConcernStatus
TRANSITIONS = {
    "answer": {S.received},
    "refer": {S.received, S.referred},   # a referral, or a referral to another unit
    "reply": {S.referred},
    "feedback": {S.answered, S.replied},
}
SETTLED = {ConcernRating.satisfied, ConcernRating.basically_satisfied}


def _day(moment):
    return to_local(moment).date()


def _text(value, field, limit, required=True):
    value = (value or "").strip()
    if not value:
        if required:
            raise Invalid(_l("%(field)s: must not be empty", field=field), field=field)
        return None
    if len(value) > limit:
        raise Invalid(_l("%(field)s: at most %(n)s characters", field=field, n=limit),
                      field=field)
    if "\x00" in value:
        raise Invalid(_l("%(field)s: contains a character that cannot be stored",
                         field=field), field=field)
    return value


def _guard(concern, step):
    if concern.status not in TRANSITIONS[step]:
        raise Conflict(_l("The concern is %(status)s: this step is not possible now.",
                          status=concern.status.title))


# --- studios and duties ------------------------------------------------------------------

def create_studio(actor, organisation, *, name, address=None, reception_hours=None):
    studio = Studio(organisation_id=organisation.id, organisation=organisation,
                    name=_text(name, "name", 200),
                    address=_text(address, "address", 300, required=False),
                    reception_hours=_text(reception_hours, "reception_hours", 200,
                                          required=False))
    db.session.add(studio)
    db.session.flush()
    record(actor, "studio.create", studio, after={"name": studio.name})
    return studio


def update_studio(actor, studio, *, name, address=None, reception_hours=None):
    before = {"name": studio.name, "address": studio.address,
              "reception_hours": studio.reception_hours}
    studio.name = _text(name, "name", 200)
    studio.address = _text(address, "address", 300, required=False)
    studio.reception_hours = _text(reception_hours, "reception_hours", 200, required=False)
    db.session.flush()
    record(actor, "studio.update", studio, before=before,
           after={"name": studio.name, "address": studio.address,
                  "reception_hours": studio.reception_hours})
    return studio


def delete_studio(actor, studio):
    if db.session.scalar(select(Concern.id).where(Concern.studio_id == studio.id).limit(1)):
        raise Conflict(_l("The studio has concerns on record; it cannot be deleted."))
    record(actor, "studio.delete", studio, before={"name": studio.name})
    db.session.delete(studio)
    db.session.flush()


def add_duty(actor, studio, delegate, starts_at, ends_at):
    """A delegate's turn at the studio: a delegate of a congress of the studio's
    organisation, for a time that ends after it starts."""
    if delegate is None or delegate.congress.organisation_id != studio.organisation_id:
        raise Invalid(_l("delegate_id: no such delegate"), field="delegate_id")
    if ends_at <= starts_at:
        raise Invalid(_l("ends_at: must be after the start"), field="ends_at")
    duty = Duty(studio=studio, delegate=delegate, starts_at=starts_at, ends_at=ends_at)
    db.session.add(duty)
    db.session.flush()
    record(actor, "duty.add", duty, after={"delegate_id": delegate.id,
                                           "starts_at": starts_at.isoformat(),
                                           "ends_at": ends_at.isoformat()})
    return duty


def remove_duty(actor, duty):
    record(actor, "duty.remove", duty, before={"delegate_id": duty.delegate_id,
                                               "starts_at": duty.starts_at.isoformat()})
    db.session.delete(duty)
    db.session.flush()


def check_in_duty(actor, duty, at=None):
    """The delegate arrives for their duty: on its day (local), once."""
    at = at or utcnow()
    if duty.checked_in_at is not None:
        raise Conflict(_l("You have already checked in for this duty."))
    if not duty.is_on_its_day(at):
        raise Conflict(_l("Check in on the day of the duty, before it ends."))
    duty.checked_in_at = at
    db.session.flush()
    record(actor, "duty.check_in", duty, after={"checked_in_at": at.isoformat()})
    return duty


def duty_now(studio, delegate, at=None):
    """The delegate's duty at the studio that covers `at` (default: now), if any."""
    at = at or utcnow()
    return db.session.scalar(select(Duty).where(
        Duty.studio_id == studio.id, Duty.delegate_id == delegate.id,
        Duty.starts_at <= at, Duty.ends_at >= at).limit(1))


# --- concerns ------------------------------------------------------------------------------

def refer_by_for(received_at):
    return add_working_days(_day(received_at), current_app.config["CONCERN_REFER_WORKING_DAYS"])


def due_on_for(referred_at):
    return add_working_days(_day(referred_at), current_app.config["CONCERN_REPLY_WORKING_DAYS"])


def _event(concern, kind, at, actor=None, text=None, unit_id=None, rating=None):
    """A step of the concern's history, and a live `concern` event (its id only) on its
    organisation's stream, in the same transaction: the pages that show it follow (the
    staff's, the unit's it is referred to, the delegate's who took it)."""
    event = ConcernEvent(concern=concern, kind=kind, at=at, text=text, unit_id=unit_id,
                         rating=rating, by_user_id=getattr(actor, "id", None))
    db.session.add(event)
    if concern.id is None:
        db.session.flush()
    publish_concern_changed(concern)
    return event


def publish_concern_changed(concern):
    """A live `concern` event (its id only) on the organisation's stream, in the caller's
    transaction: a step of its history, or a follow-up (督办) of it."""
    live.publish_to_organisation(concern.organisation_id, "concern", {"id": concern.id},
                                 audience=_audience(concern))


def tracking_audience(concern):
    """The audience token of the resident following the concern with its tracking code."""
    return f"concern:{concern.id}"


def _audience(concern):
    """Who besides the staff follows the concern live: the unit it is referred to, the
    delegate who took it, the resident with its tracking code."""
    audience = {tracking_audience(concern)}
    if concern.unit_id is not None:
        audience.add(f"unit:{concern.unit_id}")
    if concern.taken_by_id is not None:
        audience.add(f"delegate:{concern.taken_by_id}")
    return audience


def _unique_code():
    while True:
        code = new_tracking_code()
        if not db.session.scalar(select(Concern.id).where(Concern.tracking_code == code)):
            return code


def take_concern(actor, studio, *, channel, text, resident_name=None, contact=None,
                 category=None, taken_by=None, at=None):
    """Record a concern at `studio` (受理登记): by the delegate on duty (`taken_by`) or the
    secretariat, or through the public page (actor None, channel online)."""
    at = at or utcnow()
    channel = Channel(channel)
    concern = Concern(
        organisation_id=studio.organisation_id, studio=studio, channel=channel,
        text=_text(text, "text", TEXT_LENGTH),
        resident_name=_text(resident_name, "resident_name", NAME_LENGTH, required=False),
        contact=_text(contact, "contact", CONTACT_LENGTH, required=False),
        category=_text(category, "category", CATEGORY_LENGTH, required=False),
        taken_by=taken_by, status=ConcernStatus.received, tracking_code=_unique_code(),
        received_at=at, refer_by=refer_by_for(at))
    db.session.add(concern)
    _event(concern, EventKind.received, at, actor)
    db.session.flush()
    record(actor, "concern.take", concern,
           after={"studio_id": studio.id, "channel": channel.value,
                  "taken_by_id": getattr(taken_by, "id", None),
                  "refer_by": concern.refer_by.isoformat()})
    return concern


def take_up(concern, delegate):
    """A concern from the public page becomes the delegate's who first acts on it (the
    delegate on duty at its studio): from then on they see the resident's name and contact."""
    if delegate is not None and concern.taken_by_id is None:
        concern.taken_by = delegate
        concern.taken_by_id = delegate.id


def answer_concern(actor, concern, text, at=None, delegate=None):
    """Settled on the spot (当场答复)."""
    _guard(concern, "answer")
    at = at or utcnow()
    take_up(concern, delegate)
    concern.answer = _text(text, "text", TEXT_LENGTH)
    concern.status = ConcernStatus.answered
    _event(concern, EventKind.answered, at, actor, text=concern.answer)
    db.session.flush()
    record(actor, "concern.answer", concern, after={"status": concern.status.value})
    return concern


def refer_concern(actor, concern, unit, note=None, at=None, delegate=None):
    """Pass it to a handling unit of the concern's organisation (转办); the reply is due on
    the configured working day after this referral."""
    _guard(concern, "refer")
    if unit is None or unit.organisation_id != concern.organisation_id:
        raise Invalid(_l("unit_id: no such handling unit"), field="unit_id")
    at = at or utcnow()
    take_up(concern, delegate)
    _refer(actor, concern, unit, _text(note, "note", TEXT_LENGTH, required=False), at)
    return concern


def _refer(actor, concern, unit, note, at):
    before = {"status": concern.status.value, "unit_id": concern.unit_id}
    concern.unit = unit
    concern.unit_id = unit.id
    concern.referred_at = at
    concern.due_on = due_on_for(at)
    concern.referrals += 1
    concern.status = ConcernStatus.referred
    concern.rating = None
    concern.closed_at = None
    _event(concern, EventKind.referred, at, actor, text=note, unit_id=unit.id)
    db.session.flush()
    record(actor, "concern.refer", concern, before=before,
           after={"status": "referred", "unit_id": unit.id,
                  "due_on": concern.due_on.isoformat()})


def reply_concern(actor, concern, text, at=None):
    """The unit's reply (a user of the unit it is referred to: access checks that)."""
    _guard(concern, "reply")
    at = at or utcnow()
    concern.replied_at = at
    concern.status = ConcernStatus.replied
    _event(concern, EventKind.replied, at, actor, text=_text(text, "text", TEXT_LENGTH),
           unit_id=concern.unit_id)
    db.session.flush()
    record(actor, "concern.reply", concern,
           after={"status": "replied", "unit_id": concern.unit_id,
                  "on_time": _day(at) <= concern.due_on})
    return concern


def give_feedback(actor, concern, rating, at=None):
    """The resident's satisfaction, recorded by the secretariat or by the resident with the
    tracking code (actor None): satisfied or basically satisfied closes it; unsatisfied
    sends a reply back to the same unit (counted again from today), and an answer on the spot
    back to received (to be referred)."""
    _guard(concern, "feedback")
    rating = ConcernRating(rating)
    at = at or utcnow()
    _event(concern, EventKind.feedback, at, actor, rating=rating)
    if rating in SETTLED:
        concern.rating = rating
        concern.status = ConcernStatus.closed
        concern.closed_at = at
        db.session.flush()
        record(actor, "concern.feedback", concern,
               after={"rating": rating.value, "status": "closed"})
    elif concern.status == ConcernStatus.replied:
        record(actor, "concern.feedback", concern,
               after={"rating": rating.value, "status": "referred"})
        _refer(actor, concern, concern.unit, None, at)
    else:
        concern.status = ConcernStatus.received
        concern.refer_by = refer_by_for(at)
        db.session.flush()
        record(actor, "concern.feedback", concern,
               after={"rating": rating.value, "status": "received"})
    return concern
