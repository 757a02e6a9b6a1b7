"""The term statistics' XLSX as a job (congress/core/jobs.py): the figures of a city's five
years over every organisation and studio are read in two reader stretches and the file is
written after them, with progress on the organisation's stream."""
from datetime import date

from flask_babel import lazy_gettext as _l

from congress.activities.records import statistics_name, statistics_title, statistics_xlsx
from congress.activities.statistics import statistics, studio_statistics
from congress.core import jobs
from congress.core.job_worker import reading
from congress.core.xlsx import XLSX
from congress.extensions import db
from congress.organisations.models import Organisation

STATISTICS = "term_statistics"
KEEP_SECONDS = 24 * 60 * 60
# where progress stands after the figures by organisation, and after those by studio
BY_ORGANISATION, BY_STUDIO = 0.45, 0.9


def enqueue_statistics(actor, organisation, first, last):
    return jobs.enqueue_for_organisation(actor, organisation, STATISTICS,
                                         {"from": first.isoformat(), "to": last.isoformat()})


def _detail(params):
    return _l("%(first)s to %(last)s", first=params["from"], last=params["to"])


@jobs.kind(STATISTICS, _l("Term statistics (XLSX)"), keep_seconds=KEEP_SECONDS,
           exclusive=False, detail=_detail)
def run_statistics(run):
    first, last = date.fromisoformat(run.params["from"]), date.fromisoformat(run.params["to"])
    with reading():
        organisation = db.session.get(Organisation, run.organisation_id)
        figures = statistics(organisation, first, last)
        by_organisation = {"rows": [(o.name, tally) for o, tally in figures["rows"]],
                           "total": figures["total"]}
        title = statistics_title(organisation, first, last)
        name = statistics_name(organisation, first, last)
    run.progress(BY_ORGANISATION)
    with reading():
        organisation = db.session.get(Organisation, run.organisation_id)
        by_studio = [(s.name, tally)
                     for s, tally in studio_statistics(organisation, first, last)]
    run.progress(BY_STUDIO)
    return jobs.Result(statistics_xlsx(title, by_organisation, by_studio), name, XLSX)
