"""Heavy work: does a meeting keep voting and browsing while the secretariat prints every login
card and builds the archive?

For each database engine (SQLite, PostgreSQL) this script
  1. makes a fresh database with a 300-delegate meeting (all checked in) and 100 open motion
     ballots, through the services;
  2. starts the production layout: Congress under gunicorn (gthread 2x8, docs/serving.md) and
     the job worker as a process of its own (`flask jobs-worker`, queue in Redis db 3), with the
     production password hash (scrypt), so the cards job really hashes 300 PINs;
  3. signs the voters in (not timed), then drives a steady load from one client (one
     keep-alive connection, 50 requests a second at a steady pace): the meeting, its attendance, a
     ballot's turnout, a vote by the next voter (the last 50 delegates in roster order: the
     cards job writes their new PINs last);
  4. measures that load with no job running, then while the archive job runs, then while the
     cards job runs, from when the worker claims it until it starts writing the new PINs (from
     then on the delegates' tokens are revoked, as printing cards does, so their votes would be
     refused by design: the load stops there; the cards job is last for that reason);
  5. prints the p50/p95 of each phase and the ratio p95(during the jobs) / p95(no job), and
     the errors (every answer must be the expected one).

Run from the repository:  .venv/bin/python bench/heavy_work.py [--engines sqlite,postgresql]
(see bench/README.md). Needs Redis on 127.0.0.1:6379 (db 3 is flushed). Not part of the tests.
"""
import argparse
import http.client
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.ballot_burst import (  # noqa: E402
    DATABASE_ENV,
    DEFAULT_PG,
    POOL_ENV,
    STAFF_PASSWORD,
    PostgresDatabases,
    Server,
    ServerSetup,
    SqliteDatabases,
    bench_config,
    seed_room,
)

DELEGATES = 300
BALLOTS = 100
RATE = 50  # requests a second: a steady load, the same in every phase
# the voters: the last delegates in roster order, whose new PINs the cards job writes in its
# last transaction, long after the load has stopped (at the first write)
VOTERS = 50
JOBS_URL = "redis://127.0.0.1:6379/3"
GOAL = 1.5
SECRETARIAT = ("bench-secretariat", "bench-secretariat-password")


def heavy_config(url, pool_size=None):
    """The ballot bench's production settings with the production hash (scrypt): the cards job
    hashes every new PIN with it."""
    base = bench_config(url, pool_size)

    class HeavyConfig(base):
        PASSWORD_HASH_METHOD = "scrypt"
        JOBS_URL = os.environ.get("CONGRESS_JOBS_URL", JOBS_URL)
        JOBS_EMBEDDED_WORKER = False

    return HeavyConfig


def server_app():
    """gunicorn 'bench.heavy_work:server_app()' (plus GET /__bench_pid, as the ballot bench)."""
    from bench.baseline_app import pid_middleware
    from congress import create_app

    app = create_app(heavy_config(os.environ[DATABASE_ENV], os.environ.get(POOL_ENV)))
    app.wsgi_app = pid_middleware(app.wsgi_app)
    return app


def worker_app():
    """flask --app 'bench.heavy_work:worker_app()' jobs-worker"""
    from congress import create_app

    return create_app(heavy_config(os.environ[DATABASE_ENV]))


# --- set-up -------------------------------------------------------------------------------------

def set_up(url):
    """The meeting, its delegates (cheap hash for the set-up only) and open ballots."""
    import flask_migrate

    from congress import create_app
    from congress.ballots import services as ballots
    from congress.core.auth import Role
    from congress.extensions import db
    from congress.people import services as people
    from congress.records.cards import delegates_for_cards

    app = create_app(bench_config(url))
    with app.app_context():
        flask_migrate.upgrade()
        delegates = []
        chair, meeting = seed_room(DELEGATES, lambda d, pin: delegates.append(
            (d.user.username, pin)))
        people.create_user(None, username=SECRETARIAT[0], name="秘书处", role=Role.secretariat,
                           password=SECRETARIAT[1])
        ballot_ids = []
        for i in range(BALLOTS):
            ballot = ballots.create_ballot(chair, meeting, title=f"表决{i + 1}", kind="motion",
                                           subjects=[f"决议草案{i + 1}"])
            db.session.flush()
            ballots.open_ballot(chair, ballot)
            ballot_ids.append((ballot.id, ballot.subjects[0].id, ballot.options[0].id))
        db.session.commit()
        mid = meeting.id
        last = {d.user.username for d in delegates_for_cards(meeting)[-VOTERS:]}
        voters = [(u, pin) for u, pin in delegates if u in last]
        db.engine.dispose()
    return mid, voters, ballot_ids


