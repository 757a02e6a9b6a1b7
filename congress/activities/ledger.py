"""The ledger (履职档案): per delegate and year, what they did (studio duties served, concerns
taken and referred, activities by kind, contacts logged and kept, proposals sponsored or
co-signed, annual meetings attended) against their organisation's yearly requirements.

Every figure is one aggregate query grouped by delegate over a set of delegates (one delegate,
or an organisation's), so the number of statements does not grow with the delegates or the
rows (bench/term_scale.py counts them)."""
import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, bindparam, case, distinct, func, join, select
from sqlalchemy.orm import selectinload

from congress.activities.models import (
    Activity,
    ActivityDelegate,
    ActivityKind,
    Contact,
    ContactLog,
    Requirements,
)
from congress.core.time import from_local, local_today
from congress.extensions import db
from congress.meetings.models import Attendance, AttendanceStatus, Meeting
from congress.organisations.models import Congress
from congress.people.models import Delegate
from congress.proposals.models import FILED, Proposal, ProposalSigner, SignerStatus
from congress.studios.models import Concern, ConcernEvent, Duty, EventKind

KINDS = tuple(ActivityKind)


def day_bounds(first, last):
    """[start, end) in aware UTC of the local days first..last."""
    return (from_local(datetime.combine(first, time())),
            from_local(datetime.combine(last + timedelta(days=1), time())))


def quarters_begun(year, today=None):
    """How many quarters of `year` have begun by today (4 for a past year, 0 for a future)."""
    today = today or local_today()
    if year < today.year:
        return 4
    if year > today.year:
        return 0
    return (today.month - 1) // 3 + 1


@dataclass
class Ledger:
    delegate_id: int
    year: int
    requirements: dict
    duties: int = 0
    concerns: int = 0
    referrals: int = 0
    activities: dict = field(default_factory=lambda: {k.value: 0 for k in KINDS})
    contacts: int = 0        # contacts logged (each log once)
    contacts_kept: int = 0   # contacts kept as the requirements say
    proposals: int = 0
    meetings_attended: int = 0

    @property
    def activities_total(self):
        return sum(self.activities.values())

    @property
    def shortfalls(self):
        """The requirements not met: [(key, done, required)]."""
        req = self.requirements
        return [(key, done, req[key]) for key, done in (
            ("duties", self.duties), ("contacts", self.contacts_kept),
            ("activities", self.activities_total)) if done < req[key]]

    @property
    def met(self):
        return not self.shortfalls

    def falls_short(self, key):
        """The requirement `key` (duties, contacts, activities) is not met."""
        return any(short == key for short, _done, _required in self.shortfalls)

    def counts(self):
        return {"duties": self.duties, "concerns": self.concerns, "referrals": self.referrals,
                "activities": dict(self.activities), "contacts": self.contacts,
                "contacts_kept": self.contacts_kept, "proposals": self.proposals,
                "meetings_attended": self.meetings_attended}


def _count(*where, of=None, entity=None):
    """A count correlated to the enclosing query's delegate."""
    statement = select(func.count(distinct(of)) if of is not None else func.count())
    if entity is not None:
        statement = statement.select_from(entity)
    return statement.where(*where)


def _quarter(day_column):
    return case((day_column < bindparam("q2"), 1), (day_column < bindparam("q3"), 2),
                (day_column < bindparam("q4"), 3), else_=4)


