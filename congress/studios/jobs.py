"""The register of concerns (民情诉求登记表) as a job (congress/core/jobs.py): a county's five
years are tens of thousands of rows, so the file is made in the background, a part at a time,
with its progress on the organisation's stream, while everyone keeps working."""
from flask_babel import lazy_gettext as _l

from congress.core import jobs
from congress.core.xlsx import XLSX
from congress.studios.records import build_register

REGISTER = "concern_register"
# with the residents' names and phones when the secretariat asked: kept an hour, not a day
REGISTER_KEEP_SECONDS = 60 * 60
READ_SHARE = 0.95  # where progress stands when every part is written (saving the file is left)


def enqueue_register(actor, organisation, with_personal):
    """Queue the register; `with_personal` only as the caller's access allowed it."""
    return jobs.enqueue_for_organisation(actor, organisation, REGISTER,
                                         {"personal": bool(with_personal)})


def _detail(params):
    return _l("with the residents' names and contacts") if params.get("personal") else None


@jobs.kind(REGISTER, _l("Register of concerns (XLSX)"), keep_seconds=REGISTER_KEEP_SECONDS,
           exclusive=False, detail=_detail)
def run_register(run):
    data, name = build_register(run.organisation_id, run.params.get("personal", False),
                                lambda fraction: run.progress(READ_SHARE * fraction))
    return jobs.Result(data, name, XLSX)