# --- HTTP ---------------------------------------------------------------------------------------

class Client:
    """One keep-alive connection; request() returns (status, body bytes, seconds)."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, body=None, token=None):
        """One request; a connection the server closed while idle (gunicorn's keep-alive is
        2 s) is opened again once, untimed."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        for _attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.conn.request(method, path,
                                  body=None if body is None else json.dumps(body),
                                  headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, data, time.perf_counter() - started
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return 0, b"", time.perf_counter() - started

    def token(self, username, password):
        status, data, _ = self.request("POST", "/api/v1/tokens",
                                       {"username": username, "password": password})
        if status != 201:
            raise RuntimeError(f"sign-in of {username}: {status} {data[:200]!r}")
        return json.loads(data)["token"]


class Load:
    """The steady load of one client, in a thread: each request is recorded with the phase it
    was sent in; an unexpected status is an error."""

    def __init__(self, port, mid, chair_token, tokens, ballots):
        self.client = Client(port)
        self.mid, self.chair, self.tokens, self.ballots = mid, chair_token, tokens, ballots
        self.phase = "warm-up"
        self.samples = []  # (phase, request name, seconds)
        self.errors = []
        self.stopping = False
        self.votes = ((b, t) for b in ballots for t in tokens)
        self.thread = threading.Thread(target=self._run, name="load", daemon=True)

    def _run(self):
        steps = [("meeting", "GET", f"/api/v1/meetings/{self.mid}", None, 200),
                 ("attendance", "GET", f"/api/v1/meetings/{self.mid}/attendance", None, 200),
                 ("ballot", "GET", None, None, 200),
                 ("vote", "POST", None, None, 201)]
        interval, next_at = 1.0 / RATE, time.perf_counter()
        while not self.stopping:
            for name, method, path, body, expected in steps:
                next_at += interval
                time.sleep(max(0.0, next_at - time.perf_counter()))
                token = self.chair
                if name == "ballot":
                    path = f"/api/v1/ballots/{self.ballots[0][0]}"
                if name == "vote":
                    pair = next(self.votes, None)
                    if pair is None:
                        self.errors.append((self.phase, "vote", "no votes left", b""))
                        continue
                    (bid, subject, option), token = pair
                    path, body = f"/api/v1/ballots/{bid}/votes", {"choices": {
                        str(subject): option}}
                phase = self.phase
                status, data, seconds = self.client.request(method, path, body, token)
                if status != expected:
                    self.errors.append((phase, name, status, data[:200]))
                self.samples.append((phase, name, seconds))


def job_state(url, jid):
    """(status, progress) straight from the database (no request: it would add load)."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10)
        try:
            return conn.execute("SELECT status, progress FROM jobs WHERE id = ?",
                                (jid,)).fetchone()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        return conn.execute("SELECT status, progress FROM jobs WHERE id = %s",
                            (jid,)).fetchone()


def wait_job(url, jid, load, phase, until_progress=None, timeout=900, stop=None):
    """Label the load's phase while the job runs (stop the load at `until_progress`); returns
    the job's seconds."""
    deadline = time.monotonic() + timeout
    started = None
    while time.monotonic() < deadline:
        status, progress = job_state(url, jid)
        if status == "running" and started is None:
            started, load.phase = time.monotonic(), phase
        if until_progress is not None and status == "running" and progress >= until_progress:
            load.phase = f"{phase}-writing"
            if stop is not None:
                stop.stopping = True
        if status in ("done", "failed"):
            load.phase = "between"
            if status == "failed":
                raise RuntimeError(f"job {jid} failed")
            return time.monotonic() - (started or time.monotonic())
        time.sleep(0.05)
    raise RuntimeError(f"job {jid} did not finish within {timeout} s")


# --- one engine ---------------------------------------------------------------------------------