def _figures():
    """{name: correlated scalar subquery} of one delegate's year (Delegate of the outer
    query); the year's bounds are parameters, so the statement is built and compiled once."""
    first, last, year = bindparam("first"), bindparam("last"), bindparam("year")
    start, end = bindparam("start"), bindparam("end")
    me = Delegate.id
    figures = {
        "duties": _count(Duty.delegate_id == me, Duty.checked_in_at.is_not(None),
                         Duty.starts_at >= start, Duty.starts_at < end, entity=Duty),
        "concerns": _count(Concern.taken_by_id == me, Concern.received_at >= start,
                           Concern.received_at < end, entity=Concern),
        "referrals": _count(Concern.taken_by_id == me, ConcernEvent.kind == EventKind.referred,
                            ConcernEvent.at >= start, ConcernEvent.at < end, of=Concern.id,
                            entity=join(Concern, ConcernEvent)),
        "contacts": _count(Contact.delegate_id == me, ContactLog.contacted_on >= first,
                           ContactLog.contacted_on <= last, entity=join(Contact, ContactLog)),
        "proposals": _count(ProposalSigner.delegate_id == me,
                            ProposalSigner.status == SignerStatus.signed,
                            Proposal.status.in_(FILED), Meeting.year == year,
                            of=ProposalSigner.proposal_id,
                            entity=join(ProposalSigner, Proposal).join(Meeting)),
        "meetings_attended": _count(Attendance.delegate_id == me,
                                    Attendance.status == AttendanceStatus.present,
                                    Meeting.year == year, entity=join(Attendance, Meeting)),
    }
    for kind in KINDS:
        figures[kind.value] = _count(
            ActivityDelegate.delegate_id == me, Activity.kind == kind, Activity.held_on >= first,
            Activity.held_on <= last, entity=join(ActivityDelegate, Activity))
    # contacts kept: logged in every quarter begun so far, or at least once in the year
    quarters = (select(func.count(distinct(_quarter(ContactLog.contacted_on))))
                .where(ContactLog.contact_id == Contact.id, ContactLog.contacted_on >= first,
                       ContactLog.contacted_on <= last)
                .correlate(Contact).scalar_subquery())
    figures["kept_quarterly"] = _count(Contact.delegate_id == me, quarters >= bindparam("begun"),
                                       entity=Contact)
    figures["kept_once"] = _count(Contact.delegate_id == me, quarters >= 1, entity=Contact)
    return {name: q.correlate(Delegate).scalar_subquery().label(f"n_{name}")
            for name, q in figures.items()}


@functools.cache
def _statement():
    figures = _figures()
    return (select(Delegate.id, *[getattr(Requirements, k) for k in Requirements.DEFAULTS],
                   *figures.values())
            .join(Congress, Congress.id == Delegate.congress_id)
            .outerjoin(Requirements, Requirements.organisation_id == Congress.organisation_id)
            .where(Delegate.id.in_(bindparam("who", expanding=True))))


def ledgers(delegate_ids, year, today=None):
    """{delegate id: Ledger} for the delegates `delegate_ids` in `year`: one statement
    whatever the number of delegates or rows, each figure a correlated count on the indexes
    by delegate."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    start, end = day_bounds(first, last)
    params = {"who": list(delegate_ids), "first": first, "last": last, "start": start,
              "end": end, "year": year, "q2": date(year, 4, 1), "q3": date(year, 7, 1),
              "q4": date(year, 10, 1), "begun": max(quarters_begun(year, today), 1)}
    rows = db.session.execute(_statement(), params).mappings().all()
    out = {}
    for row in rows:
        if row["duties"] is None:  # no requirements row: the defaults
            requirements = dict(Requirements.DEFAULTS)
        else:
            requirements = {k: row[k] for k in Requirements.DEFAULTS}
        ledger = Ledger(row["id"], year, requirements)
        for name in ("duties", "concerns", "referrals", "contacts", "proposals",
                     "meetings_attended"):
            setattr(ledger, name, row[f"n_{name}"])
        ledger.activities = {kind.value: row[f"n_{kind.value}"] for kind in KINDS}
        ledger.contacts_kept = row["n_kept_quarterly" if requirements["contacts_each_quarter"]
                                   else "n_kept_once"]
        out[row["id"]] = ledger
    return out


def ledger_of(delegate, year, today=None):
    return ledgers([delegate.id], year, today)[delegate.id]


def organisation_ledgers(organisation, year, today=None):
    """[(delegate, Ledger)] of the delegates of `organisation`'s congresses active in `year`,
    in roster order."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    active = and_(Delegate.active_from <= last,
                  (Delegate.terminated_on.is_(None)) | (Delegate.terminated_on > first))
    delegates = db.session.scalars(
        select(Delegate).join(Congress).where(Congress.organisation_id == organisation.id,
                                              active)
        .options(selectinload(Delegate.delegation))
        .order_by(Delegate.delegation_id, Delegate.id)).all()
    found = ledgers([d.id for d in delegates], year, today)
    return [(d, found[d.id]) for d in delegates if d.id in found]
