"""Jobs (congress/core/jobs.py): login cards and the archive are queued (202), run by a real
huey worker, follow their progress in live events, keep their file for their creator and the
secretariat only, survive a restart of the web server and report failures."""
import io
import json
import zipfile
from datetime import timedelta

import pytest

from congress.extensions import db
from tests.helpers import bearer, login, run_queued_jobs, token_for, wait_for
from tests.records.test_cards import LUYANG, YAOHAI, printed_pins, signs_in

JOB_FIELDS = {"id", "kind", "status", "progress"}


@pytest.fixture
def roster(make):
    mid = make.meeting(title="中共合肥市第十二次代表大会2026年年会")
    yaohai = [make.delegate(mid, delegation=YAOHAI) for _ in range(3)]
    luyang = [make.delegate(mid, delegation=LUYANG) for _ in range(2)]
    return {"mid": mid, "everyone": yaohai + luyang, "yaohai": yaohai, "luyang": luyang,
            "secretariat": make.user("secretariat")}


@pytest.fixture
def worker(app):
    """A real huey consumer (a worker thread) on the app's queue, stopped after the test."""
    queue = app.extensions["jobs"]
    queue.huey.flush()
    queue.start_worker()
    yield queue
    queue.stop_worker()


def _headers(client, account):
    return bearer(token_for(client, account))


def _cards(client, mid, headers, body=None):
    return client.post(f"/api/v1/meetings/{mid}/records/cards", json=body or {},
                       headers=headers)


def _job(client, jid, headers):
    return client.get(f"/api/v1/jobs/{jid}", headers=headers)


def _row(app, jid):
    from congress.core.jobs import Job

    with app.app_context():
        job = db.session.get(Job, jid)
        db.session.expunge_all()
        return job


def _job_events(app, jid):
    from congress.core.live import Event

    with app.app_context():
        events = db.session.scalars(db.select(Event).where(Event.type == "job")
                                    .order_by(Event.id)).all()
        return [e.data for e in events if e.data["id"] == jid]


def _audit(app, action):
    from congress.core.audit import AuditEntry

    with app.app_context():
        return [(e.actor_id, e.meeting_id, e.after) for e in db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))]


# --- the contract -------------------------------------------------------------------------------

def test_cards_answer_202_with_a_queued_job(app, client, roster):
    headers = _headers(client, roster["secretariat"])
    r = _cards(client, roster["mid"], headers)
    assert r.status_code == 202
    job = r.get_json()["job"]
    assert set(job) == JOB_FIELDS
    assert (job["kind"], job["status"], job["progress"]) == ("cards", "queued", 0)
    assert r.headers["Location"] == f"/api/v1/jobs/{job['id']}"
    assert _job(client, job["id"], headers).get_json() == job
    r = client.get(f"/api/v1/jobs/{job['id']}/result", headers=headers)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "job_not_done"
    assert _audit(app, "job.enqueue") == [(roster["secretariat"].id, roster["mid"],
                                           {"job": job["id"], "kind": "cards"})]


def test_archive_answers_202_and_its_file_is_the_zip(app, client, roster):
    headers = _headers(client, roster["secretariat"])
    r = client.post(f"/api/v1/meetings/{roster['mid']}/records/archive", headers=headers)
    assert r.status_code == 202
    job = r.get_json()["job"]
    assert (job["kind"], job["status"]) == ("archive", "queued")
    assert run_queued_jobs(app) == 1
    done = _job(client, job["id"], headers).get_json()
    assert done == {"id": job["id"], "kind": "archive", "status": "done", "progress": 1,
                    "result_url": f"/api/v1/jobs/{job['id']}/result"}
    r = client.get(done["result_url"], headers=headers)
    assert r.status_code == 200 and r.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.data)).namelist()
    assert {"纪要.pdf", "代表签到表.pdf", "年会数据.json", "归档说明.txt"} <= set(names)
    assert not any("card" in name for name in names)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_old_cards_pdf_answers_405(client, roster, method):
    r = client.open(f"/api/v1/meetings/{roster['mid']}/records/cards.pdf", method=method,
                    headers=_headers(client, roster["secretariat"]))
    assert r.status_code == 405 and r.get_json()["error"]["code"] == "method_not_allowed"


