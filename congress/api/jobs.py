"""Jobs: long work off the request path (congress/core/jobs.py). A job and its file are its
creator's and the secretariat's only. Every area's jobs are read here; the areas queue them."""
from typing import Annotated, Literal

from flask import jsonify
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from pydantic import Field

from congress.api.base import bp
from congress.api.schemas import Omittable, Out
from congress.api.spec import operation
from congress.core.auth import authorize
from congress.core.errors import Conflict, DomainError, not_found
from congress.core.jobs import Job
from congress.core.web import file_response
from congress.core.xlsx import XLSX
from congress.extensions import db

# what a job's file may be (the kinds registered in the areas: login cards, the archive, the
# term's registers and statistics)
RESULT_TYPES = ("application/pdf", "application/zip", XLSX)
EXTENSIONS = {"application/pdf": ".pdf", "application/zip": ".zip", XLSX: ".xlsx"}


class JobOut(Out):
    """<job> of API.md; live `job` events carry the same id, kind, status and progress."""

    id: str
    kind: str = Field(description="What the job makes: cards, archive ...")
    status: Literal["queued", "running", "done", "failed"]
    progress: Annotated[float, Field(ge=0, le=1)]
    error: Omittable(str) = Field(None, description="Why it failed, when it failed")
    result_url: Omittable(str) = Field(None, description=(
        "Where the file is, under /api/v1, once done and while it is kept"))


class JobAccepted(Out):
    """202 of every request that queues a job: the job (Location: its address)."""

    job: JobOut


def accepted(job):
    """The 202 answer for a queued job."""
    response = jsonify({"job": job.as_json()})
    response.status_code = 202
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return response


class Gone(DomainError):
    status = 410
    code = "result_gone"


def load_job(jid):
    job = db.session.get(Job, jid)
    if job is None or not current_user.reaches(job.owning_organisation):
        raise not_found(Job)  # another organisation's job is not found either
    authorize(job.can_view(current_user))
    return job


@bp.get("/jobs/<job_id:jid>")
@operation("A job: status and progress (its creator and the secretariat)", tag="jobs",
           ok=JobOut)
def get_job(jid):
    return load_job(jid).as_json()


@bp.get("/jobs/<job_id:jid>/result")
@operation("The job's file once done (Cache-Control: no-store)", tag="jobs",
           content=RESULT_TYPES, conflicts="Not done yet (job_not_done)",
           refusals={410: "No longer kept (result_gone): start the job again"})
def get_job_result(jid):
    """The file once the job is done (409 before); after its keeping time it is erased (410:
    login cards hold PINs and are kept only minutes)."""
    job = load_job(jid)
    if not job.is_done:
        raise Conflict(_l("The job is not done yet."), code="job_not_done")
    if not job.result_kept or job.result is None:
        raise Gone(_l("This file is no longer kept; start the job again."))
    scope = f"meeting-{job.meeting_id}" if job.meeting_id is not None \
        else f"organisation-{job.organisation_id}"
    response = file_response(job.result, job.result_type, job.result_name,
                             f"{scope}-{job.kind}{EXTENSIONS[job.result_type]}")
    response.headers["Cache-Control"] = "no-store"  # login cards hold PINs
    return response
