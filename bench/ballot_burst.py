"""Ballot burst: N delegates cast one secret ballot at once against the production server.

For each database engine (SQLite, PostgreSQL) this script
  1. makes a fresh database, migrates it, and sets up a meeting of N checked-in delegates and an
     open ballot directly through the services (bench config: cheap password hash);
  2. starts Congress under gunicorn with that config and signs every delegate in through
     POST /api/v1/tokens (not timed);
  3. warms the workers up on a separate ballot, then has all N delegates cast at once from an
     asyncio HTTP/1.1 load generator (this process; bounded connections, 127.0.0.1 only) —
     only this burst is timed;
  4. checks the count: a sample resubmits (a new idempotency key must get 409, the same key the
     same receipt), the ballot is closed through the API, and the 201s, receipts, results,
     participations, papers, marks and audit entries must all agree — every vote exactly once;
  5. measures the bare one-row-insert endpoint (bench/baseline_app.py) under the same gunicorn
     setup and the same load generator, and prints the ratio of the two throughputs;
  6. repeats 1-5 for --rounds rounds (default 3), alternating whether the baseline or Congress
     goes first, and judges the goal on the median ratio: on this shared 2-core machine the
     same endpoint's throughput wanders by a third between runs a few minutes apart.

Run from the repository:  .venv/bin/python bench/ballot_burst.py [--delegates 3000]
(see bench/README.md). Not part of the test suite.
"""
import argparse
import asyncio
import contextlib
import hashlib
import json
import math
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATABASE_ENV = "CONGRESS_BENCH_DATABASE_URL"
POOL_ENV = "CONGRESS_BENCH_POOL_SIZE"
PID_PATH = "/__bench_pid"
STAFF_PASSWORD = "bench-chair-password"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_SETUP = "gthread:2x8"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- the server side: a bench-only config and the gunicorn factory ----------------------------

# One random key per bench run: set when the driver imports this module, inherited by the
# servers it starts (each of their workers imports it again and keeps the inherited value)
SECRET_ENV = "CONGRESS_BENCH_SECRET_KEY"
os.environ.setdefault(SECRET_ENV, secrets.token_hex(32))


def bench_config(url, pool_size=None):
    """Production settings, plus what a bench needs: the run's random secret, the bench
    database, a cheap password hash (3,000 accounts) and no address throttle (every login comes
    from 127.0.0.1)."""
    from config import ProductionConfig

    options = dict(ProductionConfig.SQLALCHEMY_ENGINE_OPTIONS)
    if pool_size:
        options["pool_size"] = int(pool_size)

    class BenchConfig(ProductionConfig):
        SECRET_KEY = os.environ[SECRET_ENV]
        SQLALCHEMY_DATABASE_URI = url
        SQLALCHEMY_ENGINE_OPTIONS = options
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
        LOGIN_THROTTLE_PER_ADDRESS = 1_000_000
        LOGIN_THROTTLE_PER_ACCOUNT = 1_000_000

    return BenchConfig


def server_app():
    """gunicorn 'bench.ballot_burst:server_app()': Congress with the bench config from the
    environment, plus GET /__bench_pid (the worker's pid; everything else passes through)."""
    from bench.baseline_app import pid_middleware
    from congress import create_app

    app = create_app(bench_config(os.environ[DATABASE_ENV], os.environ.get(POOL_ENV)))
    app.wsgi_app = pid_middleware(app.wsgi_app)
    return app


# --- databases ----------------------------------------------------------------------------------

class SqliteDatabases:
    engine = "sqlite"

    def __init__(self, keep=False):
        self.dir = Path(tempfile.mkdtemp(prefix="congress-bench-"))
        self.keep = keep

    def new(self, name):
        return f"sqlite:///{self.dir / (name + '.sqlite')}"

    def cleanup(self):
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


class PostgresDatabases:
    engine = "postgresql"

    def __init__(self, admin_url, keep=False):
        from sqlalchemy.engine import make_url

        self.admin = make_url(admin_url)
        self.keep = keep
        self.created = []

    def _connect(self):
        import psycopg

        return psycopg.connect(host=self.admin.host or "127.0.0.1", port=self.admin.port or 5432,
                               user=self.admin.username, password=self.admin.password,
                               dbname=self.admin.database or "postgres", autocommit=True)

    def new(self, name):
        dbname = f"congress_bench_{os.getpid()}_{name}"
        with self._connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{dbname}"')
        self.created.append(dbname)
        return self.admin.set(database=dbname).render_as_string(hide_password=False)

    def cleanup(self):
        if self.keep:
            return
        with self._connect() as conn:
            for dbname in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        self.created = []