def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def run_engine(databases, args, log_dir):
    from huey import RedisHuey

    url = databases.new("heavy")
    print(f"\n== {databases.engine}: setting up {DELEGATES} delegates, {BALLOTS} open ballots")
    mid, delegates, ballots = set_up(url)
    RedisHuey("congress", url=JOBS_URL).flush()
    os.environ["CONGRESS_JOBS_URL"] = JOBS_URL
    setup = ServerSetup.parse("gthread:2x8")
    server = Server("bench.heavy_work:server_app()", setup, url, log_dir,
                    f"heavy-{databases.engine}")
    worker = None
    try:
        server.start()
        env = dict(os.environ, PYTHONPATH=str(ROOT), **{DATABASE_ENV: url})
        # the worker gets its own copy of the descriptor: ours can close at once
        with open(Path(log_dir) / f"heavy-{databases.engine}.worker.log", "wb") as worker_log:
            worker = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "bench.heavy_work:worker_app()",
                 "jobs-worker"], cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
                start_new_session=True)
        client = Client(server.port)
        chair = client.token("bench-chair", STAFF_PASSWORD)
        staff = client.token(*SECRETARIAT)
        tokens = [client.token(u, pin) for u, pin in delegates]
        load = Load(server.port, mid, chair, tokens, ballots)
        load.thread.start()
        time.sleep(args.warmup)
        load.phase = "idle"
        time.sleep(args.idle)
        status, data, _ = client.request("POST", f"/api/v1/meetings/{mid}/records/archive",
                                         {}, staff)
        assert status == 202, data
        archive_seconds = wait_job(url, json.loads(data)["job"]["id"], load, "archive")
        status, data, _ = client.request("POST", f"/api/v1/meetings/{mid}/records/cards", {},
                                         staff)
        assert status == 202, data
        cards_job = json.loads(data)["job"]["id"]
        cards_seconds = wait_job(url, cards_job, load, "cards", until_progress=0.9,
                                 stop=load)
        load.thread.join(timeout=60)
        status, data, _ = client.request("GET", f"/api/v1/jobs/{cards_job}", token=staff)
        assert json.loads(data)["status"] == "done", data
    finally:
        server.stop()
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
    return report(databases.engine, load, cards_seconds, archive_seconds)


def report(engine, load, cards_seconds, archive_seconds):
    by_phase = {}
    for phase, _name, seconds in load.samples:
        by_phase.setdefault(phase, []).append(seconds * 1000)
    idle = by_phase.get("idle", [])
    during = by_phase.get("archive", []) + by_phase.get("cards", [])
    print(f"{engine}: cards job {cards_seconds:.1f} s (300 PINs, scrypt), archive job "
          f"{archive_seconds:.1f} s")
    print(f"  {'phase':<14}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for phase in ("idle", "archive", "cards"):
        values = by_phase.get(phase, [])
        print(f"  {phase:<14}{len(values):>9}{p(values, .5):>9.1f}{p(values, .95):>9.1f}"
              f"{max(values, default=float('nan')):>9.1f}")
    ratio = p(during, .95) / p(idle, .95)
    errors = [e for e in load.errors if e[0] in ("idle", "archive", "cards")]
    verdict = "OK" if ratio <= GOAL and not errors else "NOT MET"
    print(f"  p95 during the jobs / p95 with no job: {p(during, .95):.1f} / {p(idle, .95):.1f} "
          f"ms = {ratio:.2f}x (goal <= {GOAL}x); errors: {len(errors)}  -> {verdict}")
    for error in errors[:5]:
        print("   ", error)
    return {"engine": engine, "ratio": ratio, "errors": len(errors),
            "idle_p95": p(idle, .95), "during_p95": p(during, .95),
            "cards_s": cards_seconds, "archive_s": archive_seconds,
            "median_idle": statistics.median(idle) if idle else None}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--postgres", default=DEFAULT_PG, help="admin URL to create databases")
    parser.add_argument("--idle", type=float, default=20.0,
                        help="seconds of load with no job, before the jobs")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    log_dir = tempfile.mkdtemp(prefix="congress-heavy-")
    results = []
    for engine in args.engines.split(","):
        databases = (SqliteDatabases(args.keep) if engine == "sqlite"
                     else PostgresDatabases(args.postgres, args.keep))
        try:
            results.append(run_engine(databases, args, log_dir))
        finally:
            databases.cleanup()
    print(f"\nlogs: {log_dir}")
    return 0 if all(r["ratio"] <= GOAL and not r["errors"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
