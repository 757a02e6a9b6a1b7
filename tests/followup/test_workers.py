"""The reminders as the job worker runs them: the periodic schedule, and two worker processes
(separate interpreters, each with its own connection pool) running the periodic work at the
same moment against one database: every reminder is made once and mailed once."""
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from congress.core.job_queue import run_periodic
from congress.core.notifications import Notification
from congress.core.periodic import periodic_due
from congress.extensions import db
from tests.followup import world as w
from tests.followup.test_reminders import _today
from tests.smtp import smtp_server  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[2]

WORKER = """
import json, sys, time
from pathlib import Path
from config import TestConfig
from congress import create_app

database, queue, port, barrier, me = sys.argv[1:6]

class Worker(TestConfig):
    SQLALCHEMY_DATABASE_URI = database
    JOBS_URL = queue
    SMTP_HOST, SMTP_PORT, SMTP_FROM = "127.0.0.1", int(port), "congress@example.org"

app = create_app(Worker)
from congress.core.job_queue import run_periodic
Path(barrier, me).touch()
while len(list(Path(barrier).iterdir())) < 2:  # both interpreters are up: start together
    time.sleep(0.005)
print(json.dumps(run_periodic(app, 0)))
"""


def test_the_schedule_runs_reminders_every_n_minutes_and_mail_every_minute(app):
    names = lambda minute: {p.name for p in periodic_due(app.config, minute)}  # noqa: E731
    every = app.config["REMINDERS_EVERY_MINUTES"]
    assert names(0) == {"congress.deliver_mail", "congress.remind"}
    assert names(every) == {"congress.deliver_mail", "congress.remind"}
    assert names(every + 1) == {"congress.deliver_mail"}


def test_the_periodic_work_makes_and_mails_the_reminders(app, make, smtp_server):
    world = w.build(app, make)
    w.concern(app, world, refer_by=_today(app) - timedelta(days=1))
    results = run_periodic(app, 0)
    assert results["congress.remind"]["made"] == 2
    assert len(smtp_server.messages) == 2


def test_two_worker_processes_at_once_mail_each_reminder_once(app, make, smtp_server,
                                                               tmp_path):
    world = w.build(app, make)
    today = _today(app)
    for number in range(15):
        w.concern(app, world, text=f"第{number}件：路灯不亮", refer_by=today - timedelta(days=1))
        w.concern(app, world, step="referred", text=f"第{number}件：井盖松动",
                  due_on=today - timedelta(days=1))
    expected = 15 * 2 + 15 * 3  # late referrals: delegate + secretariat; late replies: 2 + 1
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    workers = [subprocess.Popen(
        [sys.executable, "-c", WORKER, app.config["SQLALCHEMY_DATABASE_URI"],
         f"sqlite:///{tmp_path / f'queue{n}.sqlite'}", str(smtp_server.port), str(barrier),
         str(n)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(2)]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    results = [json.loads(out.strip().splitlines()[-1]) for out, _err in outputs]
    made = sum(r["congress.remind"]["made"] for r in results)
    sent = sum(r["congress.remind"]["sent"] + r["congress.deliver_mail"][0] for r in results)
    assert made == expected and sent == expected
    pairs = [(m["To"], m["Subject"]) for m in smtp_server.messages]
    assert len(pairs) == expected == len(set(pairs))  # every one once, none twice
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.mail_sent_at.is_not(None))) == expected