# --- setting up the meeting directly through the services -------------------------------------

@dataclass
class Meeting:
    meeting_id: int
    ballot_id: int
    warmup_ballot_id: int
    chair: tuple
    delegates: list            # [(delegate_id, username, pin)]
    subjects: list             # subject ids of the timed ballot
    options: list              # option ids of the timed ballot
    warmup_subjects: list
    warmup_options: list
    seconds: float = 0.0


def seed_room(n, on_delegate):
    """In an app context: the bench chair, a meeting and n checked-in delegates in nine
    delegations, made through the services; on_delegate(delegate, pin) sees each one.
    Returns (chair, meeting). Shared with bench/live_fanout.py."""
    from congress.core.auth import Role
    from congress.extensions import db
    from congress.meetings import services as meetings
    from congress.people import delegates, services as people

    chair, _ = people.create_user(None, username="bench-chair", name="大会主持人",
                                  role=Role.chair, password=STAFF_PASSWORD)
    meeting = meetings.create_meeting(None, title="基准测试年会", year=2026,
                                      quorum_ratio="0.5", min_signers=10)
    groups = [delegates.create_delegation(None, meeting.congress, f"第{i + 1}代表团")
              for i in range(9)]
    for i in range(n):
        delegate, pin = delegates.create_delegate(None, meeting.congress, name=f"代表{i + 1:05d}",
                                               delegation=groups[i % len(groups)])
        meetings.check_in(None, meeting, delegate, "desk")
        on_delegate(delegate, pin)
        if i % 500 == 499:
            db.session.commit()
    return chair, meeting


def set_up_meeting(url, n, kind, n_subjects):
    import flask_migrate

    from congress import create_app
    from congress.ballots import services as ballots
    from congress.extensions import db

    started = time.perf_counter()
    app = create_app(bench_config(url))
    with app.app_context():
        flask_migrate.upgrade()
        delegates = []
        chair, meeting = seed_room(n, lambda d, pin: delegates.append(
            (d.id, d.user.username, pin)))
        if kind == "motion":
            titles = ["表决关于两个工作报告的决议"] + [
                f"决议草案{i}" for i in range(2, n_subjects + 1)]
        else:
            titles = [f"第{i + 1}代表团书记述职测评" for i in range(n_subjects)]
        ballot = ballots.create_ballot(chair, meeting, title="基准表决", kind=kind,
                                       subjects=titles[:n_subjects])
        warmup = ballots.create_ballot(chair, meeting, title="热身表决", kind=kind,
                                       subjects=titles[:n_subjects])
        ballots.open_ballot(chair, ballot)
        ballots.open_ballot(chair, warmup)
        db.session.commit()
        result = Meeting(meeting.id, ballot.id, warmup.id, ("bench-chair", STAFF_PASSWORD),
                         delegates, [s.id for s in ballot.subjects],
                         [o.id for o in ballot.options], [s.id for s in warmup.subjects],
                         [o.id for o in warmup.options])
        db.session.remove()
        db.engine.dispose()
    result.seconds = time.perf_counter() - started
    return result


