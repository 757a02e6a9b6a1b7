"""The write path of term work: groups with their conveners, activities, a delegate's contacts
and their logs, the yearly requirements. Services flush and record the audit entry; they never
commit."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from congress.activities.models import (
    Activity,
    ActivityDelegate,
    ActivityKind,
    Contact,
    ContactKind,
    ContactLog,
    Requirements,
)
from congress.core.audit import record
from congress.core.errors import Invalid
from congress.extensions import db
from congress.organisations.models import Congress
from congress.people.delegates import find_group
from congress.people.models import Delegate, DelegateGroup


def _delegates_of(ids, organisation_ids, field):
    """The delegates named by `ids`, each of a congress of one of `organisation_ids` (another
    organisation's delegate is a wrong field, as an unknown id)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    found = db.session.scalars(select(Delegate).join(Congress).where(
        Delegate.id.in_(ids), Congress.organisation_id.in_(organisation_ids))).all()
    if len(found) != len(ids):
        missing = sorted(set(ids) - {d.id for d in found})
        raise Invalid(_l("%(field)s: no such delegate: %(ids)s", field=field,
                         ids=", ".join(map(str, missing))), field=field)
    by_id = {d.id: d for d in found}
    return [by_id[i] for i in ids]


def create_group(actor, congress, *, name, member_ids, convener_id=None):
    """A delegate group (代表小组) of `congress` with its members (each moves from any group
    they were in) and its convener (召集人), who is made a member."""
    name = (name or "").strip()
    if not name:
        raise Invalid(_l("name: must not be empty"), field="name")
    if find_group(congress, name) is not None:
        raise Invalid(_l("name: the congress already has a group of that name"), field="name")
    ids = list(member_ids) + ([convener_id] if convener_id is not None else [])
    members = _delegates_of(ids, [congress.organisation_id], "member_ids")
    if any(m.congress_id != congress.id for m in members):
        raise Invalid(_l("member_ids: not a delegate of this congress"), field="member_ids")
    group = DelegateGroup(congress_id=congress.id, name=name)
    db.session.add(group)
    db.session.flush()
    for member in members:
        member.group_id = group.id
    group.convener_id = convener_id
    db.session.flush()
    record(actor, "delegate_group.create", group,
           after={"name": name, "congress_id": congress.id, "convener_id": convener_id,
                  "member_ids": [m.id for m in members]})
    return group


def group_members(group):
    return db.session.scalars(select(Delegate).where(Delegate.group_id == group.id)
                              .order_by(Delegate.id)).all()


def create_activity(actor, organisation, *, kind, title, on, delegate_ids, place=None,
                    note=None):
    """An activity of `organisation` on day `on`, with the delegates of its congresses who
    took part."""
    kind = ActivityKind(kind)
    title = (title or "").strip()
    if not title:
        raise Invalid(_l("title: must not be empty"), field="title")
    delegates = _delegates_of(delegate_ids, [organisation.id], "delegate_ids")
    if not delegates:
        raise Invalid(_l("delegate_ids: name at least one delegate"), field="delegate_ids")
    activity = Activity(organisation_id=organisation.id, kind=kind, title=title, held_on=on,
                        place=(place or "").strip() or None, note=(note or "").strip() or None)
    db.session.add(activity)
    db.session.flush()
    db.session.add_all([ActivityDelegate(activity_id=activity.id, delegate_id=d.id)
                        for d in delegates])
    db.session.flush()
    record(actor, "activity.create", activity,
           after={"kind": kind.value, "title": title, "on": on.isoformat(),
                  "delegate_ids": [d.id for d in delegates]})
    return activity


def add_contact(actor, delegate, *, name, kind, phone=None):
    """A party member or resident on `delegate`'s contact list. The audit keeps no phone."""
    name = (name or "").strip()
    if not name:
        raise Invalid(_l("name: must not be empty"), field="name")
    contact = Contact(delegate_id=delegate.id, name=name, kind=ContactKind(kind),
                      phone=(phone or "").strip() or None)
    db.session.add(contact)
    db.session.flush()
    record(actor, "contact.create", contact,
           after={"delegate_id": delegate.id, "kind": contact.kind.value})
    return contact


def log_contact(actor, contact, *, on, note=None):
    log = ContactLog(contact_id=contact.id, contacted_on=on, note=(note or "").strip() or None)
    db.session.add(log)
    db.session.flush()
    record(actor, "contact.log", contact, after={"on": on.isoformat()})
    return log


def requirements_of(organisation_id):
    """The organisation's requirements row, or an unsaved one with the defaults."""
    return db.session.get(Requirements, organisation_id) or Requirements(
        organisation_id=organisation_id, **Requirements.DEFAULTS)


def set_requirements(actor, organisation, *, duties, contacts, contacts_each_quarter,
                     activities):
    row = db.session.get(Requirements, organisation.id)
    before = row.as_dict() if row is not None else None
    if row is None:
        row = Requirements(organisation_id=organisation.id)
        db.session.add(row)
    for key, value in (("duties", duties), ("contacts", contacts), ("activities", activities)):
        if value is None or value < 0 or value > 1000:
            raise Invalid(_l("%(field)s: a whole number from 0 to 1000", field=key), field=key)
        setattr(row, key, value)
    row.contacts_each_quarter = bool(contacts_each_quarter)
    db.session.flush()
    record(actor, "requirements.set", organisation, before=before, after=row.as_dict())
    return row
