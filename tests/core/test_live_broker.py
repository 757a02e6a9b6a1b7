"""The broker's start in a fresh process: the first stream request starts it."""
import time

import flask_migrate
import pytest

from config import TestConfig
from congress import create_app
from congress.core import live
from congress.core.auth import Role
from congress.extensions import db
from congress.meetings import services as meetings
from congress.people import services as people


@pytest.fixture
def fresh_app(tmp_path):
    """A second app on its own SQLite file (with its own broker), as a new worker process
    would have."""
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'fresh.sqlite'}"

    app = create_app(Config)
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    app.extensions["live_broker"].stop()
    with app.app_context():
        db.engine.dispose()


def test_first_stream_starts_the_broker_on_sqlite(fresh_app):
    """The first subscriber's request holds a transaction (a reader on SQLite, as every
    GET's): the broker reads its starting point in that session, not in a second one of the
    same thread, which could wait behind a writer until the busy timeout and leave the
    process without a broker."""
    with fresh_app.app_context():
        meeting = meetings.create_meeting(None, title="年会", year=2026, quorum_ratio="0.5",
                                          min_signers=10)
        chair, _ = people.create_user(None, username="chair-fresh", name="主持人",
                                      role=Role.chair, password="correct-horse-9")
        token = people.issue_token(chair)
        db.session.commit()
        mid = meeting.id

    client = fresh_app.test_client()
    started = time.monotonic()
    response = client.get(f"/api/v1/meetings/{mid}/events", buffered=False,
                          headers={"Authorization": f"Bearer {token}"})
    try:
        assert response.status_code == 200
        assert time.monotonic() - started < 5
        chunks = iter(response.response)
        assert b": connected" in next(chunks)
        with fresh_app.app_context():
            live.publish(mid, "note", {"n": 1})
            db.session.commit()
        received = b""
        for _ in range(20):  # heartbeats every 0.5 s in tests: at most ~10 s
            received += next(chunks)
            if b"event: note" in received:
                break
        assert b'event: note\ndata: {"n":1}' in received
    finally:
        response.close()
