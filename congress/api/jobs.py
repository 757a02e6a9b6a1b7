"""Jobs: long work off the request path (congress/core/jobs.py). A job and its file are its
creator's and the secretariat's only."""
import io

from flask import jsonify, send_file
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import allow, bp, load
from congress.core.errors import Conflict, DomainError
from congress.core.jobs import Job


class Gone(DomainError):
    status = 410
    code = "result_gone"


def _job(jid):
    job = load(Job, jid)
    allow(job.can_view(current_user))
    return job


@bp.get("/jobs/<jid>")
def get_job(jid):
    return jsonify(_job(jid).as_json())


@bp.get("/jobs/<jid>/result")
def get_job_result(jid):
    """The file once the job is done (409 before); after its keeping time it is erased (410:
    login cards hold PINs and are kept only minutes)."""
    job = _job(jid)
    if not job.is_done:
        raise Conflict(_l("The job is not done yet."), code="job_not_done")
    if not job.result_kept or job.result is None:
        raise Gone(_l("This file is no longer kept; start the job again."))
    response = send_file(io.BytesIO(job.result), mimetype=job.result_type, as_attachment=True,
                         download_name=job.result_name)
    response.headers["Cache-Control"] = "no-store"  # login cards hold PINs
    return response
