"""The term statistics for the organisation department: over a period and over an
organisation and everything below it (`Organisation.path` prefix).

Delegate figures count each delegate once, under the organisation of their congress (so the
rows of the breakdown add up to the total); concern figures count each concern once, under
its own organisation, when it reached that step in the period (its receipt, the answer on the
spot, a referral, the unit's reply, the closing feedback). Every figure is an aggregate query
grouped by organisation or by studio: the statements do not grow with the rows."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, distinct, func, or_, select, union

from congress.activities.ledger import day_bounds
from congress.activities.models import Activity, ActivityDelegate, ActivityKind
from congress.core.time import local_today
from congress.extensions import db
from congress.organisations.models import Congress, Organisation
from congress.people.models import Delegate
from congress.studios.models import (
    Concern,
    ConcernEvent,
    ConcernRating,
    ConcernStatus,
    Duty,
    EventKind,
    Studio,
)

DELEGATE_FIGURES = {  # answer key: the activity kind it counts
    "attended_plenaries": ActivityKind.plenary_attendance,
    "took_part_in_evaluations": ActivityKind.evaluation,
    "took_part_in_inspections": ActivityKind.inspection,
}
CONCERN_STEPS = {EventKind.answered: "answered", EventKind.referred: "referred",
                 EventKind.replied: "replied"}
PLEASED = (ConcernRating.satisfied, ConcernRating.basically_satisfied)


@dataclass
class Tally:
    delegates: int = 0
    attended_plenaries: int = 0
    took_part_in_evaluations: int = 0
    active_at_studios: int = 0
    took_part_in_inspections: int = 0
    concerns: dict = field(default_factory=lambda: dict.fromkeys(
        ("received", "answered", "referred", "replied", "closed", "overdue"), 0))
    rated: int = 0
    pleased: int = 0

    def add(self, other):
        for key in ("delegates", "attended_plenaries", "took_part_in_evaluations",
                    "active_at_studios", "took_part_in_inspections", "rated", "pleased"):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        for key, n in other.concerns.items():
            self.concerns[key] += n

    @property
    def satisfaction_rate(self):
        """Satisfied or basically satisfied among the concerns rated in the period."""
        return None if not self.rated else self.pleased / self.rated

    def as_dict(self):
        rate = self.satisfaction_rate
        return {"delegates": self.delegates, "attended_plenaries": self.attended_plenaries,
                "took_part_in_evaluations": self.took_part_in_evaluations,
                "active_at_studios": self.active_at_studios,
                "took_part_in_inspections": self.took_part_in_inspections,
                "concerns": self.concerns | {
                    "satisfaction_rate": None if rate is None else round(rate, 6)}}


def default_period(today=None):
    today = today or local_today()
    return date(today.year, 1, 1), date(today.year, 12, 31)


def _subtree(organisation):
    return select(Organisation.id).where(Organisation.path.startswith(organisation.path))


class Period:
    def __init__(self, first, last, today=None):
        self.first, self.last = first, last
        self.start, self.end = day_bounds(first, last)
        self.today = today or local_today()

    def moment(self, column):
        return and_(column >= self.start, column < self.end)


def own_tallies(organisation, period, by="organisation", chart_only=False):
    """{organisation id (or studio id, `by="studio"`): Tally} of each organisation below and
    including `organisation`, each with its own delegates and concerns only; `chart_only`
    (by studio): the two figures the chart draws, concerns received and active delegates."""
    tallies = defaultdict(Tally)
    orgs = _subtree(organisation)
    in_tree = Congress.organisation_id.in_(orgs)
    if by == "organisation":
        for oid, n in db.session.execute(
                select(Congress.organisation_id, func.count(Delegate.id)).join(Congress)
                .where(in_tree, Delegate.active_from <= period.last,
                       Delegate.terminated_on.is_(None) | (Delegate.terminated_on > period.first))
                .group_by(Congress.organisation_id)):
            tallies[oid].delegates = n
        kinds = list(DELEGATE_FIGURES.values())
        figure_of = {kind: key for key, kind in DELEGATE_FIGURES.items()}
        for oid, kind, n in db.session.execute(
                select(Congress.organisation_id, Activity.kind,
                       func.count(distinct(ActivityDelegate.delegate_id)))
                .select_from(ActivityDelegate)
                .join(Activity, Activity.id == ActivityDelegate.activity_id)
                .join(Delegate, Delegate.id == ActivityDelegate.delegate_id).join(Congress)
                .where(in_tree, Activity.kind.in_(kinds), Activity.held_on >= period.first,
                       Activity.held_on <= period.last)
                .group_by(Congress.organisation_id, Activity.kind)):
            setattr(tallies[oid], figure_of[ActivityKind(kind)], n)
    _active_at_studios(tallies, orgs, period, by)
    _concern_figures(tallies, orgs, period, by, received_only=chart_only)
    return tallies


def _active_at_studios(tallies, orgs, period, by):
    """A delegate with a duty served or a concern taken in the period, counted once (per
    organisation of their congress, or per studio where they worked)."""
    served = (select(Duty.delegate_id.label("did"), Duty.studio_id.label("sid"))
              .join(Studio, Studio.id == Duty.studio_id)
              .where(Studio.organisation_id.in_(orgs), Duty.checked_in_at.is_not(None),
                     period.moment(Duty.starts_at)))
    taken = (select(Concern.taken_by_id.label("did"), Concern.studio_id.label("sid"))
             .where(Concern.organisation_id.in_(orgs), Concern.taken_by_id.is_not(None),
                    period.moment(Concern.received_at)))
    worked = union(served, taken).subquery()
    if by == "studio":
        statement = (select(worked.c.sid, func.count(distinct(worked.c.did)))
                     .group_by(worked.c.sid))
    else:
        statement = (select(Congress.organisation_id, func.count(distinct(worked.c.did)))
                     .select_from(worked).join(Delegate, Delegate.id == worked.c.did)
                     .join(Congress).where(Congress.organisation_id.in_(orgs))
                     .group_by(Congress.organisation_id))
    for key, n in db.session.execute(statement):
        tallies[key].active_at_studios = n


def _concern_figures(tallies, orgs, period, by, received_only=False):
    key = Concern.studio_id if by == "studio" else Concern.organisation_id
    mine = Concern.organisation_id.in_(orgs)
    for k, n in db.session.execute(select(key, func.count(Concern.id)).where(
            mine, period.moment(Concern.received_at)).group_by(key)):
        tallies[k].concerns["received"] = n
    if received_only:
        return
    for k, n in db.session.execute(select(key, func.count(Concern.id)).where(
            mine, period.moment(Concern.closed_at)).group_by(key)):
        tallies[k].concerns["closed"] = n
    overdue_until = min(period.last, period.today - timedelta(days=1))
    # as Concern.is_overdue: not referred by `refer_by`, or not replied by `due_on`; counted
    # in the period its deadline fell in
    late = or_(and_(Concern.status == ConcernStatus.received,
                    Concern.refer_by.between(period.first, overdue_until)),
               and_(Concern.status == ConcernStatus.referred,
                    Concern.due_on.between(period.first, overdue_until)))
    for k, n in db.session.execute(select(key, func.count(Concern.id)).where(
            mine, late).group_by(key)):
        tallies[k].concerns["overdue"] = n
    steps = list(CONCERN_STEPS) + [EventKind.feedback]
    for k, kind, n in db.session.execute(
            select(key, ConcernEvent.kind, func.count(distinct(Concern.id)))
            .join(ConcernEvent, ConcernEvent.concern_id == Concern.id)
            .where(mine, ConcernEvent.kind.in_(steps), period.moment(ConcernEvent.at))
            .group_by(key, ConcernEvent.kind)):
        kind = EventKind(kind)
        if kind is EventKind.feedback:
            tallies[k].rated = n
        else:
            tallies[k].concerns[CONCERN_STEPS[kind]] = n
    for k, n in db.session.execute(
            select(key, func.count(distinct(Concern.id)))
            .join(ConcernEvent, ConcernEvent.concern_id == Concern.id)
            .where(mine, ConcernEvent.kind == EventKind.feedback,
                   ConcernEvent.rating.in_(PLEASED), period.moment(ConcernEvent.at))
            .group_by(key)):
        tallies[k].pleased = n


def statistics(organisation, first, last, today=None):
    """{"total": Tally, "rows": [(organisation, Tally)]}: the organisation's own row, then each
    child with everything below it; the rows add up to the total."""
    period = Period(first, last, today)
    own = own_tallies(organisation, period)
    tree = db.session.execute(select(Organisation.id, Organisation.path).where(
        Organisation.path.startswith(organisation.path))).all()
    children = list(db.session.scalars(select(Organisation).where(
        Organisation.parent_id == organisation.id).order_by(Organisation.id)))
    depth = organisation.path.count("/") - 1
    rows = {organisation.id: Tally(), **{c.id: Tally() for c in children}}
    for oid, path in tree:
        parts = path.strip("/").split("/")
        head = organisation.id if oid == organisation.id else int(parts[depth])
        if oid in own and head in rows:
            rows[head].add(own[oid])
    total = Tally()
    for tally in rows.values():
        total.add(tally)
    return {"total": total,
            "rows": [(organisation, rows[organisation.id])] + [(c, rows[c.id])
                                                              for c in children]}


def studio_statistics(organisation, first, last, today=None, chart_only=False):
    """[(studio, Tally)] of every studio of the organisation and below, by concerns received
    (most first); `chart_only`: with the chart's two figures only (the page), not every
    figure (the export)."""
    period = Period(first, last, today)
    own = own_tallies(organisation, period, by="studio", chart_only=chart_only)
    studios = db.session.scalars(select(Studio).where(
        Studio.organisation_id.in_(_subtree(organisation))).order_by(Studio.id)).all()
    rows = [(s, own.get(s.id, Tally())) for s in studios]
    rows.sort(key=lambda r: (-r[1].concerns["received"], r[0].id))
    return rows
