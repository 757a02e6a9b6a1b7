"""No constant secret key: without CONGRESS_SECRET_KEY the app generates one into the instance
folder once (mode 0600, created atomically) and every later start reads the same key."""
import importlib
import stat
import threading

import pytest
from flask import Flask
from sqlalchemy import select

from congress.core.secret import instance_secret_key


def _dev_config(tmp_path):
    import config

    class Dev(config.DevConfig):
        SECRET_KEY = None  # as without CONGRESS_SECRET_KEY
        SECRET_KEY_FILE = tmp_path / "instance" / "secret_key"
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    return Dev


def test_without_a_key_the_app_generates_one_into_the_instance_folder(tmp_path):
    from congress import create_app

    config = _dev_config(tmp_path)
    first = create_app(config)
    key = first.config["SECRET_KEY"]
    path = config.SECRET_KEY_FILE
    assert len(key) == 64 and path.read_text().strip() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert create_app(config).config["SECRET_KEY"] == key  # the next start reads it back
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]  # no temporary left


def _keys_of_starts_at_once(path, starts):
    """The key each of `starts` threads gets when all ask for it at the same moment."""
    start, keys = threading.Barrier(starts), []

    def generate():
        start.wait()
        keys.append(instance_secret_key(path))

    threads = [threading.Thread(target=generate) for _ in range(starts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return keys


def test_processes_starting_at_once_agree_on_one_key(tmp_path):
    for attempt in range(10):
        path = tmp_path / f"try{attempt}" / "secret_key"
        keys = _keys_of_starts_at_once(path, 8)
        assert len(keys) == 8 and len(set(keys)) == 1
        assert path.read_text().strip() == keys[0]


def test_an_unusable_key_file_is_a_clear_error(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("\n")
    with pytest.raises(RuntimeError, match="secret key"):
        instance_secret_key(path)


def test_no_configuration_holds_a_constant_key(monkeypatch):
    import config

    monkeypatch.delenv("CONGRESS_SECRET_KEY", raising=False)
    first = importlib.reload(config)
    try:
        assert first.DevConfig.SECRET_KEY is None and first.ProductionConfig.SECRET_KEY is None
        test_key = first.TestConfig.SECRET_KEY
        assert test_key != importlib.reload(config).TestConfig.SECRET_KEY  # random per run
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_a_cookie_signed_with_the_old_development_key_opens_nothing(app, client, make):
    """The tester's attack: a session cookie forged with the key that used to be public."""
    from congress.extensions import db
    from congress.people.models import User

    make.user("secretariat", username="boss")
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == "boss"))
    forger = Flask("forger")
    forger.secret_key = "dev-only-not-secret"
    serializer = forger.session_interface.get_signing_serializer(forger)
    forged = serializer.dumps({"_user_id": str(user_id), "_fresh": True})
    client.set_cookie(app.config.get("SESSION_COOKIE_NAME", "session"), forged)
    response = client.get("/audit/")
    assert response.status_code == 302 and "/login" in response.location
