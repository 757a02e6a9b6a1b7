"""What the term work pages list: an organisation's activities of a year, its delegates (to
choose from), a congress's groups with their members, a delegate's contacts."""
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from congress.activities.models import Activity, Contact
from congress.extensions import db
from congress.organisations.models import Congress
from congress.people.models import Delegate, DelegateGroup


def activities_of(organisation, year):
    return db.session.scalars(
        select(Activity).where(Activity.organisation_id == organisation.id,
                               Activity.held_on >= date(year, 1, 1),
                               Activity.held_on <= date(year, 12, 31))
        .options(selectinload(Activity.delegates))
        .order_by(Activity.held_on.desc(), Activity.id.desc())).all()


def delegates_of(organisation, congress=None):
    """The delegates of the organisation's congresses (or of one), not terminated, by name."""
    where = [Congress.organisation_id == organisation.id, Delegate.terminated_on.is_(None)]
    if congress is not None:
        where.append(Delegate.congress_id == congress.id)
    return db.session.scalars(select(Delegate).join(Congress).where(*where)
                              .options(selectinload(Delegate.delegation))
                              .order_by(Delegate.delegation_id, Delegate.id)).all()


def groups_of(congress):
    """[(group, convener or None, member count)] of the congress, by name."""
    counts = dict(db.session.execute(
        select(Delegate.group_id, func.count(Delegate.id))
        .where(Delegate.congress_id == congress.id, Delegate.group_id.is_not(None))
        .group_by(Delegate.group_id)).all())
    groups = db.session.scalars(select(DelegateGroup).where(
        DelegateGroup.congress_id == congress.id).options(selectinload(DelegateGroup.convener))
        .order_by(DelegateGroup.name)).all()
    return [(g, g.convener, counts.get(g.id, 0)) for g in groups]


def contacts_of(delegate):
    return db.session.scalars(select(Contact).where(Contact.delegate_id == delegate.id)
                              .options(selectinload(Contact.logs))
                              .order_by(Contact.id)).all()
