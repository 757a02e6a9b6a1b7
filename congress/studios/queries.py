"""Read queries of the studios area (one query each, flat in the volume)."""
from collections import namedtuple
from dataclasses import dataclass, field
from functools import cache
from math import ceil

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from congress.core.paging import PER_PAGE, page_of
from congress.extensions import db
from congress.studios.models import (
    REPLY_KINDS,
    Concern,
    ConcernEvent,
    ConcernStatus,
    Duty,
    Studio,
)


def studios_of(organisation):
    return db.session.scalars(select(Studio).where(
        Studio.organisation_id == organisation.id).order_by(Studio.name, Studio.id)).all()


def all_studios():
    """Every studio, for the public page's choice (the organisation's name with it)."""
    return db.session.scalars(select(Studio).options(selectinload(Studio.organisation))
                              .order_by(Studio.organisation_id, Studio.name)).all()


def roster(studio, limit=200):
    return db.session.scalars(select(Duty).where(Duty.studio_id == studio.id)
                              .options(selectinload(Duty.delegate))
                              .order_by(Duty.starts_at.desc()).limit(limit)).all()


def duties_of(delegate, limit=200):
    return db.session.scalars(select(Duty).where(Duty.delegate_id == delegate.id)
                              .options(selectinload(Duty.studio))
                              .order_by(Duty.starts_at.desc()).limit(limit)).all()


# what each kind of concern list shows besides the concern's own columns (names: the
# relationships are built when every model is imported)
LIST_ROWS = ("studio",)                      # the pages' lists: the studio's name
REGISTER = ("studio", "taken_by", "unit")    # the register (XLSX): every name


def _loads(names):
    """Each row's studio, delegate or unit joined to it (one at most)."""
    return [joinedload(getattr(Concern, name)) for name in names]


def _concern_query(where, status=None, loads=LIST_ROWS):
    query = select(Concern).where(*where)
    if status is not None:
        query = query.where(Concern.status == ConcernStatus(status))
    return query.options(*_loads(loads)).order_by(Concern.received_at.desc(),
                                                   Concern.id.desc())


def _concerns(where, status=None, limit=500, loads=LIST_ROWS):
    query = _concern_query(where, status, loads)
    return db.session.scalars(query if limit is None else query.limit(limit)).all()


def register_concern_ids(organisation):
    """The ids of the register's concerns, in its order (newest first): the job reads them a
    part at a time (`concerns_by_ids`), and the rows it writes are the ones counted here."""
    return db.session.scalars(
        select(Concern.id).where(Concern.organisation_id == organisation.id)
        .order_by(Concern.received_at.desc(), Concern.id.desc())).all()


def concerns_by_ids(ids):
    """These concerns with every name the register shows, in the order of `ids`."""
    rows = {c.id: c for c in db.session.scalars(
        select(Concern).where(Concern.id.in_(ids)).options(*_loads(REGISTER))).unique()}
    return [rows[i] for i in ids if i in rows]


def organisation_concerns_page(organisation, status=None, page=1, per_page=PER_PAGE):
    """One page of the organisation's concerns, newest first (a county receives thousands a
    year: a count and a page of rows, at any volume)."""
    return page_of(_concern_query([Concern.organisation_id == organisation.id], status),
                   page, per_page)


Reply = namedtuple("Reply", "kind text at unit_id")


@dataclass
class ConcernRows:
    """One page of concerns as rows (each with the concern's columns), their replies by
    concern id, oldest first, and the count over every page."""
    page: int
    per_page: int
    total: int
    items: list = field(default_factory=list)
    replies: dict = field(default_factory=dict)

    @property
    def pages(self):
        return ceil(self.total / self.per_page)


@cache
def _concern_list_statements(by_status):
    """(page with replies and count, count alone) of the API's list, built once with the
    organisation, status, limit and offset as parameters (building the subquery's column
    proxies costs more than SQLite takes to run it)."""
    concerns, events = Concern.__table__, ConcernEvent.__table__
    where = [concerns.c.organisation_id == bindparam("oid")]
    if by_status:
        where.append(concerns.c.status == bindparam("status", type_=concerns.c.status.type))
    shown = (select(concerns).where(*where)
             .order_by(concerns.c.received_at.desc(), concerns.c.id.desc())
             .limit(bindparam("limit")).offset(bindparam("offset")).subquery("shown"))
    count = select(func.count()).select_from(concerns).where(*where)
    page = (select(shown, events.c.kind.label("reply_kind"), events.c.text.label("reply_text"),
                   events.c.at.label("reply_at"), events.c.unit_id.label("reply_unit_id"),
                   count.scalar_subquery().label("total_count"))
            .outerjoin(events, and_(events.c.concern_id == shown.c.id,
                                    events.c.kind.in_(REPLY_KINDS)))
            .order_by(shown.c.received_at.desc(), shown.c.id.desc(), events.c.at,
                      events.c.id))
    return page, count


def concern_list_page(organisation, status=None, page=1, per_page=PER_PAGE):
    """The API's list: one page of the organisation's concerns, newest first, with their
    answers and replies and the count of all, in one statement (the page of concerns joined
    to its replies; the count as a scalar subquery). Plain rows, no objects: an integration
    pages through thousands a year. A page beyond the last asks the count on its own."""
    statement, count = _concern_list_statements(status is not None)
    params = {"oid": organisation.id, "limit": per_page, "offset": (page - 1) * per_page}
    if status is not None:
        params["status"] = ConcernStatus(status)
    rows = db.session.execute(statement, params).all()
    if not rows:
        return ConcernRows(page, per_page,
                           db.session.scalar(count, params) if page > 1 else 0)
    found = ConcernRows(page, per_page, rows[0].total_count)
    for row in rows:
        if row.id not in found.replies:
            found.items.append(row)
            found.replies[row.id] = []
        if row.reply_kind is not None:
            found.replies[row.id].append(
                Reply(row.reply_kind, row.reply_text, row.reply_at, row.reply_unit_id))
    return found


def studio_concerns(studio, status=None, limit=500):
    return _concerns([Concern.studio_id == studio.id], status, limit)


def delegate_concerns(delegate, limit=200):
    return _concerns([Concern.taken_by_id == delegate.id], None, limit)


def unit_concerns(unit, limit=500):
    """The concerns referred to the unit that wait for its reply, then those it replied."""
    return _concerns([Concern.unit_id == unit.id,
                      Concern.status.in_([ConcernStatus.referred, ConcernStatus.replied])],
                     None, limit)


def units_of(organisation_id):
    from congress.people.models import HandlingUnit
    return db.session.scalars(select(HandlingUnit).where(
        HandlingUnit.organisation_id == organisation_id).order_by(HandlingUnit.name)).all()


def delegates_of(organisation_id, limit=2000):
    """The delegates of the organisation's congresses, for the roster's choice."""
    from congress.organisations.models import Congress
    from congress.people.models import Delegate
    return db.session.scalars(select(Delegate).join(Congress, Delegate.congress_id == Congress.id)
                              .where(Congress.organisation_id == organisation_id,
                                     Delegate.terminated_on.is_(None))
                              .order_by(Delegate.name).limit(limit)).all()