def database_counts(url, ballot_id):
    """What the database holds for the ballot, read directly (not through the API)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            one = lambda sql: conn.execute(text(sql), {"b": ballot_id}).scalar()  # noqa: E731
            return {
                "participations": one("SELECT count(*) FROM ballot_participations "
                                      "WHERE ballot_id = :b"),
                "distinct_delegates": one("SELECT count(DISTINCT delegate_id) FROM "
                                          "ballot_participations WHERE ballot_id = :b"),
                "papers": one("SELECT count(*) FROM ballot_papers WHERE ballot_id = :b"),
                "marks": one("SELECT count(*) FROM ballot_marks WHERE ballot_id = :b"),
                "vote_audits": one("SELECT count(*) FROM audit_entries WHERE action = "
                                   "'ballot.vote' AND target_type = 'Ballot' AND target_id = :b"),
                "delegate_ids": {r[0] for r in conn.execute(text(
                    "SELECT delegate_id FROM ballot_participations WHERE ballot_id = :b"),
                    {"b": ballot_id})},
            }
    finally:
        engine.dispose()


# --- gunicorn ------------------------------------------------------------------------------------

@dataclass
class ServerSetup:
    worker_class: str
    workers: int
    threads: int

    @classmethod
    def parse(cls, text):
        """'gthread:2x8' (workers x threads) or 'sync:5' (workers)."""
        kind, _, shape = text.partition(":")
        if kind == "gthread":
            workers, _, threads = shape.partition("x")
            return cls("gthread", int(workers or 2), int(threads or 8))
        if kind == "sync":
            return cls("sync", int(shape or 5), 1)
        raise argparse.ArgumentTypeError(f"unknown server setup {text!r}: gthread:WxT or sync:W")

    @property
    def label(self):
        return (f"gthread:{self.workers}x{self.threads}" if self.worker_class == "gthread"
                else f"sync:{self.workers}")

    @property
    def slug(self):
        """The label as a database name part: one database per setup and round."""
        return f"{self.worker_class}_{self.workers}x{self.threads}"

    def arguments(self):
        args = ["--workers", str(self.workers), "--worker-class", self.worker_class]
        if self.worker_class == "gthread":
            args += ["--threads", str(self.threads)]
        return args

    @property
    def pool_size(self):
        # one persistent connection per thread: SQLAlchemy's default pool keeps 5 and closes
        # the overflow ones after every use, which for SQLite means reopening per request
        return max(5, self.threads)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One gunicorn master in its own process group; stopped by its pid, also on error."""

    def __init__(self, app_spec, setup, url, log_dir, name):
        self.app_spec, self.setup, self.url = app_spec, setup, url
        self.port = free_port()
        self.log_path = Path(log_dir) / f"{name}.gunicorn.log"
        self.proc = None
        self.worker_pids = set()

    def command(self):
        return [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                *self.setup.arguments(), "--log-level", "warning", self.app_spec]

    def start(self, ready_timeout=60):
        env = dict(os.environ, PYTHONPATH=str(ROOT), **{DATABASE_ENV: self.url,
                                                         POOL_ENV: str(self.setup.pool_size)})
        # open for the server's lifetime: stop() closes it
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(self.command(), cwd=ROOT, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + ready_timeout
        while len(self.worker_pids) < self.setup.workers:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn: only {len(self.worker_pids)} of "
                                   f"{self.setup.workers} workers answered within "
                                   f"{ready_timeout} s:\n{self.log_tail()}")
            pid = probe_pid(self.port)
            if pid:
                self.worker_pids.add(pid)
            else:
                time.sleep(0.1)

    def cpu_seconds(self):
        return sum(process_cpu(pid) for pid in self.worker_pids)

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        finally:
            self._log.close()


def probe_pid(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(f"GET {PID_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                      .encode())
            data = b""
            while chunk := s.recv(4096):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(body) if head.startswith(b"HTTP/1.1 200") else None
    except (OSError, ValueError):
        return None


def process_cpu(pid):
    """utime + stime of a process, in seconds (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0


def machine_cpu():
    """(busy, total) jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


# --- the load generator: asyncio, raw HTTP/1.1 with keep-alive --------------------------------

class Connection:
    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    @property
    def is_open(self):
        return self.writer is not None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(TimeoutError, OSError):
                await asyncio.wait_for(self.writer.wait_closed(), 2)
        self.reader = self.writer = None

    async def request(self, method, path, body=None, token=None, headers=()):
        if not self.is_open:
            await self.open()
        payload = b"" if body is None else json.dumps(body).encode()
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}",
                f"Content-Length: {len(payload)}"]
        if body is not None:
            head.append("Content-Type: application/json")
        if token:
            head.append(f"Authorization: Bearer {token}")
        head.extend(headers)
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        version, status = status_line.split(None, 2)[:2]
        fields = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            fields[name.strip().lower()] = value.strip()
        if "content-length" in fields:
            data = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            data = b""
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                data += await self.reader.readexactly(size)
                await self.reader.readline()
            await self.reader.readline()
        else:
            data = await self.reader.read()
        if version != b"HTTP/1.1" or fields.get("connection", "").lower() == "close":
            await self.close()  # sync workers answer one request per connection
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = None
        return int(status), parsed


