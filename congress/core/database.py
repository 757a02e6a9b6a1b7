"""Engine set-up: SQLite in WAL mode with foreign keys and a busy timeout; which SQLite
transactions take the write lock; model imports."""
import functools
import re
from pathlib import Path

from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

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
    """Once per process: SQLite pragmas, and which transactions take the write lock.

    A request with a safe method (GET, HEAD, OPTIONS) never writes, so its transactions are
    readers (plain BEGIN: in WAL mode a reader never waits and blocks no writer), however long
    it renders. Every other transaction begins IMMEDIATE, so writers queue on the busy timeout
    instead of failing on a lock upgrade (a deferred reader that later writes can get
    SQLITE_BUSY at once, whatever the timeout) -- except a reader begun by begin_reading(),
    which turns writer with end_reading()."""
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
            reader = conn.get_execution_options().get(SQLITE_READER) or serving_safe_request()
            conn.exec_driver_sql("BEGIN" if reader else "BEGIN IMMEDIATE")

    @event.listens_for(Session, "before_flush")
    def _reader_must_not_write(session, flush_context, instances):
        if session.in_transaction() and \
                session.connection().get_execution_options().get(SQLITE_READER):
            raise RuntimeError("a SQLite reader transaction must call end_reading() before "
                               "it writes")


def serving_safe_request():
    """Whether this thread serves a GET, HEAD or OPTIONS request (which must not write)."""
    return has_request_context() and request.method in SAFE_METHODS


def dialect_name():
    """The app's database engine, 'sqlite' or 'postgresql' (looked up once per app: hot paths
    ask on every request)."""
    extensions = current_app.extensions
    name = extensions.get("congress_dialect")
    if name is None:
        from congress.extensions import db

        name = extensions["congress_dialect"] = db.engine.dialect.name
    return name


# --- SQLite: a request that reads first, then writes briefly ----------------------------------
# Every SQLite transaction of an unsafe request takes the single write lock at BEGIN (see
# above), so the request holds it from its first query to its commit. A write path that first
# reads a good deal (the vote: token, ballot, attendance) or does slow work before it writes
# (parsing an uploaded file, hashing a PIN, rendering a PDF) instead begins as a reader (WAL
# readers never wait) and turns writer only for its writes, which must then re-check in SQL
# what they rely on, since another writer may have committed in between. Such an endpoint is
# marked @reads_first; its service calls end_reading() just before it writes. On PostgreSQL
# both calls do nothing.
SQLITE_READER = "congress_sqlite_reader"
_CHANGES_AT_BEGIN = "congress_changes_at_begin"


def reads_first(view):
    """Mark an endpoint (page or API) whose work reads, parses, hashes or renders first and
    then writes briefly: on SQLite its request begins in a reader transaction, which its
    service turns into a writer (end_reading) just before it writes, so the write lock covers
    only the writes. A flush before that raises, so a forgotten end_reading() shows in tests."""
    view.reads_first = True
    return view


def init_app(app):
    @app.before_request
    def _begin_marked_readers():
        # before any blueprint's hook: the API's token check already runs in the reader
        if getattr(app.view_functions.get(request.endpoint), "reads_first", False):
            begin_reading()


def _reader_connection():
    """The session's connection when it is a SQLite reader, else None."""
    from congress.extensions import db

    session = db.session()
    if dialect_name() != "sqlite" or not session.in_transaction():
        return None
    conn = session.connection()
    return conn if conn.get_execution_options().get(SQLITE_READER) else None


def begin_reading():
    """Begin the session's transaction as a SQLite reader (plain BEGIN: no write lock).
    Does nothing when a transaction is already open or on another engine."""
    from congress.extensions import db

    session = db.session()
    if dialect_name() == "sqlite" and not session.in_transaction():
        conn = session.connection(execution_options={SQLITE_READER: True})
        conn.info[_CHANGES_AT_BEGIN] = conn.connection.dbapi_connection.total_changes


def end_reading():
    """Turn a reader begun by begin_reading() into a writer: its snapshot ends (COMMIT of a
    transaction that wrote nothing) and BEGIN IMMEDIATE takes the write lock, within the same
    session transaction, so nothing loaded is expired and the connection stays checked out.
    Does nothing in any other transaction, so callers need not know how theirs began."""
    conn = _reader_connection()
    if conn is None:
        return
    from congress.extensions import db

    session = db.session()
    driver = conn.connection.dbapi_connection
    if session.new or session.dirty or session.deleted or \
            driver.total_changes != conn.info[_CHANGES_AT_BEGIN]:
        raise RuntimeError("a SQLite reader transaction must not write")
    driver.execute("COMMIT")
    driver.execute("BEGIN IMMEDIATE")
    conn.execution_options(**{SQLITE_READER: False})


def execute_on_driver(sql, params):
    """Run `sql`, written with :name parameters, on a cursor of the database driver under the
    session's connection and transaction, and return the cursor: no statement compiling, no
    parameter processing and no SQLAlchemy result, so the values must already be in the form
    the driver takes (an aware time, say, goes through its column type first). sqlite3 takes
    :name as written; psycopg gets the statement with %(name)s, converted once. For the few
    statements of a hot path (the vote), where SQLAlchemy's handling of each statement cost
    more than the database's work."""
    from congress.extensions import db

    conn = db.session.connection()
    driver = conn.connection.dbapi_connection
    if conn.dialect.name == "sqlite":
        return driver.execute(sql, params)
    cursor = driver.cursor()
    cursor.execute(_pyformat(sql), params)
    return cursor


@functools.lru_cache(maxsize=64)
def _pyformat(sql):
    """:name parameters as psycopg's %(name)s (the hot path's SQL has no :: casts and no %)."""
    return re.sub(r":(\w+)", r"%(\1)s", sql)

