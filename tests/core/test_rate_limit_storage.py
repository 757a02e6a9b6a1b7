"""Production keeps the rate limits' counts in Redis, so every worker process shares them: two
processes, one after the other, count against one limit."""
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REDIS_URL = os.environ.get("CONGRESS_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
ROOT = Path(__file__).resolve().parents[2]

WORKER = r'''
import json, sys
import flask_migrate
from config import TestConfig
from congress import create_app
from congress.extensions import db

database, redis_url, prefix, setup = sys.argv[1:5]

class Config(TestConfig):
    SQLALCHEMY_DATABASE_URI = database
    RATELIMIT_STORAGE_URI = redis_url
    RATELIMIT_KEY_PREFIX = prefix
    LIVE_STREAM_RATE_LIMIT = "2 per minute"

app = create_app(Config)
with app.app_context():
    if setup == "setup":
        from congress.meetings.services import create_meeting
        from congress.people.services import create_user, issue_token
        flask_migrate.upgrade()
        meeting = create_meeting(None, title="年会", year=2026)
        chair, _ = create_user(None, username="chair", name="主持人", role="chair",
                               password="correct-horse-9")
        token = issue_token(chair)
        db.session.commit()
        mid = meeting.id
    else:
        mid, token = json.loads(setup).values()
codes = []
for _ in range(int(sys.argv[5])):
    r = app.test_client().get(f"/api/v1/meetings/{mid}/events", buffered=False,
                              headers={"Authorization": f"Bearer {token}"})
    codes.append(r.status_code)
    r.close()
app.extensions["live_broker"].stop()
print(json.dumps({"mid": mid, "token": token}))
print(json.dumps(codes))
'''


def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable ({error}): `make test` starts it; "
                    "or set CONGRESS_TEST_REDIS_URL")
    return client


def worker(*args):
    """A worker process: (its room as JSON, the status codes of its stream connections)."""
    done = subprocess.run([sys.executable, "-c", WORKER, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env=os.environ | {"CONGRESS_DATABASE_URL": ""})
    assert done.returncode == 0, done.stderr[-2000:]
    room, codes = done.stdout.strip().splitlines()[-2:]
    return room, json.loads(codes)


def test_two_worker_processes_share_one_limit_in_redis(tmp_path):
    client = redis_client()
    prefix = f"congress-test-{uuid.uuid4().hex}"
    database = f"sqlite:///{tmp_path / 'workers.sqlite'}"
    try:
        room, codes = worker(database, REDIS_URL, prefix, "setup", 2)
        assert codes == [200, 200]
        assert worker(database, REDIS_URL, prefix, room, 1)[1] == [429]
        assert client.keys(f"*{prefix}*")  # the counts live in Redis
    finally:
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)


def test_with_redis_unreachable_the_limits_still_count_per_process(tmp_path):
    database = f"sqlite:///{tmp_path / 'alone.sqlite'}"
    _, codes = worker(database, "redis://127.0.0.1:1/0", "congress-test-down", "setup", 3)
    assert codes == [200, 200, 429]


def test_production_counts_in_redis_unless_told_otherwise():
    from config import Config, ProductionConfig

    assert ProductionConfig.RATELIMIT_STORAGE_URI.startswith("redis://")
    assert Config.RATELIMIT_STORAGE_URI == "memory://" or os.environ.get(
        "CONGRESS_RATELIMIT_STORAGE_URL")
