"""The yardstick for bench/ballot_burst.py: a bare Flask + Flask-SQLAlchemy app with one POST
endpoint that inserts one row and commits.

It shares everything with Congress that is not Congress itself: the same database engine and
URL scheme, the same engine options (config.Config.SQLALCHEMY_ENGINE_OPTIONS plus the bench's
pool size), the same SQLite set-up (congress.core.database.configure_engine_events: WAL,
foreign keys, busy timeout, synchronous=NORMAL, BEGIN IMMEDIATE), persistent pooled
connections, and the same gunicorn setup and load generator (ballot_burst starts both).

Served by:  gunicorn 'bench.baseline_app:server_app()'  (cwd = the repository,
            CONGRESS_BENCH_DATABASE_URL = the database, CONGRESS_BENCH_POOL_SIZE = pool size)
"""
import os

from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_ENV = "CONGRESS_BENCH_DATABASE_URL"
POOL_ENV = "CONGRESS_BENCH_POOL_SIZE"
PID_PATH = "/__bench_pid"


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Row(db.Model):
    __tablename__ = "bench_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(200))


def engine_options(pool_size=None):
    """Congress's engine options, with the pool sized to the worker's threads (see README)."""
    from config import Config

    options = dict(Config.SQLALCHEMY_ENGINE_OPTIONS)
    if pool_size:
        options["pool_size"] = int(pool_size)
    return options


def create_baseline_app(url=None, pool_size=None):
    from config import Config
    from congress.core.database import configure_engine_events

    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=url or os.environ[DATABASE_ENV],
        SQLALCHEMY_ENGINE_OPTIONS=engine_options(pool_size or os.environ.get(POOL_ENV)),
        SQLITE_BUSY_TIMEOUT_MS=Config.SQLITE_BUSY_TIMEOUT_MS,
    )
    db.init_app(app)
    configure_engine_events()  # the very same pragmas and BEGIN IMMEDIATE as Congress

    @app.post("/rows")
    def insert_row():
        data = request.get_json(force=True, silent=True)
        if not isinstance(data, dict) or not isinstance(data.get("body"), str):
            return jsonify(error="body: a string is required"), 422
        row = Row(body=data["body"][:200])
        db.session.add(row)
        db.session.flush()
        row_id = row.id
        db.session.commit()
        return jsonify(id=row_id), 201

    return app


def pid_middleware(wsgi_app):
    """GET /__bench_pid answers the worker's pid (the bench uses it to see every worker is up
    and to read their CPU time); every other request passes straight through."""

    def app(environ, start_response):
        if environ.get("PATH_INFO") == PID_PATH:
            body = str(os.getpid()).encode()
            start_response("200 OK", [("Content-Type", "text/plain"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        return wsgi_app(environ, start_response)

    return app


def server_app():
    app = create_baseline_app()
    app.wsgi_app = pid_middleware(app.wsgi_app)
    return app


def create_schema(url):
    """Run once by the bench driver before the server starts."""
    app = create_baseline_app(url)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