def test_cards_run_and_their_pins_work(app, client, roster):
    headers = _headers(client, roster["secretariat"])
    job = _cards(client, roster["mid"], headers, {"delegation": YAOHAI}).get_json()["job"]
    run_queued_jobs(app)
    done = _job(client, job["id"], headers).get_json()
    assert (done["status"], done["progress"]) == ("done", 1)
    r = client.get(done["result_url"], headers=headers)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    pins = printed_pins(r.data)
    assert set(pins) == {a.username for a in roster["yaohai"]}
    for account in roster["yaohai"]:
        assert signs_in(client, account.username, pins[account.username])
        assert not signs_in(client, account.username, account.password)
    for account in roster["luyang"]:
        assert signs_in(client, account.username, account.password)
    done_entries = _audit(app, "job.done")
    assert [(a, m, e["job"]) for a, m, e in done_entries] == [
        (roster["secretariat"].id, roster["mid"], job["id"])]
    assert len(_audit(app, "delegate.issue_card")) == 3


def test_progress_is_announced_and_reaches_1(app, client, make, roster):
    make.delegates(roster["mid"], 120, delegation=LUYANG)  # enough for several progress steps
    headers = _headers(client, roster["secretariat"])
    jid = _cards(client, roster["mid"], headers).get_json()["job"]["id"]
    run_queued_jobs(app)
    events = _job_events(app, jid)
    assert all(set(e) == JOB_FIELDS for e in events)  # never content
    assert [e["status"] for e in events[:2]] == ["queued", "running"]
    assert events[-1] == {"id": jid, "kind": "cards", "status": "done", "progress": 1}
    progress = [e["progress"] for e in events]
    assert progress == sorted(progress) and len(set(progress)) > 10
    assert _row(app, jid).progress == 1


def test_one_cards_job_of_a_meeting_at_a_time(client, roster):
    headers = _headers(client, roster["secretariat"])
    assert _cards(client, roster["mid"], headers).status_code == 202
    r = _cards(client, roster["mid"], headers)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "job_running"


# --- who may see a job --------------------------------------------------------------------------

def test_creator_and_secretariat_see_the_job_and_its_file_others_do_not(app, client, make,
                                                                        roster):
    creator = _headers(client, roster["secretariat"])
    jid = _cards(client, roster["mid"], creator, {"delegation": YAOHAI}).get_json()["job"]["id"]
    run_queued_jobs(app)
    colleague = _headers(client, make.user("secretariat"))
    for headers in (creator, colleague):
        assert _job(client, jid, headers).status_code == 200
        assert client.get(f"/api/v1/jobs/{jid}/result", headers=headers).status_code == 200
    for account in (make.user("chair"), roster["luyang"][0], make.user("observer")):
        headers = _headers(client, account)
        for url in (f"/api/v1/jobs/{jid}", f"/api/v1/jobs/{jid}/result"):
            r = client.get(url, headers=headers)
            assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"
    r = _job(client, "0" * 32, creator)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/jobs/{jid}").status_code == 401


@pytest.mark.parametrize("role", ["chair", "delegate", "observer"])
def test_only_the_secretariat_queues_cards_and_archives(app, client, make, roster, role):
    account = roster["yaohai"][0] if role == "delegate" else make.user(role)
    headers = _headers(client, account)
    for path in ("cards", "archive"):
        r = client.post(f"/api/v1/meetings/{roster['mid']}/records/{path}", json={},
                        headers=headers)
        assert r.status_code == 403
    assert run_queued_jobs(app) == 0


def test_the_cards_file_is_erased_after_its_keeping_time(app, client, roster):
    from congress.core.job_worker import purge_expired_results
    from congress.core.jobs import Job
    from congress.core.time import utcnow

    headers = _headers(client, roster["secretariat"])
    jid = _cards(client, roster["mid"], headers).get_json()["job"]["id"]
    run_queued_jobs(app)
    with app.app_context():
        job = db.session.get(Job, jid)
        assert timedelta(minutes=14) < job.result_expires_at - job.finished_at <= \
            timedelta(minutes=15)
        job.result_expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        purge_expired_results()
        assert db.session.get(Job, jid).result is None
    assert "result_url" not in _job(client, jid, headers).get_json()
    r = client.get(f"/api/v1/jobs/{jid}/result", headers=headers)
    assert r.status_code == 410 and r.get_json()["error"]["code"] == "result_gone"


# --- a real worker, a restart, a failure ------------------------------------------------------

def test_a_worker_thread_runs_the_job_end_to_end(app, client, roster, worker):
    from tests import pdftools

    headers = _headers(client, roster["secretariat"])
    jid = _cards(client, roster["mid"], headers).get_json()["job"]["id"]
    done = wait_for(lambda: (lambda j: j if j["status"] == "done" else None)(
        _job(client, jid, headers).get_json()))
    data = client.get(done["result_url"], headers=headers).data
    assert sorted(pdftools.qr_codes(data)) == sorted(
        f"http://localhost/login?u={a.username}" for a in roster["everyone"])
    pins = printed_pins(data)
    assert all(signs_in(client, a.username, pins[a.username]) for a in roster["everyone"])


