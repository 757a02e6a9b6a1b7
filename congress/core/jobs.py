"""Long work off the request path: jobs on a huey queue (docs/decisions.md, "Jobs").

- A request calls `enqueue(actor, meeting, kind, params)` (or `enqueue_for_organisation` for
  the term's work between meetings): a `Job` row (queued), an audit entry and a live `job`
  event on the meeting's (or organisation's) stream, in the request's transaction; after its
  commit the job's id goes to the queue (like the live broker's wake-up, never before the
  commit it depends on).
- A worker (core/job_queue.py: huey consumer threads inside `flask run`, or `flask
  jobs-worker` as a process of its own) claims the row (queued -> running in one UPDATE, so a
  job sent twice runs once) and calls the kind's function with a `JobRun`. That function reads
  in `reading()` stretches (on SQLite a reader transaction: no write lock) and writes in short
  `writing()` transactions; it never holds the write lock while it hashes or renders. Progress
  goes to the row and out as a live `job` event (id, kind, status, progress: never content).
- The result (bytes) is stored in the row, so any app worker on any machine can hand it out,
  and erased after the kind's keeping time (login cards hold PINs: minutes, not days).
- The queue is persistent (SQLite file under instance/ by default, Redis or PostgreSQL in
  production) and so is the row: a restart loses no queued job. A job that was running when its
  worker died is marked failed when a worker starts again (one worker process per installation).
"""
import enum
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    Float,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    event as sa_event,
    select,
)
from sqlalchemy.orm import Mapped, Session, deferred, mapped_column, relationship
from werkzeug.routing import BaseConverter

from congress.core import live
from congress.core.audit import record
from congress.core.auth import Role
from congress.core.errors import Conflict
from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db

log = logging.getLogger(__name__)

QUEUE_NAME = "congress"
PROGRESS_STEP = 0.02  # a progress change smaller than this is not written (nor announced)


class JobStatus(str, enum.Enum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"

    @property
    def title(self):
        return {JobStatus.queued: _l("Queued"), JobStatus.running: _l("Running"),
                JobStatus.done: _l("Finished"), JobStatus.failed: _l("Failed")}[self]


def new_job_id():
    return secrets.token_hex(16)


class JobIdConverter(BaseConverter):
    """`<job_id:...>` in a route: a job's id as new_job_id() makes it. Anything else is an
    unknown job (404) that never reaches the database (a NUL would be a 500 on PostgreSQL);
    `json_schema` is what the OpenAPI document says of it."""

    regex = "[0-9a-f]{32}"
    json_schema = {"type": "string", "pattern": "^[0-9a-f]{32}$", "minLength": 32,
                   "maxLength": 32}


class Job(db.Model):
    """One piece of long work and, once done, its file."""

    __tablename__ = "jobs"
    __table_args__ = (CheckConstraint(live.ONE_SCOPE, name="one_scope"),)
    label = _l("job")

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_job_id)
    kind: Mapped[str] = mapped_column(String(32))
    # a meeting's job (its records) or an organisation's (the term's work between meetings)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                                   index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # read-only: whose organisation the job is (another organisation's job is not found)
    meeting = relationship("Meeting", viewonly=True)
    organisation = relationship("Organisation", viewonly=True)
    status: Mapped[JobStatus] = mapped_column(
        Enum(JobStatus, native_enum=False, length=16, create_constraint=True,
             name="job_status", validate_strings=True), default=JobStatus.queued)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    result_name: Mapped[str | None] = mapped_column(String(200))
    result_type: Mapped[str | None] = mapped_column(String(100))
    result_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self):
        return f"<Job {self.id} {self.kind} {self.status.value}>"

    @property
    def owning_organisation(self):
        """The organisation whose job this is (of its meeting, or its own)."""
        return self.meeting.organisation if self.meeting_id is not None else self.organisation

    @property
    def is_finished(self):
        return self.status in (JobStatus.done, JobStatus.failed)

    @property
    def is_done(self):
        return self.status == JobStatus.done

    @property
    def is_failed(self):
        return self.status == JobStatus.failed

    @property
    def result_kept(self):
        """Whether the file can still be downloaded (done, and not erased yet)."""
        return (self.is_done and self.result_expires_at is not None
                and self.result_expires_at > utcnow())

    @property
    def title(self):
        kind = KINDS.get(self.kind)
        return kind.title if kind else self.kind

    @property
    def detail(self):
        """What this job was asked for (its kind says), or None."""
        kind = KINDS.get(self.kind)
        return kind.detail(self.params or {}) if kind and kind.detail else None

    def can_view(self, user):
        """Its creator and the secretariat: a cards job's file holds PINs."""
        return user.is_authenticated and (
            user.id == self.creator_id or user.has_role(Role.secretariat))

    def event_data(self):
        """What the live `job` event carries: never content."""
        return {"id": self.id, "kind": self.kind, "status": self.status.value,
                "progress": round(self.progress, 3)}

    def as_json(self):
        data = self.event_data()
        if self.error:
            data["error"] = self.error
        if self.result_kept:
            data["result_url"] = f"/api/v1/jobs/{self.id}/result"
        return data


