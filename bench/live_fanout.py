"""Live fan-out: N tablets hold Server-Sent-Events streams; one queue change reaches them all.

For each database engine (PostgreSQL, SQLite) this script
  1. makes a fresh database, migrates it, and sets up through the services a meeting of N
     checked-in delegates, each with an API token (issued directly with
     congress.people.services.issue_token: N sign-ins would only cost set-up time), and a debrief
     in the questions step;
  2. starts Congress as in production (docs/serving.md): a stream server, gunicorn with one
     gevent worker, and an app server, gunicorn gthread 2x8, on the same database;
  3. opens one SSE stream per delegate to GET /api/v1/meetings/{mid}/events on the stream server
     from one asyncio client (this process, 127.0.0.1 only), each with that delegate's bearer
     token, and waits until every stream has sent its first comment and the stream worker's
     broker counts N subscribers; the stream worker's RSS before and after gives the memory per
     connection;
  4. warms up with one queue change (delegate 1 requests the floor) that every stream must
     receive, then times one more: delegate 2's POST /api/v1/queues/{qid}/requests to the app
     server. Per stream: the time from just before that request is sent to the arrival of its
     `queue` event; p50, p95, max, and the streams that got nothing in time or were dropped;
  5. does the same against a bare broadcast (bench/bare_broadcast.py: a minimal Flask app under
     the same gunicorn gevent setup, poked over HTTP) with the same client, and prints the ratio
     of the p95s.

Run from the repository:  .venv/bin/python bench/live_fanout.py [--streams 5000]
(see bench/README.md). Not part of the test suite.
"""
import argparse
import asyncio
import contextlib
import json
import math
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.ballot_burst import (  # noqa: E402
    DEFAULT_PG,
    Connection,
    PostgresDatabases,
    Server,
    ServerSetup,
    SqliteDatabases,
    machine_cpu,
    process_cpu,
    server_app,
)

STREAM_INFO_PATH = "/__bench_stream"
MARKER = b"event: queue\n"
CONNECTED = b": connected"
WARM_STREAMS = 10


# --- the server side ------------------------------------------------------------------------------

def stream_app():
    """gunicorn -k gevent 'bench.live_fanout:stream_app()': Congress with the bench config (as
    bench.ballot_burst.server_app), plus GET /__bench_stream: the worker's pid, the broker's
    subscriber count and how psycopg waits (it must not be the C wait under gevent)."""
    app = server_app()
    inner = app.wsgi_app

    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") == STREAM_INFO_PATH:
            broker = app.extensions["live_broker"]
            info = {"pid": os.getpid(),
                    "subscribers": broker.subscriber_count() if broker else 0,
                    "gevent_patched": _gevent_patched()}
            waiting = sys.modules.get("psycopg.waiting")
            info["psycopg_wait"] = getattr(getattr(waiting, "wait", None), "__name__", None)
            body = json.dumps(info).encode()
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        return inner(environ, start_response)

    app.wsgi_app = wsgi
    return app


def _gevent_patched():
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey and monkey.is_module_patched("select"))


class FanoutDatabases(PostgresDatabases):
    """PostgreSQL databases named congress_fanout_<pid>_<name>, dropped at the end."""

    def new(self, name):
        dbname = f"congress_fanout_{os.getpid()}_{name}"
        with self._connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{dbname}"')
        self.created.append(dbname)
        return self.admin.set(database=dbname).render_as_string(hide_password=False)


@dataclass
class GeventSetup:
    """One gunicorn gevent worker: the stream process of docs/serving.md."""
    workers: int = 1
    connections: int = 10_000
    threads: int = 1

    label = property(lambda self: f"gevent:{self.workers}x{self.connections}")
    # a stream holds a database connection only while it authenticates and reads its backlog
    pool_size = 10

    def arguments(self):
        return ["--workers", str(self.workers), "--worker-class", "gevent",
                "--worker-connections", str(self.connections), "--graceful-timeout", "5"]


# --- the meeting, through the services ----------------------------------------------------------

@dataclass
class Meeting:
    meeting_id: int
    queue_id: int
    tokens: list                # one bearer token per delegate, in creation order
    seconds: float = 0.0


