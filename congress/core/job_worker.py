"""The worker side of the jobs (congress/core/jobs.py has the row, the kinds and the request
side): a worker claims a queued job, runs its kind's function with a `JobRun`, and stores the
result or the failure; `reading()` and `writing()` are the stretches a job's function works in
(no write lock while it hashes or renders); `recover()` runs when a worker starts."""
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from congress.core.database import begin_reading
from congress.core.errors import DomainError
from congress.core.jobs import (
    KINDS,
    PROGRESS_STEP,
    Job,
    JobStatus,
    announce,
    announce_job,
    record_job,
)
from congress.core.time import utcnow
from congress.extensions import db

log = logging.getLogger(__name__)


@contextmanager
def reading():
    """A read-only stretch of a job: on SQLite a reader transaction (no write lock), ended
    when the stretch ends. Load everything the next step needs inside it."""
    begin_reading()
    try:
        yield
    finally:
        db.session.rollback()


@contextmanager
def writing():
    """A short write transaction of a job, committed at its end."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


@dataclass
class JobRun:
    """What a kind's function gets: the job's fields (no ORM object: sessions come and go)
    and a progress callback."""

    id: str
    kind: str
    meeting_id: int | None
    creator_id: int | None
    params: dict
    organisation_id: int | None = None
    reported: float = field(default=0.0)

    def progress(self, fraction):
        """Record and announce progress (0..1, below 1 until done), at most every
        PROGRESS_STEP, in a transaction of its own."""
        fraction = min(max(float(fraction), 0.0), 0.99)
        if fraction - self.reported < PROGRESS_STEP:
            return
        self.reported = fraction
        with writing():
            db.session.execute(update(Job).where(Job.id == self.id)
                               .values(progress=fraction)
                               .execution_options(synchronize_session=False))
            announce(self.meeting_id, self.organisation_id,
                     {"id": self.id, "kind": self.kind, "status": JobStatus.running.value,
                      "progress": round(fraction, 3)})


def _claim(job_id):
    """queued -> running in one statement: a job sent twice (a restart resends queued jobs)
    runs once. Returns a JobRun, or None when the job is not (or no longer) queued."""
    with writing():
        claimed = db.session.execute(
            update(Job).where(Job.id == job_id, Job.status == JobStatus.queued)
            .values(status=JobStatus.running, started_at=utcnow())
            .execution_options(synchronize_session=False)).rowcount
        if not claimed:
            return None
        job = db.session.get(Job, job_id)
        announce_job(job)
        return JobRun(job.id, job.kind, job.meeting_id, job.creator_id, dict(job.params or {}),
                      organisation_id=job.organisation_id)


def run_job(job_id):
    """The worker's task (in an app context): claim, run, store the result or the failure."""
    try:
        run = _claim(job_id)
        if run is None:
            return
        purge_expired_results()
        try:
            result = KINDS[run.kind].run(run)
        except Exception as error:  # every failure ends as a failed job with a message
            db.session.rollback()
            if not isinstance(error, DomainError):
                log.exception("job %s (%s) failed", run.id, run.kind)
            _fail(run, error)
            return
        try:
            _finish(run, result)
        except Exception as error:
            db.session.rollback()
            log.exception("job %s (%s): storing the result failed", run.id, run.kind)
            _fail(run, error)
    finally:
        db.session.remove()


def _finish(run, result):
    with writing():
        job = db.session.get(Job, run.id)
        job.status, job.progress, job.finished_at = JobStatus.done, 1.0, utcnow()
        job.result, job.result_name, job.result_type = (result.data, result.filename,
                                                        result.mimetype)
        job.result_expires_at = job.finished_at + timedelta(seconds=KINDS[run.kind].keep_seconds)
        record_job(run, "job.done", {"job": job.id, "kind": job.kind, "size": len(result.data)},
                   run.creator_id)
        announce_job(job)


def error_message(error):
    """The failure as the secretariat reads it (the installation's language, Chinese by
    default): a domain error's own message, otherwise a general one (the log has the rest)."""
    if isinstance(error, DomainError):
        return str(error.message)
    return str(_l("The job stopped because of an internal error. Start it again; if it fails "
                  "again, tell the administrator."))


def _fail(run, error):
    with writing():
        job = db.session.get(Job, run.id)
        job.status, job.finished_at, job.error = JobStatus.failed, utcnow(), error_message(error)
        record_job(run, "job.failed", {"job": job.id, "kind": job.kind, "error": job.error},
                   run.creator_id)
        announce_job(job)


def purge_expired_results():
    """Erase the files whose keeping time is over (login cards hold PINs)."""
    with writing():
        db.session.execute(update(Job).where(Job.result_expires_at <= utcnow(),
                                             Job.result.is_not(None))
                           .values(result=None).execution_options(synchronize_session=False))


def recover():
    """When a worker starts: a job that was running when the last worker stopped will never
    finish (mark it failed, so it can be started again); queued jobs are sent again (the claim
    makes a duplicate harmless)."""
    with writing():
        stranded = db.session.scalars(select(Job).where(Job.status == JobStatus.running)).all()
        for job in stranded:
            job.status, job.finished_at = JobStatus.failed, utcnow()
            job.error = str(_l("The job was interrupted by a restart of the server. Start it "
                               "again."))
            record_job(job, "job.failed", {"job": job.id, "kind": job.kind, "error": job.error},
                       None)  # the system's doing
            announce_job(job)
        queued = db.session.scalars(select(Job.id).where(Job.status == JobStatus.queued)
                                    .order_by(Job.created_at)).all()
    queue = current_app.extensions["jobs"]
    for job_id in queued:
        queue.send(job_id)
    return len(stranded), len(queued)