def _fresh_app(app):
    """Another app on the same database and queue, as after a restart of the server."""
    from config import TestConfig
    from congress import create_app

    class Restarted(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        JOBS_URL = app.config["JOBS_URL"]

    return create_app(Restarted)


def test_a_queued_job_survives_a_restart(app, client, roster):
    app.extensions["jobs"].huey.flush()
    headers = _headers(client, roster["secretariat"])
    jid = _cards(client, roster["mid"], headers).get_json()["job"]["id"]
    restarted = _fresh_app(app)
    queue = restarted.extensions["jobs"]
    queue.start_worker()
    try:
        wait_for(lambda: _row(app, jid).status.value == "done")
    finally:
        queue.stop_worker()
        with restarted.app_context():
            db.engine.dispose()
    assert set(printed_pins(client.get(f"/api/v1/jobs/{jid}/result", headers=headers).data)) \
        == {a.username for a in roster["everyone"]}


def test_a_job_left_running_by_a_dead_worker_is_failed_at_the_next_start(app, client, roster):
    from congress.core.jobs import Job, JobStatus

    app.extensions["jobs"].huey.flush()
    headers = _headers(client, roster["secretariat"])
    jid = _cards(client, roster["mid"], headers).get_json()["job"]["id"]
    app.extensions["jobs"].huey.flush()  # the worker took it off the queue, then died
    with app.app_context():
        db.session.get(Job, jid).status = JobStatus.running
        db.session.commit()
    restarted = _fresh_app(app)
    with restarted.app_context():
        from congress.core.job_worker import recover

        assert recover() == (1, 0)
        db.engine.dispose()
    job = _job(client, jid, headers).get_json()
    assert job["status"] == "failed" and "重新" in job["error"]
    assert _cards(client, roster["mid"], headers).status_code == 202  # may be started again


def test_a_failing_job_reports_failed_with_a_chinese_error(app, client, roster):
    """The delegates chosen are gone by the time the worker runs the job."""
    from congress.people.models import Delegate

    headers = _headers(client, roster["secretariat"])
    account = roster["luyang"][1]
    jid = _cards(client, roster["mid"], headers,
                 {"delegate_ids": [account.delegate_id]}).get_json()["job"]["id"]
    with app.app_context():
        db.session.delete(db.session.get(Delegate, account.delegate_id))
        db.session.commit()
    run_queued_jobs(app)
    job = _job(client, jid, headers).get_json()
    assert job["status"] == "failed" and job["error"] == "没有可打印登录卡的代表。"
    assert "result_url" not in job
    r = client.get(f"/api/v1/jobs/{jid}/result", headers=headers)
    assert r.status_code == 409
    failed = _audit(app, "job.failed")
    assert [(a, e["job"], e["error"]) for a, _m, e in failed] == [
        (roster["secretariat"].id, jid, job["error"])]
    assert _job_events(app, jid)[-1]["status"] == "failed"


def test_an_unexpected_error_fails_the_job_with_a_general_message(app, client, roster):
    from congress.core import jobs

    @jobs.kind("test-broken", "broken", keep_seconds=60)
    def broken(run):
        raise RuntimeError("disk on fire")

    try:
        with app.app_context():
            from congress.meetings.models import Meeting

            job = jobs.enqueue(None, db.session.get(Meeting, roster["mid"]), "test-broken")
            db.session.commit()
            jid = job.id
        run_queued_jobs(app)
        row = _row(app, jid)
        assert row.status.value == "failed"
        assert row.error.startswith("任务因内部错误中断") and "disk" not in row.error
    finally:
        jobs.KINDS.pop("test-broken")


# --- the records centre -----------------------------------------------------------------------

def test_the_records_centre_shows_progress_then_the_download_or_the_error(app, client, roster):
    login(client, roster["secretariat"])
    headers = _headers(client, roster["secretariat"])
    jid = _cards(client, roster["mid"], headers).get_json()["job"]["id"]
    page = client.get(f"/meetings/{roster['mid']}/records").get_data(as_text=True)
    assert f'data-job="{jid}"' in page and "<progress" in page and "排队中" in page
    assert "js/jobs.js" in page
    run_queued_jobs(app)
    panel = client.get(f"/meetings/{roster['mid']}/records/jobs").get_data(as_text=True)
    assert f'href="/api/v1/jobs/{jid}/result"' in panel and "<progress" not in panel
    assert "登录卡" in panel and "已完成" in panel
    json.dumps(panel)
