"""The key that signs sessions, CSRF tokens and projector links.

No constant key exists anywhere: `CONGRESS_SECRET_KEY` when it is set, otherwise a random key
generated once into the instance folder (mode 0600, never committed) and read back by every
later start. Production refuses to start without the environment variable (config.py).
"""
import contextlib
import os
import secrets
import tempfile
from pathlib import Path

KEY_BYTES = 32
MIN_KEY_CHARS = 32


def ensure_secret_key(app):
    """Give the app a secret key: the configured one, or the instance folder's own."""
    if app.config.get("SECRET_KEY"):
        return
    app.config["SECRET_KEY"] = instance_secret_key(Path(app.config["SECRET_KEY_FILE"]))


def instance_secret_key(path):
    """The key stored at `path`, created first when there is none.

    The new key is written to a private temporary file in the same folder and then hard-linked
    to `path`: the link either appears complete or fails because another process linked its
    key first, so two processes starting at once end up reading the same key."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-key-")  # mode 0600
    try:
        with os.fdopen(fd, "w") as stream:
            stream.write(secrets.token_hex(KEY_BYTES) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileExistsError):  # another process won the race: use its key
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return _read(path)


def _read(path):
    key = path.read_text().strip()
    if len(key) < MIN_KEY_CHARS:
        raise RuntimeError(f"{path} does not hold a usable secret key; delete it to have a new "
                           "one generated, or set CONGRESS_SECRET_KEY")
    return key