# --- kinds -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    name: str
    title: object
    run: object  # fn(JobRun) -> Result
    keep_seconds: int  # how long the result is kept for download
    exclusive: bool  # one job of the kind per meeting or organisation at a time
    detail: object = None  # fn(params) -> what this job of the kind was asked for, or None


@dataclass(frozen=True)
class Result:
    data: bytes
    filename: str
    mimetype: str


KINDS = {}


def kind(name, title, *, keep_seconds, exclusive=True, detail=None):
    """Register fn(JobRun) -> Result as the work of jobs of this kind (areas do, at import).
    `exclusive`: one such job at a time per meeting or organisation (two card runs at once
    would race for the PINs); a read-only export is not. `detail(params)`: what one job was
    asked for, as its list says it (a period, "with names and contacts")."""
    def register(fn):
        KINDS[name] = Kind(name, title, fn, keep_seconds, exclusive, detail)
        return fn
    return register


# --- the request side ------------------------------------------------------------------------

def _of_scope(meeting_id, organisation_id):
    return Job.meeting_id == meeting_id if meeting_id is not None \
        else Job.organisation_id == organisation_id


def active_job(meeting, kind_name, organisation=None):
    """The meeting's (or organisation's) queued or running job of this kind, if any."""
    return db.session.scalar(select(Job).where(
        _of_scope(getattr(meeting, "id", None), getattr(organisation, "id", None)),
        Job.kind == kind_name,
        Job.status.in_((JobStatus.queued, JobStatus.running))).limit(1))


def enqueue(actor, meeting, kind_name, params=None):
    """Queue a meeting's job: the row, its audit entry and live event now; the queue after
    commit. An exclusive kind runs once per meeting at a time."""
    return _enqueue(actor, kind_name, params, meeting=meeting)


def enqueue_for_organisation(actor, organisation, kind_name, params=None):
    """Queue an organisation's job (the term's work between meetings), announced on the
    organisation's own stream."""
    return _enqueue(actor, kind_name, params, organisation=organisation)


def _enqueue(actor, kind_name, params, meeting=None, organisation=None):
    if kind_name not in KINDS:
        raise ValueError(f"unknown job kind {kind_name!r}")
    if KINDS[kind_name].exclusive and active_job(meeting, kind_name, organisation) is not None:
        raise Conflict(_l("This job is already waiting or running for this meeting; wait for "
                          "it to finish."), code="job_running")
    job = Job(id=new_job_id(), kind=kind_name, meeting_id=getattr(meeting, "id", None),
              organisation_id=getattr(organisation, "id", None),
              creator_id=getattr(actor, "id", None), status=JobStatus.queued, progress=0.0,
              params=params or {}, created_at=utcnow())
    db.session.add(job)
    db.session.flush()
    if meeting is not None:
        record(actor, "job.enqueue", meeting=meeting, after={"job": job.id, "kind": kind_name})
    else:
        record_job(job, "job.enqueue", {"job": job.id, "kind": kind_name}, job.creator_id)
    announce_job(job)
    db.session().info.setdefault("jobs_to_send", []).append(job.id)
    return job


def announce(meeting_id, organisation_id, data):
    """The live `job` event, on the stream of the job's meeting or organisation."""
    if meeting_id is not None:
        live.publish(meeting_id, "job", data)
    else:
        live.publish_to_organisation(organisation_id, "job", data)


def announce_job(job):
    """The job's state (`Job.event_data`) as a live `job` event."""
    announce(job.meeting_id, job.organisation_id, job.event_data())


def recent_jobs(meeting, limit=5, organisation=None):
    """The meeting's (or organisation's) newest jobs."""
    scope = _of_scope(getattr(meeting, "id", None), getattr(organisation, "id", None))
    return db.session.scalars(select(Job).where(scope)
                              .order_by(Job.created_at.desc()).limit(limit)).all()


def recent_jobs_for(user, meeting, limit=5, organisation=None):
    """The meeting's (or organisation's) newest jobs that `user` may see (Job.can_view)."""
    return [job for job in recent_jobs(meeting, limit, organisation) if job.can_view(user)]


@sa_event.listens_for(Session, "after_commit")
def _send_after_commit(session):
    job_ids = session.info.pop("jobs_to_send", None)
    if job_ids and has_app_context():
        queue = current_app.extensions["jobs"]
        for job_id in job_ids:
            queue.send(job_id)


@sa_event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session):
    session.info.pop("jobs_to_send", None)


@dataclass(frozen=True)
class _Ref:
    """The job's creator, meeting or organisation as record() needs them (their ids): core
    loads no area's models."""

    id: int | None
    organisation_id: int | None = None


def record_job(job, action, after, actor_id):
    """A job's audit entry (`job` is a Job or a JobRun): in its meeting, or in its
    organisation (for an organiser above, the organisation whose work it is)."""
    meeting = _Ref(job.meeting_id) if job.meeting_id is not None else None
    record(_Ref(actor_id, job.organisation_id), action, meeting=meeting, after=after)
