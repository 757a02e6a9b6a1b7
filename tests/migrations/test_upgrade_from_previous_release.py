"""An existing database upgrades in place (issue 15): a database made by the previous release
(commit 29ae25d, schema 0009) with the played demo meeting is upgraded by the current
migrations, and nothing is lost: the same rows, every delegate a delegate of a congress with
their meeting's delegations, every meeting in a congress and an organisation, the logins
working, the played meeting's records still printing.

Runs on the suite's database engine (SQLite, or PostgreSQL with CONGRESS_DATABASE_URL), in a
database of its own: a temporary SQLite file, or a PostgreSQL database created next to the
suite's and dropped at the end."""
import os
import subprocess
import sys
from pathlib import Path

import flask_migrate
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, make_url, select, text

from config import TestConfig
from congress import create_app
from congress.demo import DEMO_PASSWORD, demo_pin
from congress.extensions import db
from tests import pdftools
from tests.conftest import Account
from tests.helpers import login, token_for

ROOT = Path(__file__).resolve().parents[2]
PREVIOUS_RELEASE = "29ae25d"
# what must survive the upgrade, row for row
COUNTED = ("users", "delegates", "delegations", "meetings", "agenda_items", "handling_units",
           "ballots", "ballot_participations", "ballot_papers", "ballot_marks",
           "ballot_receipts", "proposals", "proposal_signers", "attendances", "debriefs",
           "floor_requests", "review_comments", "group_sessions", "minutes_sections",
           "audit_entries", "reports", "report_versions", "resolutions")