@dataclass
class Outcome:
    tag: object
    status: int | None
    body: object
    latency: float
    error: str | None = None


@dataclass
class Run:
    outcomes: list
    wall: float
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    machine_busy: float = 0.0   # fraction of all cores
    unstarted: int = 0

    def statuses(self):
        return Counter(o.status if o.error is None else f"error:{o.error}" for o in self.outcomes)

    def accepted(self):
        return [o for o in self.outcomes if o.status == 201]

    def latency_ms(self, q):
        values = sorted(o.latency for o in self.outcomes if o.error is None)
        if not values:
            return float("nan")
        return values[min(len(values) - 1, max(0, math.ceil(q * len(values)) - 1))] * 1000


async def _drive(port, jobs, connections, request_timeout, time_limit, retry):
    """Every job is (tag, method, path, body, token, headers); at most `connections` at once.
    All connections are opened first, then every worker starts at the same moment."""
    conns = [Connection(port) for _ in range(min(connections, len(jobs)))]
    await asyncio.gather(*(c.open() for c in conns))
    outcomes, next_job = [], iter(range(len(jobs)))
    start = asyncio.Event()
    deadline = time.monotonic() + time_limit

    async def worker(conn):
        await start.wait()
        for index in next_job:
            if time.monotonic() > deadline:
                return
            tag, method, path, body, token, headers = jobs[index]
            for attempt in range(1 + retry):
                t0 = time.perf_counter()
                try:
                    status, parsed = await asyncio.wait_for(
                        conn.request(method, path, body, token, headers), request_timeout)
                    outcomes.append(Outcome(tag, status, parsed, time.perf_counter() - t0))
                    break
                except (TimeoutError, OSError, ConnectionError, asyncio.IncompleteReadError,
                        ValueError) as exc:
                    await conn.close()
                    if attempt == retry:
                        outcomes.append(Outcome(tag, None, None, time.perf_counter() - t0,
                                                type(exc).__name__))
        await conn.close()

    tasks = [asyncio.create_task(worker(c)) for c in conns]
    t0 = time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    return Run(outcomes, wall, unstarted=len(jobs) - len(outcomes))


def drive(server, jobs, args, *, retry=0, measure=False):
    """Run the jobs against the server; with measure, also take CPU figures around it."""
    before = (time.process_time(), server.cpu_seconds(), machine_cpu()) if measure else None
    run = asyncio.run(_drive(server.port, jobs, args.connections, args.request_timeout,
                             args.time_limit, retry))
    if measure:
        client0, server0, (busy0, total0) = before
        busy1, total1 = machine_cpu()
        run.client_cpu = time.process_time() - client0
        run.server_cpu = server.cpu_seconds() - server0
        run.machine_busy = (busy1 - busy0) / max(1, total1 - total0)
    return run


# --- one engine: baseline, then Congress -------------------------------------------------------

@dataclass
class Figures:
    engine: str
    setup: str
    endpoint: str
    run: Run
    requests: int
    checks: dict = field(default_factory=dict)

    @property
    def per_second(self):
        return len(self.run.accepted()) / self.run.wall if self.run.wall else 0.0


def run_baseline(dbs, setup, args, log_dir, round_no=1):
    from bench.baseline_app import create_schema

    url = dbs.new(f"base_{setup.slug}_{round_no}")
    create_schema(url)
    server = Server("bench.baseline_app:server_app()", setup, url, log_dir,
                    f"{dbs.engine}-{setup.label}-baseline")
    try:
        server.start()
        body = lambda i: {"body": f"row {i} {secrets.token_hex(12)}"}  # noqa: E731
        drive(server, [(i, "POST", "/rows", body(i), None, ()) for i in range(args.warmup)], args)
        run = drive(server, [(i, "POST", "/rows", body(i), None, ())
                             for i in range(args.delegates)], args, measure=True)
        restarted = server.worker_pids != _live_workers(server)
    finally:
        server.stop()
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM bench_rows")).scalar()
    engine.dispose()
    accepted = len(run.accepted())
    checks = {"all 201": accepted == args.delegates,
              "rows == warm-up + 201s": rows == args.warmup + accepted,
              "no worker restarted": not restarted}
    return Figures(dbs.engine, setup.label, "bare insert", run, args.delegates, checks)


def _live_workers(server):
    return {pid for pid in server.worker_pids if Path(f"/proc/{pid}").exists()}