def set_up_meeting(url, n):
    import flask_migrate

    from bench.ballot_burst import bench_config, seed_room
    from congress import create_app
    from congress.debriefs import services as debriefs
    from congress.extensions import db
    from congress.people import services as people

    started = time.perf_counter()
    app = create_app(bench_config(url))
    with app.app_context():
        flask_migrate.upgrade()
        tokens = []
        chair, meeting = seed_room(n, lambda d, pin: tokens.append(people.issue_token(d.user)))
        debrief = debriefs.create_debrief(chair, meeting, reporter_name="王书记",
                                          reporter_title="第一代表团书记")
        debriefs.set_phase(chair, debrief, "report")
        debriefs.set_phase(chair, debrief, "questions")
        db.session.commit()
        result = Meeting(meeting.id, debrief.queue.id, tokens)
        db.session.remove()
        db.engine.dispose()
    result.seconds = time.perf_counter() - started
    return result


# --- the client: N streams in one asyncio loop ----------------------------------------------------

class Stream:
    """One SSE stream. Counts `queue` events and notes when each arrived; keeps no body."""
    __slots__ = ("writer", "task", "status", "connected", "arrivals", "tail", "error", "closed")

    def __init__(self):
        self.writer = self.task = self.status = None
        self.connected = asyncio.Event()
        self.arrivals = []
        self.tail = b""
        self.error = None
        self.closed = False

    def feed(self, data, now):
        scan = self.tail + data
        for _ in range(scan.count(MARKER)):
            self.arrivals.append(now)
        self.tail = scan[-(len(MARKER) - 1):]

    async def run(self, port, path, token, gate):
        try:
            async with gate:  # bounded concurrent handshakes; the stream is held after it
                reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
                head = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}",
                        "Accept: text/event-stream", "Cache-Control: no-cache"]
                if token:
                    head.append(f"Authorization: Bearer {token}")
                self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = await reader.read(65536)
                    if not chunk:
                        raise ConnectionError("closed before the response head")
                    data += chunk
                header, _, body = data.partition(b"\r\n\r\n")
                self.status = int(header.split(None, 2)[1])
                if self.status != 200:
                    raise ConnectionError(f"HTTP {self.status}")
                while CONNECTED not in body:
                    chunk = await reader.read(65536)
                    if not chunk:
                        raise ConnectionError("closed before the first comment")
                    body += chunk
                self.feed(body, time.perf_counter())
                self.connected.set()
            while True:
                data = await reader.read(65536)
                if not data:
                    self.closed = True
                    return
                self.feed(data, time.perf_counter())
        except asyncio.CancelledError:
            raise
        except (OSError, ConnectionError, ValueError, IndexError) as exc:
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.connected.set()  # also on failure: the waiter counts failures separately

    async def close(self):
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
        if self.writer is not None:
            self.writer.close()


async def open_streams(port, path, tokens, handshakes, time_limit):
    gate = asyncio.Semaphore(handshakes)
    streams = []
    for token in tokens:
        stream = Stream()
        stream.task = asyncio.create_task(stream.run(port, path, token, gate))
        streams.append(stream)
    waiting = asyncio.gather(*(s.connected.wait() for s in streams))
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(waiting, time_limit)
    return streams


