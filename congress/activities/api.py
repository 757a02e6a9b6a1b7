"""The term work's JSON door: groups, activities, the ledger and the term statistics. Same
services and the same load-and-check (access.py) as the pages."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.activities import jobs as activity_jobs, ledger as ledgers, services
from congress.activities.access import (
    load_group_congress,
    load_ledger_delegate,
    load_term_organisation,
)
from congress.activities.records import ledger_name, ledger_pdf
from congress.activities.schemas import (
    ActivityOut,
    GroupOut,
    LedgerOut,
    NewActivity,
    NewGroup,
    PeriodQuery,
    TermStatistics,
    YearQuery,
)
from congress.activities.statistics import default_period, statistics
from congress.api.base import bp, created
from congress.api.jobs import JobAccepted, accepted
from congress.api.spec import body, operation, query
from congress.core.errors import Invalid
from congress.core.time import local_today
from congress.core.web import pdf_response
from congress.extensions import db

TAG = "term work"
PDF = "application/pdf"


def group_json(group):
    return {"id": group.id, "congress_id": group.congress_id, "name": group.name,
            "convener_id": group.convener_id,
            "member_ids": [d.id for d in services.group_members(group)]}


def activity_json(activity):
    return {"id": activity.id, "organisation_id": activity.organisation_id,
            "kind": activity.kind.value, "title": activity.title,
            "on": activity.held_on.isoformat(), "place": activity.place, "note": activity.note,
            "delegate_ids": [d.id for d in activity.delegates]}


def ledger_json(delegate, ledger):
    return {"delegate": {"id": delegate.id, "name": delegate.name,
                         "delegation": delegate.delegation.name,
                         "organisation": delegate.congress.organisation.name},
            "year": ledger.year, "counts": ledger.counts(),
            "requirements": ledger.requirements, "met": ledger.met}


def period_of(q):
    """The query's inclusive dates (default: the current year)."""
    first, last = default_period()
    first, last = q.from_ or first, q.to or last
    if last < first:
        raise Invalid(_l("to: must not be before from"), field="to")
    return first, last


@bp.post("/congresses/<int:cid>/groups")
@operation("Form a delegate group (代表小组) with its members and convener (its secretariat)",
           tag=TAG, body=NewGroup, ok=GroupOut, status=201)
def create_delegate_group(cid):
    congress = load_group_congress(cid)
    data = body()
    group = services.create_group(current_user, congress, name=data.name,
                                  member_ids=data.member_ids, convener_id=data.convener_id)
    db.session.commit()
    return created(group_json(group))


@bp.post("/organisations/<int:oid>/activities")
@operation("Record an activity of the organisation's delegates (its secretariat)", tag=TAG,
           body=NewActivity, ok=ActivityOut, status=201)
def create_term_activity(oid):
    organisation = load_term_organisation(oid, manage=True)
    data = body()
    activity = services.create_activity(current_user, organisation, kind=data.kind,
                                        title=data.title, on=data.on,
                                        delegate_ids=data.delegate_ids, place=data.place,
                                        note=data.note)
    db.session.commit()
    return created(activity_json(activity))


@bp.get("/delegates/<int:did>/ledger")
@operation("A delegate's ledger (履职档案) of one year against the requirements (the "
           "delegate, their organisation's staff, the organisers above)", tag=TAG,
           query=YearQuery, ok=LedgerOut)
def get_delegate_ledger(did):
    delegate = load_ledger_delegate(did)
    year = query().year or local_today().year
    return ledger_json(delegate, ledgers.ledger_of(delegate, year))


@bp.get("/delegates/<int:did>/ledger.pdf")
@operation("The printable 履职情况表 of one year (default: the current one)", tag=TAG,
           query=YearQuery, content=PDF)
def get_delegate_ledger_pdf(did):
    delegate = load_ledger_delegate(did)
    year = query().year or local_today().year
    return pdf_response(ledger_pdf(delegate, ledgers.ledger_of(delegate, year)),
                        f"ledger-{did}-{year}.pdf", ledger_name(delegate, year))


@bp.get("/organisations/<int:oid>/statistics")
@operation("The term statistics over the organisation and everything below it, from/to "
           "inclusive (default: the current year)", tag=TAG, query=PeriodQuery,
           ok=TermStatistics)
def get_term_statistics(oid):
    organisation = load_term_organisation(oid)
    first, last = period_of(query())
    stats = statistics(organisation, first, last)
    return stats["total"].as_dict() | {"organisations": [
        {"id": o.id, "name": o.name} | t.as_dict() for o, t in stats["rows"]]}


@bp.post("/organisations/<int:oid>/statistics/export")
@operation("Queue the term statistics' XLSX (by organisation and by studio), from/to "
           "inclusive (default: the current year): a job whose file is its creator's and "
           "the secretariat's", tag=TAG, body=PeriodQuery, ok=JobAccepted, status=202)
def queue_term_statistics_export(oid):
    organisation = load_term_organisation(oid)
    first, last = period_of(body())
    job = activity_jobs.enqueue_statistics(current_user, organisation, first, last)
    db.session.commit()
    return accepted(job)