def _vote_body(rng, subjects, options):
    return {"choices": {str(s): rng.choice(options) for s in subjects},
            "idempotency_key": secrets.token_urlsafe(24)}


def run_congress(dbs, setup, args, log_dir, say, round_no=1):
    url = dbs.new(f"congress_{setup.slug}_{round_no}")
    say(f"  setting up {args.delegates} delegates through the services ...")
    m = set_up_meeting(url, args.delegates, args.kind, args.subjects)
    say(f"  set up in {m.seconds:.1f} s; starting gunicorn {setup.label}")
    server = Server("bench.ballot_burst:server_app()", setup, url, log_dir,
                    f"{dbs.engine}-{setup.label}-congress")
    checks = {}
    try:
        server.start()
        # sign in: the chair, then every delegate (not timed)
        t0 = time.perf_counter()
        logins = [("chair", "POST", "/api/v1/tokens",
                   {"username": m.chair[0], "password": m.chair[1]}, None, ())]
        logins += [(did, "POST", "/api/v1/tokens", {"username": user, "password": pin}, None, ())
                   for did, user, pin in m.delegates]
        signed = drive(server, logins, args, retry=2)
        tokens = {o.tag: o.body["token"] for o in signed.outcomes if o.status == 201}
        # Set-up, not measured: on a loaded machine a few sign-ins can outwait SQLite's busy
        # timeout (a 500); they are sent once more, alone.
        again = [job for job in logins if job[0] not in tokens]
        if again:
            signed = drive(server, again, args, retry=2)
            tokens |= {o.tag: o.body["token"] for o in signed.outcomes if o.status == 201}
        if len(tokens) != len(logins):
            raise RuntimeError(f"sign-in failed: {signed.statuses()}\n{server.log_tail()}")
        say(f"  {len(logins)} sign-ins in {time.perf_counter() - t0:.1f} s; warming up")
        chair = tokens.pop("chair")

        rng = random.Random(2026)
        warm = [(did, "POST", f"/api/v1/ballots/{m.warmup_ballot_id}/votes",
                 _vote_body(rng, m.warmup_subjects, m.warmup_options), tokens[did], ())
                for did, _, _ in m.delegates[:args.warmup]]
        warm_run = drive(server, warm, args)
        warm_closed = drive(server, [("close", "POST", f"/api/v1/ballots/{m.warmup_ballot_id}"
                                      "/close", None, chair, ())], args)
        checks["warm-up counted"] = (len(warm_run.accepted()) == len(warm)
                                     and warm_closed.outcomes[0].body["cast"] == len(warm))

        # the timed burst: every delegate at once
        jobs = [(did, "POST", f"/api/v1/ballots/{m.ballot_id}/votes",
                 _vote_body(rng, m.subjects, m.options), tokens[did], ())
                for did, _, _ in m.delegates]
        bodies = {job[0]: job[3] for job in jobs}
        say(f"  burst: {len(jobs)} votes over {min(args.connections, len(jobs))} connections")
        run = drive(server, jobs, args, measure=True)
        accepted = run.accepted()
        receipts = {o.tag: o.body["receipt"] for o in accepted}

        # resubmissions (not timed): a new key must be refused, the same key gets the receipt
        sample = [did for did in rng.sample(sorted(receipts), min(args.resubmit, len(receipts)))]
        again = [(("new", did), "POST", f"/api/v1/ballots/{m.ballot_id}/votes",
                  bodies[did] | {"idempotency_key": secrets.token_urlsafe(24)}, tokens[did], ())
                 for did in sample]
        again += [(("same", did), "POST", f"/api/v1/ballots/{m.ballot_id}/votes", bodies[did],
                   tokens[did], ()) for did in sample]
        resent = drive(server, again, args)
        new_key = [o for o in resent.outcomes if o.tag[0] == "new"]
        same_key = [o for o in resent.outcomes if o.tag[0] == "same"]
        checks[f"resend, new key: 409 already_voted ({len(sample)})"] = (
            len(new_key) == len(sample) and all(
                o.status == 409 and o.body["error"]["code"] == "already_voted" for o in new_key))
        checks[f"resend, same key: same receipt ({len(sample)})"] = (
            len(same_key) == len(sample) and all(
                o.status == 201 and o.body["receipt"] == receipts[o.tag[1]] for o in same_key))

        # close through the API and compare every count
        closed = drive(server, [("close", "POST", f"/api/v1/ballots/{m.ballot_id}/close", None,
                                 chair, ())], args).outcomes[0]
        published = drive(server, [("receipts", "GET", f"/api/v1/ballots/{m.ballot_id}/receipts",
                                     None, chair, ())], args).outcomes[0]
        restarted = server.worker_pids != _live_workers(server)
    finally:
        server.stop()

    n = len(accepted)
    expected = Counter()
    for did in receipts:
        for sid, oid in bodies[did]["choices"].items():
            expected[(int(sid), oid)] += 1
    counted = Counter()
    if closed.status == 200:
        for subject in closed.body["results"]["subjects"]:
            for oid, count in subject["counts"].items():
                counted[(subject["id"], int(oid))] += count
    stored = database_counts(url, m.ballot_id)
    mine = sorted(receipts.values())
    checks.update({
        "every delegate got 201": n == len(jobs),
        "receipts unique": len(set(mine)) == n,
        "close: cast == 201s": closed.status == 200 and closed.body["cast"] == n,
        "close: blank == 0": closed.status == 200 and closed.body["blank"] == 0,
        "results == choices sent": +counted == +expected,
        "published receipts == 201 receipts": published.status == 200
        and sorted(published.body["receipts"]) == mine
        and published.body["digest"] == hashlib.sha256("\n".join(mine).encode()).hexdigest(),
        "participations == 201s, same delegates": stored["participations"] == n
        and stored["distinct_delegates"] == n and stored["delegate_ids"] == set(receipts),
        "papers == 201s": stored["papers"] == n,
        "marks == 201s x subjects": stored["marks"] == n * len(m.subjects),
        "vote audit entries == 201s": stored["vote_audits"] == n,
        "no worker restarted": not restarted,
    })
    return Figures(dbs.engine, setup.label, "congress vote", run, len(jobs), checks)