async def wait_for_events(streams, count, timeout):
    """Until every live stream has `count` queue events, or the timeout."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if all(len(s.arrivals) >= count or s.error or s.closed for s in streams):
            return
        await asyncio.sleep(0.01)


async def get_json(port, path):
    conn = Connection(port)
    try:
        status, body = await conn.request("GET", path)
        return body if status == 200 else None
    finally:
        await conn.close()


async def wait_subscribers(port, n, timeout=15.0):
    deadline = time.monotonic() + timeout
    info = None
    while time.monotonic() < deadline:
        info = await get_json(port, STREAM_INFO_PATH)
        if info and info["subscribers"] >= n:
            break
        await asyncio.sleep(0.2)
    return info


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# --- one measurement: N streams, a warm-up change, the timed change -----------------------------

@dataclass
class Figures:
    label: str
    streams: int
    connected: int = 0
    subscribers: int = 0           # the server's own count once all were connected
    subscribers_after: int = 0     # ... and after the timed change
    connect_seconds: float = 0.0
    rss_before_kib: int = 0
    rss_after_kib: int = 0
    latencies: list = field(default_factory=list)   # seconds, streams that got the event
    missed: int = 0                # connected, but no event within the timeout
    dropped: int = 0               # connected, then closed or failed before the end
    failed: int = 0                # never connected
    change_status: int = 0
    change_ms: float = 0.0
    server_cpu: float = 0.0        # stream worker CPU seconds during the timed change
    machine_busy: float = 0.0
    restarted: bool = False
    info: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    def q(self, quantile):
        values = sorted(self.latencies)
        if not values:
            return float("nan")
        return values[min(len(values) - 1, max(0, math.ceil(quantile * len(values)) - 1))] * 1000

    @property
    def kib_per_stream(self):
        return (self.rss_after_kib - self.rss_before_kib) / max(1, self.connected - WARM_STREAMS)

    @property
    def held_all(self):
        return (self.connected == self.streams and self.subscribers_after >= self.streams
                and not (self.missed or self.dropped or self.failed))


async def measure(label, stream_port, stream_path, tokens, worker_pid, change, args):
    """`change(conn, which)` makes one change and returns the HTTP status; it is called twice
    (which = 0: the warm-up, 1: the timed one), each time on a connection opened beforehand."""
    figures = Figures(label, len(tokens))
    # the first few streams warm the worker up (imports, the broker, the pool); the memory per
    # connection is what the rest add. (Streams closed here would linger on the server until
    # their next heartbeat write, so they are kept and counted.)
    first = await open_streams(stream_port, stream_path, tokens[:WARM_STREAMS], WARM_STREAMS, 60)
    await asyncio.sleep(1.0)
    figures.rss_before_kib = rss_kib(worker_pid)

    t0 = time.perf_counter()
    streams = first + await open_streams(stream_port, stream_path, tokens[WARM_STREAMS:],
                                         args.handshakes, args.connect_limit)
    figures.connect_seconds = time.perf_counter() - t0
    ok = [s for s in streams if s.status == 200 and s.error is None and not s.closed]
    figures.connected = len(ok)
    figures.failed = len(streams) - len(ok)
    info = await wait_subscribers(stream_port, len(ok))
    figures.info = info or {}
    figures.subscribers = (info or {}).get("subscribers", 0)
    await asyncio.sleep(1.0)
    figures.rss_after_kib = rss_kib(worker_pid)

    # warm-up: every stream must see one queue event before the timed one
    before = [len(s.arrivals) for s in ok]
    conn = Connection(args.change_port)
    try:
        await conn.open()
        await change(conn, 0)
    finally:
        await conn.close()
    await wait_for_events(ok, 1 + max(before, default=0), args.event_timeout)
    base = [len(s.arrivals) for s in ok]

    # the timed change: its connection is open before the clock starts (keep-alive would
    # not do: gunicorn closes an idle one after 2 s)
    conn = Connection(args.change_port)
    try:
        await conn.open()
        cpu0, (busy0, total0) = process_cpu(worker_pid), machine_cpu()
        t0 = time.perf_counter()
        figures.change_status = await change(conn, 1)
        figures.change_ms = (time.perf_counter() - t0) * 1000
    finally:
        await conn.close()
    await wait_for_events(ok, max(base, default=0) + 1, args.event_timeout)
    busy1, total1 = machine_cpu()
    figures.server_cpu = process_cpu(worker_pid) - cpu0
    figures.machine_busy = (busy1 - busy0) / max(1, total1 - total0)

    for stream, seen in zip(ok, base, strict=True):
        if len(stream.arrivals) > seen:
            figures.latencies.append(stream.arrivals[seen] - t0)
        elif not (stream.error or stream.closed):
            figures.missed += 1
        if stream.error or stream.closed:
            figures.dropped += 1  # lost after it was connected, with or without the event
    for stream in streams:
        if stream.error:
            key = stream.error.split(":")[0]
            figures.errors[key] = figures.errors.get(key, 0) + 1
    info = await get_json(stream_port, STREAM_INFO_PATH)
    figures.subscribers_after = (info or {}).get("subscribers", 0)
    await asyncio.gather(*(s.close() for s in streams))
    return figures


# --- the two servers ---------------------------------------------------------------------------

def run_congress(dbs, args, log_dir, say):
    url = dbs.new("fanout")
    say(f"  setting up {args.streams} delegates with tokens and a debrief through the services ...")
    m = set_up_meeting(url, args.streams + 2)
    say(f"  set up in {m.seconds:.1f} s; starting the stream server (gunicorn "
        f"{GeventSetup(connections=args.worker_connections).label}) and the app server "
        f"(gunicorn {args.app_setup.label})")
    streams = Server("bench.live_fanout:stream_app()",
                     GeventSetup(connections=args.worker_connections), url, log_dir,
                     f"{dbs.engine}-streams")
    app = Server("bench.ballot_burst:server_app()", args.app_setup, url, log_dir,
                 f"{dbs.engine}-app")
    try:
        streams.start()
        app.start()
        (pid,) = streams.worker_pids
        args.change_port = app.port
        # delegates 1 and 2 make the changes; every delegate, them included, holds a stream
        askers, holders = m.tokens[:2], m.tokens[2:]

        async def change(conn, which):
            status, body = await conn.request("POST", f"/api/v1/queues/{m.queue_id}/requests",
                                              {"kind": "question"}, askers[which])
            if status != 201:
                say(f"  queue change {which}: HTTP {status} {body}")
            return status

        say(f"  opening {len(holders)} streams ...")
        figures = asyncio.run(measure(f"congress ({dbs.engine})", streams.port,
                                      f"/api/v1/meetings/{m.meeting_id}/events", holders, pid,
                                      change, args))
        figures.restarted = streams.worker_pids != _live(streams) or app.worker_pids != _live(app)
    finally:
        app.stop()
        streams.stop()
    return figures


def run_bare(args, log_dir, say):
    server = Server("bench.bare_broadcast:server_app()",
                    GeventSetup(connections=args.worker_connections), "", log_dir, "bare")
    try:
        server.start()
        (pid,) = server.worker_pids
        args.change_port = server.port

        async def change(conn, which):
            # a body the size of Congress's queue event
            status, _ = await conn.request("POST", "/poke", {
                "queue_id": 1, "debrief_id": 1, "action": "request", "open": True,
                "waiting": [1, 2][:which + 1], "request_id": which + 1, "delegate_id": which + 1,
                "status": "waiting"})
            return status

        say(f"  opening {args.streams} streams ...")
        figures = asyncio.run(measure("bare broadcast", server.port, "/events",
                                      [None] * args.streams, pid, change, args))
        figures.restarted = server.worker_pids != _live(server)
    finally:
        server.stop()
    return figures


def _live(server):
    return {pid for pid in server.worker_pids if Path(f"/proc/{pid}").exists()}


# --- report ---------------------------------------------------------------------------------------

def print_table(results, out):
    head = (f"{'server':<24} {'streams':>7} {'held':>6} {'failed':>6} {'connect s':>9} "
            f"{'KiB/conn':>8} {'change':>6} {'change ms':>9} {'got it':>6} {'missed':>6} "
            f"{'dropped':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'worker cpu s':>12} "
            f"{'machine':>7}")
    out(head)
    out("-" * len(head))
    for f in results:
        out(f"{f.label:<24} {f.streams:>7} {f.subscribers:>6} {f.failed:>6} "
            f"{f.connect_seconds:>9.1f} {f.kib_per_stream:>8.1f} {f.change_status:>6} "
            f"{f.change_ms:>9.1f} {len(f.latencies):>6} {f.missed:>6} {f.dropped:>7} "
            f"{f.q(0.5):>7.1f} {f.q(0.95):>7.1f} {f.q(1.0):>7.1f} {f.server_cpu:>12.2f} "
            f"{f.machine_busy:>6.0%}")


def raise_file_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard == resource.RLIM_INFINITY else max(soft, min(hard, needed))
    if want != soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--streams", type=int, default=5000,
                        help="SSE connections, one per delegate (default 5000)")
    parser.add_argument("--engines", default="postgresql,sqlite",
                        help="comma-separated: postgresql, sqlite")
    parser.add_argument("--app-setup", default="gthread:2x8", type=ServerSetup.parse,
                        help="the app server that takes the queue change (default gthread:2x8)")
    parser.add_argument("--worker-connections", type=int, default=10_000,
                        help="gunicorn --worker-connections of the gevent stream worker")
    parser.add_argument("--handshakes", type=int, default=200,
                        help="streams being opened at once (default 200)")
    parser.add_argument("--connect-limit", type=float, default=300.0,
                        help="seconds allowed to open all streams")
    parser.add_argument("--event-timeout", type=float, default=30.0,
                        help="seconds a stream may take to get the event before it counts as "
                             "missed")
    parser.add_argument("--pg-url", default=os.environ.get("CONGRESS_BENCH_PG_URL", DEFAULT_PG),
                        help="an administrative PostgreSQL URL; a fresh database is made next "
                             "to it and dropped at the end")
    parser.add_argument("--keep", action="store_true", help="keep the databases and logs")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]

    def say(text):
        print(text, file=sys.stderr, flush=True)

    # the client holds N sockets, and so does the stream worker (it inherits the limit)
    limit = raise_file_limit(args.streams + 1000)
    if limit < args.streams + 100:
        say(f"open-file limit {limit} is below {args.streams + 100}: raise the hard limit")
        return 2

    log_dir = Path(tempfile.mkdtemp(prefix="congress-bench-logs-"))
    results = []
    interrupted = []

    def on_signal(signum, _frame):
        interrupted.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        say(f"[bare broadcast] {args.streams} streams")
        bare = run_bare(args, log_dir, say)
        results.append(bare)
        for engine in engines:
            dbs = (SqliteDatabases(args.keep) if engine == "sqlite"
                   else FanoutDatabases(args.pg_url, args.keep))
            try:
                say(f"[congress {engine}] {args.streams} streams")
                results.append(run_congress(dbs, args, log_dir, say))
            finally:
                dbs.cleanup()
    finally:
        if not args.keep and not interrupted:
            shutil.rmtree(log_dir, ignore_errors=True)
        else:
            say(f"logs kept in {log_dir}")

    out = print
    out("")
    out(f"Live fan-out: {args.streams} SSE streams from one asyncio client on 127.0.0.1, "
        f"{os.cpu_count()} cores; stream server gunicorn -k gevent, 1 worker, "
        f"--worker-connections {args.worker_connections}; queue change through the app server "
        f"gunicorn {args.app_setup.label}; open-file limit {limit}")
    out("latency = from just before the change's request is sent to the arrival of the "
        "stream's queue event")
    out("")
    print_table(results, out)
    out("")
    for f in results:
        extra = [f"server info {f.info}"] if f.info else []
        if f.errors:
            extra.append(f"client errors {f.errors}")
        if f.restarted:
            extra.append("A WORKER RESTARTED")
        out(f"{f.label}: RSS {f.rss_before_kib / 1024:.1f} -> {f.rss_after_kib / 1024:.1f} MiB; "
            + "; ".join(extra))
    goal = True
    for f in results[1:]:
        ratio = f.q(0.95) / bare.q(0.95) if bare.latencies else float("nan")
        met = f.held_all and ratio <= 2.5
        if "postgresql" in f.label:
            goal &= met
            note = ""
        else:  # no NOTIFY: the stream worker finds the row on its next poll
            note = (" — SQLite has no NOTIFY: the event waits for the stream worker's next poll "
                    "(LIVE_POLL_SECONDS); the goal is PostgreSQL's")
        out(f"{f.label}: p95 {f.q(0.95):.1f} ms ÷ bare {bare.q(0.95):.1f} ms = {ratio:.2f}x; "
            f"held {f.subscribers_after}/{f.streams} after the change, "
            f"{f.missed} missed, {f.dropped} dropped, {f.failed} never connected "
            f"(goal: all held, none dropped, ≤ 2.5x: {'met' if met else 'missed'}){note}")
    return 0 if goal and bare.held_all else 1


if __name__ == "__main__":
    sys.exit(main())
