"""The job queue (huey) and its worker: where `core.jobs` sends a job's id after the commit
that queued it, and what takes it from there (threads inside `flask run`, or the process
`flask jobs-worker` in production; docs/serving.md)."""
import logging
import os
from pathlib import Path

import click

from congress.core.job_worker import purge_expired_results, recover, run_job
from congress.core.jobs import QUEUE_NAME
from congress.core.periodic import periodic_due
from congress.extensions import db

log = logging.getLogger(__name__)


def make_huey(url, instance_dir):
    """The huey instance for CONGRESS_JOBS_URL: a SQLite file (the default, under instance/),
    redis://... or postgresql://... Results stay off: the job row holds what matters."""
    from huey import PostgresHuey, RedisHuey, SqliteHuey

    if not url:
        url = f"sqlite:///{Path(instance_dir) / 'jobs.sqlite'}"
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(QUEUE_NAME, filename=str(path), results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(QUEUE_NAME, url=url, results=False)
    if url.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
        return PostgresHuey(QUEUE_NAME, dsn=dsn, results=False)
    raise RuntimeError(f"CONGRESS_JOBS_URL: unsupported queue address {url!r} (sqlite:///, "
                       "redis:// or postgresql://)")


class JobQueue:
    """One per app: the huey instance, the task that runs a job, and the consumer when this
    process runs one."""

    def __init__(self, app):
        from huey import crontab

        self.app = app
        self.huey = make_huey(app.config.get("JOBS_URL"), app.config["JOBS_INSTANCE_DIR"])
        # a retry helps when the claim itself failed (the database was unreachable or locked
        # beyond the busy timeout); once claimed, a job is not claimed again
        self.task = self.huey.task(name="congress.run_job", retries=3, retry_delay=5)(self._run)
        self.huey.periodic_task(crontab(), name="congress.purge_results")(self._purge)
        # an organisation's periodic work (reminders and their emails): one huey task every
        # minute runs what core.periodic.periodic registered for that minute
        self.huey.periodic_task(crontab(), name="congress.periodic")(self._periodic)
        self.consumer = None

    def _run(self, job_id):
        with self.app.app_context():
            run_job(job_id)

    def _purge(self):
        with self.app.app_context():
            try:
                purge_expired_results()
            finally:
                db.session.remove()

    def _periodic(self):
        from congress.core.time import utcnow
        now = utcnow()
        run_periodic(self.app, now.hour * 60 + now.minute)

    def send(self, job_id):
        try:
            self.task(job_id)
        except Exception:  # the row stays queued; the next worker start sends it again
            log.exception("jobs: could not queue job %s", job_id)

    def create_consumer(self, workers, embedded):
        from huey.consumer import Consumer

        class EmbeddedConsumer(Consumer):
            def _set_signal_handlers(self):
                """Inside the web server: its own signal handling stays as it is."""

        if embedded:
            return EmbeddedConsumer(self.huey, workers=workers, worker_type="thread",
                                    max_delay=self.app.config["JOBS_POLL_SECONDS"])
        # a process of its own: SIGTERM (systemd's stop) lets the running job finish
        return Consumer(self.huey, workers=workers, worker_type="thread",
                        max_delay=self.app.config["JOBS_POLL_SECONDS"], graceful_signal="TERM")

    def start_worker(self, workers=1):
        """Run the worker inside this process (threads): the embedded default, and tests."""
        if self.consumer is not None:
            return self.consumer
        with self.app.app_context():
            try:
                recover()
            finally:
                db.session.remove()
        self.consumer = self.create_consumer(workers, embedded=True)
        self.consumer.start()
        return self.consumer

    def stop_worker(self):
        if self.consumer is not None:
            self.consumer.stop(graceful=True)
            self.consumer = None


def run_periodic(app, minute=0):
    """Run the periodic work due at `minute` of the day (0: all of it), each in its own app
    context; one failing does not stop the others."""
    results = {}
    for work in periodic_due(app.config, minute):
        with app.app_context():
            try:
                results[work.name] = work.run()
            except Exception:
                log.exception("periodic work %s failed", work.name)
                db.session.rollback()
            finally:
                db.session.remove()
    return results


def _served_by_flask_run():
    """`flask run` in the process that serves (not the reloader's watcher)."""
    from flask.cli import get_debug_flag
    from werkzeug.serving import is_running_from_reloader

    ctx = click.get_current_context(silent=True)
    if ctx is None or ctx.info_name != "run":
        return False
    reload = ctx.params.get("reload")
    if reload is None:
        reload = get_debug_flag()
    return not reload or is_running_from_reloader()


def start_embedded_worker_if_served(app):
    """The embedded default: `flask run` (make run) serves the jobs too, in this process."""
    if app.config["JOBS_EMBEDDED_WORKER"] and _served_by_flask_run():
        app.extensions["jobs"].start_worker(app.config["JOBS_WORKERS"])


def init_app(app):
    app.extensions["jobs"] = JobQueue(app)

    @app.cli.command("jobs-worker")
    @click.option("--workers", default=None, type=int,
                  help="Jobs run at once (threads); default CONGRESS_JOBS_WORKERS.")
    def jobs_worker(workers):
        """Run the job worker (production: a process of its own beside the app servers)."""
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        queue = app.extensions["jobs"]
        niceness = app.config["JOBS_WORKER_NICE"]
        if niceness:
            os.nice(niceness)  # the app servers' requests come first on a shared machine
        stranded, queued = recover()
        db.session.remove()
        click.echo(f"jobs worker: {stranded} interrupted job(s) marked failed, "
                   f"{queued} queued job(s) sent again")
        queue.create_consumer(workers or app.config["JOBS_WORKERS"], embedded=False).run()
