"""Engine set-up: SQLite in WAL mode with foreign keys and a busy timeout; model imports."""
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.engine import Engine

_configured = False


def ensure_sqlite_directory(app):
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and uri != "sqlite://":
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


def _busy_timeout_ms():
    try:
        return int(current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
    except RuntimeError:  # outside an app context (Alembic offline use)
        return 10_000


def configure_engine_events():
    """Once per process: SQLite pragmas, and BEGIN IMMEDIATE so writers queue on the busy
    timeout instead of failing on a lock upgrade (a deferred reader that later writes can get
    SQLITE_BUSY at once, whatever the timeout)."""
    global _configured
    if _configured:
        return
    _configured = True

    @event.listens_for(Engine, "connect")
    def _sqlite_pragmas(dbapi_connection, connection_record):
        if type(dbapi_connection).__module__.split(".")[0] not in ("sqlite3", "pysqlite2"):
            return
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_busy_timeout_ms()}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(Engine, "begin")
    def _sqlite_begin(conn):
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def import_models():
    """Import every area's models so metadata (and Alembic) sees all tables."""
    from congress.ballots import models as _ballots  # noqa: F401
    from congress.core import audit, live  # noqa: F401
    from congress.debriefs import models as _debriefs  # noqa: F401
    from congress.meetings import models as _meetings  # noqa: F401
    from congress.people import models as _people  # noqa: F401
    from congress.people import roster  # noqa: F401
    from congress.queue import models as _queue  # noqa: F401
    from congress.reports import models as _reports  # noqa: F401
    from congress.proposals import models as _proposals  # noqa: F401
    from congress.records import models as _records  # noqa: F401
