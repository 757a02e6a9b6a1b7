"""Deploy-time configuration. Runtime settings the secretariat edits live in the database."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env(name, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


class Config:
    SECRET_KEY = _env("CONGRESS_SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _env(
        "CONGRESS_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'congress.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    BABEL_DEFAULT_LOCALE = _env("CONGRESS_LOCALE", "zh_CN")
    BABEL_DEFAULT_TIMEZONE = _env("CONGRESS_TIMEZONE", "Asia/Shanghai")
    LOCALES = ("zh_CN", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a tablet may sit on one page for a whole session

    # werkzeug's scrypt: a slow, salted hash for passwords and PINs
    PASSWORD_HASH_METHOD = "scrypt"

    # Login throttle: failures counted over a sliding window, per account and per address
    LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60
    LOGIN_THROTTLE_PER_ACCOUNT = 5
    LOGIN_THROTTLE_PER_ADDRESS = 30

    MAX_CONTENT_LENGTH = 8 * 1024 * 1024  # roster files

    # Live updates (congress/core/live.py): how often a broker looks for rows other processes
    # committed when no NOTIFY woke it (SQLite has none), how often a derived figure such as a
    # ballot's turnout is pushed at most, and the SSE heartbeat
    LIVE_POLL_SECONDS = float(_env("CONGRESS_LIVE_POLL_SECONDS", "1.0"))
    LIVE_TICK_SECONDS = 1.0
    LIVE_HEARTBEAT_SECONDS = 15.0

    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto headers to trust
    PROXY_HOPS = int(_env("CONGRESS_PROXY_HOPS", "0"))

    # The address tablets reach the app at, e.g. https://congress.example.org (with a path
    # prefix if the app lives under one). The QR codes on login cards point there; unset, they
    # use the address the card was printed from, which is wrong when the secretariat prints
    # from localhost or an internal name.
    PUBLIC_URL = _env("CONGRESS_PUBLIC_URL")

    # Jobs (congress/core/jobs.py): the queue (unset: a SQLite file under instance/; production:
    # redis://host:6379/0 or postgresql://...), whether `flask run` runs the worker itself, how
    # many jobs one worker runs at once, how long an idle worker waits before looking again
    # (SQLite and PostgreSQL queues are polled; Redis wakes it at once) and the worker
    # process's niceness (`flask jobs-worker`: requests come first)
    JOBS_URL = _env("CONGRESS_JOBS_URL")
    JOBS_INSTANCE_DIR = str(INSTANCE_DIR)
    JOBS_EMBEDDED_WORKER = _env("CONGRESS_JOBS_EMBEDDED_WORKER", "1") == "1"
    JOBS_WORKERS = int(_env("CONGRESS_JOBS_WORKERS", "1"))
    JOBS_POLL_SECONDS = 1.0
    JOBS_WORKER_NICE = int(_env("CONGRESS_JOBS_WORKER_NICE", "10"))


class DevConfig(Config):
    DEBUG = True
    SECRET_KEY = Config.SECRET_KEY or "dev-only-not-secret"


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SQLALCHEMY_DATABASE_URI = _env("CONGRESS_DATABASE_URL", "sqlite://")
    # Fast hash in tests only: the suite creates hundreds of accounts.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    LIVE_POLL_SECONDS = 0.2
    LIVE_TICK_SECONDS = 0.1
    LIVE_HEARTBEAT_SECONDS = 0.5
    JOBS_EMBEDDED_WORKER = False  # a test that needs a worker starts one
    JOBS_POLL_SECONDS = 0.1


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def check(cls):
        if not cls.SECRET_KEY:
            raise RuntimeError(
                "CONGRESS_SECRET_KEY is not set; the production configuration refuses to start "
                "without it (generate one with: python -c 'import secrets; print(secrets.token_hex(32))')"
            )


CONFIGS = {
    "development": DevConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
}


def config_from_env():
    """CONGRESS_ENV picks the class (development by default)."""
    return CONFIGS[_env("CONGRESS_ENV", "development")]
