"""Fixtures: one migrated database per run (SQLite file, or CONGRESS_DATABASE_URL), emptied
after every test; factories that commit through the real services; HTTP helpers."""
import os
from dataclasses import dataclass

import flask_migrate
import pytest
from sqlalchemy import inspect, text

from config import TestConfig
from congress import create_app
from congress.extensions import db

PASSWORD = "correct-horse-9"


def _database_url(tmp_path_factory):
    url = os.environ.get("CONGRESS_DATABASE_URL")
    return url or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def is_postgres(app):
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = _database_url(tmp_path_factory)
        JOBS_URL = f"sqlite:///{tmp_path_factory.mktemp('jobs') / 'jobs.sqlite'}"

    app = create_app(Config)
    with app.app_context():
        _drop_everything()
        flask_migrate.upgrade()  # the schema comes from the migrations, as in production
    yield app
    app.extensions["live_broker"].stop()
    with app.app_context():
        db.engine.dispose()


def _drop_everything():
    """Start from an empty database even when CONGRESS_DATABASE_URL points at a used one."""
    with db.engine.begin() as conn:
        names = inspect(conn).get_table_names()
        if conn.dialect.name == "postgresql":
            for name in names:
                conn.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            for name in names:
                conn.execute(text(f'DROP TABLE IF EXISTS "{name}"'))
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")


@pytest.fixture(autouse=True)
def _empty_tables(app):
    yield
    from congress.extensions import limiter
    limiter.reset()  # rate-limit counts are per test, like the tables
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables]
        with db.engine.begin() as conn:  # DELETE beats TRUNCATE on tables this small
            for name in reversed(tables):
                conn.execute(text(f'DELETE FROM "{name}"'))
    app.extensions["jobs"].huey.flush()  # jobs queued by the test and never run


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only on PostgreSQL, tests marked `sqlite` only on SQLite
    (.ci/run runs the suite on both)."""
    on_postgres = os.environ.get("CONGRESS_DATABASE_URL", "").startswith("postgresql")
    if on_postgres:
        marker, skip = "sqlite", pytest.mark.skip(reason="about SQLite; this run is on "
                                                         "PostgreSQL (.ci/run runs both)")
    else:
        marker, skip = "postgres", pytest.mark.skip(
            reason="needs PostgreSQL: run with CONGRESS_DATABASE_URL="
                   "postgresql+psycopg://postgres@127.0.0.1:5432/<database> (.ci/run does)")
    for item in items:
        if marker in item.keywords:
            item.add_marker(skip)


# --- factories ------------------------------------------------------------------------------

@dataclass
class Account:
    id: int
    username: str
    password: str
    role: str
    delegate_id: int | None = None
    meeting_id: int | None = None
    name: str = ""


class Factory:
    """Makes data through the real services, each call in its own committed transaction."""

    def __init__(self, app):
        self.app = app
        self._n = 0

    def _next(self):
        self._n += 1
        return self._n

    def meeting(self, **values):
        from congress.meetings.services import create_meeting

        values.setdefault("title", f"测试年会 {self._next()}")
        values.setdefault("year", 2026)
        with self.app.app_context():
            meeting = create_meeting(None, **values)
            db.session.commit()
            return meeting.id

    def unit(self, name=None):
        from congress.people.services import create_unit

        with self.app.app_context():
            unit = create_unit(None, name or f"市测试局{self._next()}")
            db.session.commit()
            return unit.id

    def user(self, role, username=None, unit_id=None):
        from congress.people.models import HandlingUnit
        from congress.people.services import create_user

        username = username or f"{role}{self._next()}"
        with self.app.app_context():
            unit = db.session.get(HandlingUnit, unit_id or self.unit()) if role == "unit" else None
            user, _ = create_user(None, username=username, name=username, role=role,
                                  password=PASSWORD, unit=unit)
            db.session.commit()
            return Account(user.id, username, PASSWORD, role, name=username)

    def delegation(self, meeting_id, name):
        from congress.meetings.models import Meeting
        from congress.people.delegates import get_or_create_delegation

        with self.app.app_context():
            delegation = get_or_create_delegation(
                None, db.session.get(Meeting, meeting_id).congress, name)
            db.session.commit()
            return delegation.id

    def delegate(self, meeting_id, name=None, delegation="瑶海区代表团", **values):
        from congress.meetings.models import Meeting
        from congress.people.delegates import create_delegate, get_or_create_delegation

        name = name or f"代表{self._next()}"
        with self.app.app_context():
            meeting = db.session.get(Meeting, meeting_id)
            group = get_or_create_delegation(None, meeting.congress, delegation)
            delegate, pin = create_delegate(None, meeting.congress, name=name, delegation=group,
                                            username_year=meeting.year, **values)
            db.session.commit()
            return Account(delegate.user.id, delegate.user.username, pin, "delegate",
                           delegate_id=delegate.id, meeting_id=meeting_id, name=name)

    def delegates(self, meeting_id, count, **values):
        return [self.delegate(meeting_id, **values) for _ in range(count)]

    def check_in(self, account, meeting_id=None):
        from congress.meetings.models import Meeting
        from congress.meetings.services import check_in
        from congress.people.models import Delegate

        with self.app.app_context():
            meeting = db.session.get(Meeting, meeting_id or account.meeting_id)
            check_in(None, meeting, db.session.get(Delegate, account.delegate_id), "desk")
            db.session.commit()


@pytest.fixture
def make(app):
    return Factory(app)


@pytest.fixture
def client(app):
    return app.test_client()
