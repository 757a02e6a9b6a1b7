"""While a job runs, everyone else is served as usual (issue 13): during a 300-card job (scrypt,
as in production, so it really is long) and during an archive job, a delegate's login, check-in
and vote are all answered, and answered while the job is still running (a job that held the
write lock would keep them waiting until it ends). A live server (threads, as `flask run`) and
a real worker thread (the embedded default) share the process, as with `make run`. How long
the answers take beside a bare baseline is measured by bench/heavy_work.py, not here: timings
are the machine's, not the code's."""
import http.client
import json
import threading
import time
from dataclasses import dataclass

import pytest
from werkzeug.serving import make_server

from congress.extensions import db
from tests.helpers import wait_for

CARDS = 300


@dataclass
class Probe:
    username: str
    pin: str
    delegate_id: int


@pytest.fixture
def server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="jobs-live-server", daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def worker(app):
    """Two worker threads: the archive runs while the cards job still hashes (one test run
    as long as the cards job, not as both)."""
    queue = app.extensions["jobs"]
    queue.start_worker(workers=2)
    yield queue
    queue.stop_worker()  # graceful: waits for a running job


def _call(port, method, path, body=None, token=None):
    """(status, JSON, seconds) of one request on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers=headers)
    response = conn.getresponse()
    data = response.read()
    seconds = time.perf_counter() - started
    conn.close()
    return response.status, (json.loads(data) if data else None), seconds


def _meeting(app, monkeypatch):
    """300 delegates for the cards, 3 probes (their PINs hashed with scrypt), 160 checked in
    (a quorum), an open motion ballot; staff accounts. Returns (mid, bid, subject id, option
    id, the 300 ids, probes, secretariat and chair credentials)."""
    from congress.ballots import services as ballots
    from congress.core.auth import Role
    from congress.meetings import services as meetings
    from congress.people import delegates, services as people

    with app.app_context():
        meeting = meetings.create_meeting(None, title="基准年会", year=2026)
        groups = [delegates.create_delegation(None, meeting.congress, f"第{i + 1}代表团")
                  for i in range(9)]
        cards = []
        for i in range(CARDS):
            delegate, _pin = delegates.create_delegate(
                None, meeting.congress, name=f"代表{i + 1:03d}", delegation=groups[i % 9])
            cards.append(delegate)
            if i < 160:
                meetings.check_in(None, meeting, delegate, "desk")
        db.session.commit()
        monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt")
        probes = []
        for i in range(3):
            delegate, pin = delegates.create_delegate(
                None, meeting.congress, name=f"测量代表{i + 1}", delegation=groups[0])
            db.session.flush()
            probes.append(Probe(delegate.user.username, pin, delegate.id))
        secretariat, _ = people.create_user(None, username="jobs-secretariat", name="秘书处",
                                            role=Role.secretariat, password="secretariat-pw-1")
        chair, _ = people.create_user(None, username="jobs-chair", name="主持人",
                                      role=Role.chair, password="chair-pw-1")
        ballot = ballots.create_ballot(chair, meeting, title="表决", kind="motion",
                                       subjects=["关于两个工作报告的决议"])
        db.session.commit()
        ballots.open_ballot(chair, ballot)
        db.session.commit()
        subject = ballot.subjects[0].id
        option = ballot.options[0].id
        return (meeting.id, ballot.id, subject, option, [d.id for d in cards], probes,
                ("jobs-secretariat", "secretariat-pw-1"))


def _token(port, username, password):
    status, body, _ = _call(port, "POST", "/api/v1/tokens",
                            {"username": username, "password": password})
    assert status == 201, body
    return body["token"]


def _job_status(app, jid):
    from congress.core.jobs import Job

    with app.app_context():
        try:
            return db.session.get(Job, jid).status.value
        finally:
            db.session.remove()


def _three_requests(port, probe, mid, bid, subject, option):
    """The delegate signs in, checks in and votes, each answered with success."""
    status, body, _ = _call(port, "POST", "/api/v1/tokens",
                                  {"username": probe.username, "password": probe.pin})
    assert status == 201, body
    token = body["token"]
    status, body, _ = _call(port, "POST", f"/api/v1/meetings/{mid}/checkins", {},
                                    token)
    assert status in (200, 201), body
    status, body, _ = _call(port, "POST", f"/api/v1/ballots/{bid}/votes",
                                 {"choices": {str(subject): option}}, token)
    assert status == 201, body


def _wait_running(app, jid):
    wait_for(lambda: _job_status(app, jid) == "running", timeout=60)


def test_login_checkin_and_vote_are_answered_while_jobs_run(app, server, worker, monkeypatch):
    port = server
    mid, bid, subject, option, card_ids, probes, secretariat = _meeting(app, monkeypatch)
    staff = _token(port, *secretariat)
    _three_requests(port, probes[2], mid, bid, subject, option)  # no job running

    status, body, _ = _call(port, "POST", f"/api/v1/meetings/{mid}/records/cards",
                            {"delegate_ids": card_ids}, staff)
    assert status == 202, body
    cards_job = body["job"]["id"]
    _wait_running(app, cards_job)
    _three_requests(port, probes[0], mid, bid, subject, option)
    assert _job_status(app, cards_job) == "running", "the cards job ended before the requests"

    status, body, _ = _call(port, "POST", f"/api/v1/meetings/{mid}/records/archive", {}, staff)
    assert status == 202, body
    archive_job = body["job"]["id"]
    _wait_running(app, archive_job)
    _three_requests(port, probes[1], mid, bid, subject, option)
    assert _job_status(app, archive_job) == "running", "the archive ended before the requests"

    for jid in (archive_job, cards_job):
        wait_for(lambda jid=jid: _job_status(app, jid) in ("done", "failed"), timeout=900)
        status, body, _ = _call(port, "GET", f"/api/v1/jobs/{jid}", token=staff)
        assert (body["status"], body["progress"]) == ("done", 1), body