# --- report --------------------------------------------------------------------------------------

def print_table(results, out):
    head = (f"{'engine':<10} {'setup':<12} {'endpoint':<13} {'req':>6} {'201':>6} {'other':>6} "
            f"{'wall s':>7} {'201/s':>8} {'p50 ms':>7} {'p99 ms':>8} {'srv ms/req':>10} "
            f"{'client cpu s':>12} {'machine busy':>12}")
    out(head)
    out("-" * len(head))
    for f in results:
        run = f.run
        n201 = len(run.accepted())
        out(f"{f.engine:<10} {f.setup:<12} {f.endpoint:<13} {f.requests:>6} {n201:>6} "
            f"{f.requests - n201:>6} {run.wall:>7.2f} {f.per_second:>8.0f} "
            f"{run.latency_ms(0.50):>7.1f} {run.latency_ms(0.99):>8.1f} "
            f"{1000 * run.server_cpu / max(1, len(run.outcomes)):>10.2f} "
            f"{run.client_cpu:>12.2f} {run.machine_busy:>11.0%}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegates", type=int, default=3000)
    parser.add_argument("--engines", default="sqlite,postgresql",
                        help="comma-separated: sqlite, postgresql")
    parser.add_argument("--setups", default=DEFAULT_SETUP,
                        help="comma-separated gunicorn setups: gthread:WxT or sync:W "
                             f"(default {DEFAULT_SETUP})")
    parser.add_argument("--connections", type=int, default=128,
                        help="concurrent client connections (default 128)")
    parser.add_argument("--warmup", type=int, default=200,
                        help="untimed requests per server before the burst (default 200)")
    parser.add_argument("--resubmit", type=int, default=100,
                        help="delegates who resend after the burst (default 100)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="baseline + Congress pairs per engine, alternating which goes "
                             "first; the verdict is the median ratio (default 3: the 2-core "
                             "machine's speed wanders by a third from minute to minute)")
    parser.add_argument("--kind", choices=("motion", "rating"), default="motion")
    parser.add_argument("--subjects", type=int, default=1)
    parser.add_argument("--pg-url", default=os.environ.get("CONGRESS_BENCH_PG_URL", DEFAULT_PG),
                        help="an administrative PostgreSQL URL; fresh databases are made next "
                             "to it and dropped at the end")
    parser.add_argument("--request-timeout", type=float, default=60.0)
    parser.add_argument("--time-limit", type=float, default=600.0,
                        help="upper bound in seconds for each phase of requests")
    parser.add_argument("--keep", action="store_true", help="keep the databases and logs")
    args = parser.parse_args(argv)
    args.warmup = max(0, min(args.warmup, args.delegates))
    setups = [ServerSetup.parse(s) for s in args.setups.split(",") if s]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]

    def say(text):
        print(text, file=sys.stderr, flush=True)

    log_dir = Path(tempfile.mkdtemp(prefix="congress-bench-logs-"))
    results, pairs = [], []
    interrupted = []

    def on_signal(signum, _frame):
        interrupted.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        for engine in engines:
            dbs = (SqliteDatabases(args.keep) if engine == "sqlite"
                   else PostgresDatabases(args.pg_url, args.keep))
            try:
                for setup in setups:
                    for round_no in range(1, args.rounds + 1):
                        base, vote = run_round(dbs, setup, args, log_dir, say, round_no)
                        results += [base, vote]
                        pairs.append((base, vote))
            finally:
                dbs.cleanup()
    finally:
        if not args.keep and not interrupted:
            shutil.rmtree(log_dir, ignore_errors=True)

    out = print
    out("")
    out(f"Ballot burst: {args.delegates} delegates, {args.kind} ballot with {args.subjects} "
        f"subject(s), {args.connections} keep-alive connections from one asyncio client on "
        f"127.0.0.1, {os.cpu_count()} cores")
    out("gunicorn: " + "; ".join(f"{s.label} = {' '.join(s.arguments())} "
                                 f"(pool_size {s.pool_size})" for s in setups))
    out("")
    print_table(results, out)
    out("")
    everything_once = True
    for base, vote in pairs:
        ratio = vote.per_second / base.per_second if base.per_second else 0.0
        once = all(vote.checks.values())
        everything_once &= once and all(base.checks.values())
        out(f"{vote.engine} {vote.setup}: congress {vote.per_second:.0f} votes/s ÷ baseline "
            f"{base.per_second:.0f} inserts/s = {ratio:.0%} (goal ≥ 50%: "
            f"{'met' if ratio >= 0.5 else 'missed'}); every vote counted exactly once: "
            f"{'YES' if once else 'NO'}")
        for name, ok in vote.checks.items():
            out(f"    [{'ok' if ok else 'FAIL'}] {name}")
        for name, ok in base.checks.items():
            out(f"    [{'ok' if ok else 'FAIL'}] baseline: {name}")
        for figures in (base, vote):
            odd = {k: v for k, v in figures.run.statuses().items() if k != 201}
            if odd or figures.run.unstarted:
                out(f"    {figures.endpoint}: non-201 answers {dict(odd)}, "
                    f"not sent (time limit) {figures.run.unstarted}")
    verdicts = summarise(pairs, out)
    return 0 if everything_once and verdicts else 1