def _run_previous_release(source, url, *args):
    """`flask <args>` of the previous release's code (its own `congress` package: PYTHONPATH
    and the working directory are its source tree), on `url`."""
    env = dict(os.environ, CONGRESS_DATABASE_URL=url, FLASK_APP="congress",
               PYTHONPATH=str(source), CONGRESS_ENV="testing")  # testing: a fast PIN hash
    result = subprocess.run([sys.executable, *args], cwd=source, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


def _previous_release_source(tmp_path):
    source = tmp_path / "previous"
    source.mkdir()
    archive = subprocess.run(["git", "archive", PREVIOUS_RELEASE], cwd=ROOT,
                             capture_output=True, check=False)
    if archive.returncode != 0:
        pytest.fail(f"git archive {PREVIOUS_RELEASE} failed (a shallow clone? fetch the "
                    f"history): {archive.stderr.decode()[-500:]}", pytrace=False)
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    return source


class _Database:
    """A database of the test's own on the suite's engine."""

    def __init__(self, tmp_path):
        suite_url = os.environ.get("CONGRESS_DATABASE_URL", "")
        self.server = suite_url if suite_url.startswith("postgresql") else None
        if self.server:
            base = make_url(self.server)
            self.name = f"{base.database}_mig_{os.getpid()}"
            self.url = base.set(database=self.name).render_as_string(hide_password=False)
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{tmp_path / 'previous.sqlite'}"

    def _admin(self, statement):
        engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()

    def drop(self):
        if self.server:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _snapshot(url):
    """What the previous release's database holds, read with plain SQL on its schema."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                "version": conn.execute(text("SELECT version_num FROM alembic_version")).scalar(),
                "counts": {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                           for table in COUNTED},
                "delegates": conn.execute(text(
                    "SELECT id, meeting_id, delegation_id, user_id, name FROM delegates "
                    "ORDER BY id")).all(),
                "delegations": conn.execute(text(
                    "SELECT id, meeting_id, name FROM delegations ORDER BY id")).all(),
                "users": conn.execute(text(
                    "SELECT id, username, role, password_hash FROM users ORDER BY id")).all(),
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory):
    """The previous release's played demo, upgraded by the current migrations: (app, before).

    Slow (15-25 s on either engine on this 2-core machine): the previous release migrates an empty
    database and seeds and plays its demo meeting in subprocesses, once for the module."""
    tmp_path = tmp_path_factory.mktemp("previous-release")
    source = _previous_release_source(tmp_path)
    database = _Database(tmp_path)
    try:
        imported = _run_previous_release(source, database.url, "-c",
                                         "import congress; print(congress.__file__)")
        assert Path(imported.strip()).is_relative_to(source)  # its code, not the current one
        _run_previous_release(source, database.url, "-m", "flask", "db", "upgrade")
        seeded = _run_previous_release(source, database.url, "-m", "flask", "seed-demo",
                                       "--played")
        assert "300 delegates" in seeded and "289 delegates present" in seeded
        before = _snapshot(database.url)
        assert before["version"] == "0009"

        class Config(TestConfig):
            SQLALCHEMY_DATABASE_URI = database.url
            JOBS_URL = f"sqlite:///{tmp_path / 'jobs.sqlite'}"

        app = create_app(Config)
        with app.app_context():
            flask_migrate.upgrade()
        yield app, before
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        database.drop()


def test_the_upgrade_reaches_the_current_head(upgraded):
    app, _ = upgraded
    with app.app_context():
        version = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == ScriptDirectory(str(ROOT / "migrations")).get_current_head()


def test_no_row_is_lost(upgraded):
    app, before = upgraded
    with app.app_context():
        after = {table: db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                 for table in COUNTED}
    assert before["counts"]["delegates"] == 300 and before["counts"]["ballots"] == 10
    assert after == before["counts"]


def test_accounts_keep_their_usernames_roles_and_credentials(upgraded):
    app, before = upgraded
    with app.app_context():
        from congress.people.models import User
        users = db.session.execute(select(User.id, User.username, User.role, User.password_hash)
                                   .order_by(User.id)).all()
        assert [(u.id, u.username, u.role.value, u.password_hash) for u in users] == [
            tuple(u) for u in before["users"]]
        assert all(u.organisation_id is not None for u in db.session.scalars(select(User)))


def test_every_delegate_is_a_delegate_of_their_meetings_congress(upgraded):
    app, before = upgraded
    with app.app_context():
        from congress.meetings.models import Meeting, on_roster
        from congress.people.models import Delegate, Delegation
        congress_of_meeting = {m.id: m.congress_id for m in db.session.scalars(select(Meeting))}
        delegates = {d.id: d for d in db.session.scalars(select(Delegate))}
        for did, meeting_id, delegation_id, user_id, name in before["delegates"]:
            delegate = delegates[did]
            assert (delegate.congress_id, delegate.delegation_id, delegate.user_id,
                    delegate.name) == (congress_of_meeting[meeting_id], delegation_id, user_id,
                                       name)
            assert delegate.delegation.congress_id == delegate.congress_id
        for gid, meeting_id, name in before["delegations"]:
            delegation = db.session.get(Delegation, gid)
            assert (delegation.congress_id, delegation.name) == (congress_of_meeting[meeting_id],
                                                                 name)
        for meeting in db.session.scalars(select(Meeting)):
            on_it = db.session.scalar(select(func.count(Delegate.id)).where(on_roster(meeting)))
            assert on_it == sum(1 for d in before["delegates"] if d[1] == meeting.id)


def test_every_meeting_has_a_congress_and_an_organisation(upgraded):
    app, _ = upgraded
    with app.app_context():
        from congress.core.audit import AuditEntry
        from congress.meetings.models import Meeting
        meetings = db.session.scalars(select(Meeting)).all()
        assert meetings
        for meeting in meetings:
            assert meeting.congress is not None and meeting.organisation is not None
            assert meeting.congress.organisation_id == meeting.organisation_id
            assert meeting.congress.elected_on <= meeting.starts_on < meeting.congress.term_ends_on
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.organisation_id.is_(None))) == 0


def test_logins_keep_working(upgraded):
    """The demo delegate with the demo PIN through the login page, the secretariat through
    the token API: the hashes the previous release wrote still match."""
    app, _ = upgraded
    client = app.test_client()
    login(client, Account(0, "20260001", demo_pin(1), "delegate"))
    assert client.get("/", follow_redirects=True).status_code == 200
    secretariat = app.test_client()
    token = token_for(secretariat, Account(0, "secretariat", DEMO_PASSWORD, "secretariat"))
    with app.app_context():
        from congress.meetings.models import Meeting
        mid = db.session.scalar(select(Meeting.id).order_by(Meeting.id))
    answer = secretariat.get(f"/api/v1/meetings/{mid}",
                             headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.get_json()["id"] == mid


def test_the_played_meetings_records_still_print(upgraded):
    app, _ = upgraded
    client = app.test_client()
    login(client, Account(0, "secretariat", DEMO_PASSWORD, "secretariat"))
    with app.app_context():
        from congress.meetings.models import Meeting
        mid = db.session.scalar(select(Meeting.id).order_by(Meeting.id))
    assert client.get(f"/meetings/{mid}/records").status_code == 200
    minutes = client.get(f"/meetings/{mid}/records/files/minutes.pdf")
    assert minutes.status_code == 200 and minutes.mimetype == "application/pdf"
    assert "应到代表300名，实到289名" in pdftools.text(minutes.data).replace(" ", "")
    sheet = client.get(f"/meetings/{mid}/records/files/attendance.pdf")
    assert sheet.status_code == 200 and pdftools.page_ink(sheet.data) > 0.005