def run_round(dbs, setup, args, log_dir, say, round_no):
    """One baseline run and one Congress run; odd rounds start with the baseline, even rounds
    with Congress, so neither always runs on the warmer (or the busier) machine."""
    def baseline():
        say(f"[{dbs.engine} {setup.label} round {round_no}] baseline: {args.delegates} "
            "one-row inserts")
        return run_baseline(dbs, setup, args, log_dir, round_no)

    def congress():
        say(f"[{dbs.engine} {setup.label} round {round_no}] congress")
        return run_congress(dbs, setup, args, log_dir, say, round_no)

    if round_no % 2:
        base = baseline()
        return base, congress()
    vote = congress()
    return baseline(), vote


def summarise(pairs, out):
    """The median ratio per engine and setup; True when every verdict could be made."""
    ratios = {}
    for base, vote in pairs:
        ratios.setdefault((vote.engine, vote.setup), []).append(
            vote.per_second / base.per_second if base.per_second else 0.0)
    out("")
    for (engine, setup), values in ratios.items():
        median = statistics.median(values)
        out(f"{engine} {setup}: median ratio over {len(values)} round(s) {median:.0%} "
            f"(rounds: {', '.join(f'{v:.0%}' for v in values)}; goal ≥ 50%: "
            f"{'met' if median >= 0.5 else 'missed'})")
    return bool(ratios)


if __name__ == "__main__":
    sys.exit(main())
