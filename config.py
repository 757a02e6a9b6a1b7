"""Deploy-time configuration. Runtime settings the secretariat edits live in the database."""
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env(name, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


class Config:
    SECRET_KEY = _env("CONGRESS_SECRET_KEY")
    # Without CONGRESS_SECRET_KEY (development only) the app generates a random key once into
    # this file and reads it back on every start (congress/core/secret.py)
    SECRET_KEY_FILE = INSTANCE_DIR / "secret_key"
    SQLALCHEMY_DATABASE_URI = _env(
        "CONGRESS_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'congress.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    BABEL_DEFAULT_LOCALE = _env("CONGRESS_LOCALE", "zh_CN")
    BABEL_DEFAULT_TIMEZONE = _env("CONGRESS_TIMEZONE", "Asia/Shanghai")
    LOCALES = ("zh_CN", "en")

    # The root organisation an installation starts with (the CLI's first account goes there,
    # and a database upgraded from before organisations); rename it in the app
    ROOT_ORGANISATION = _env("CONGRESS_ROOT_ORGANISATION", "本级党组织")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a tablet may sit on one page for a whole session

    # werkzeug's scrypt: a slow, salted hash for passwords and PINs
    PASSWORD_HASH_METHOD = "scrypt"

    # Login throttle: failures counted over a sliding window, per account from one address,
    # per address, and per account from anywhere (a ceiling far above anyone's typing errors,
    # so a stranger's guesses from another tablet never lock a delegate out)
    LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60
    LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS = 5
    LOGIN_THROTTLE_PER_ADDRESS = 30
    LOGIN_THROTTLE_PER_ACCOUNT = 100

    MAX_CONTENT_LENGTH = 8 * 1024 * 1024  # roster files

    # Imports (rosters, reports): an uploaded .xlsx/.docx is a ZIP archive, checked before it
    # is parsed (congress/core/uploads.py): what it expands to, how tightly it is compressed,
    # how many parts it has; then rows or paragraphs are counted. A city's roster is at most
    # about 13,000 rows, a report a few hundred paragraphs.
    IMPORT_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
    IMPORT_MAX_COMPRESSION_RATIO = 100
    IMPORT_MAX_ZIP_ENTRIES = 1000
    ROSTER_MAX_ROWS = 20_000
    REPORT_MAX_PARAGRAPHS = 20_000

    # Live updates (congress/core/live.py): how often a broker looks for rows other processes
    # committed when no NOTIFY woke it (SQLite has none), how often a derived figure such as a
    # ballot's turnout is pushed at most, and the SSE heartbeat
    LIVE_POLL_SECONDS = float(_env("CONGRESS_LIVE_POLL_SECONDS", "1.0"))
    LIVE_TICK_SECONDS = 1.0
    LIVE_HEARTBEAT_SECONDS = 15.0
    # Streams one user (or token, or projector link from one address) holds per process; a
    # newer one ends the oldest
    LIVE_STREAMS_PER_OWNER = int(_env("CONGRESS_LIVE_STREAMS_PER_OWNER", "5"))

    # Rate limits (Flask-Limiter; "N per minute" strings, several joined with ";"). Memory
    # storage counts per process; production shares the counts in Redis.
    RATELIMIT_STORAGE_URI = _env("CONGRESS_RATELIMIT_STORAGE_URL", "memory://")
    RATELIMIT_HEADERS_ENABLED = True  # Retry-After on a 429
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # Redis down: count per process, never fail
    # A delegate's floor requests and withdrawals together (page and API): a few changes of
    # mind are normal; 316 cycles in 10 s are not
    FLOOR_REQUEST_RATE_LIMIT = "6 per minute;20 per hour"
    # Event-stream connections per user (or token, or projector link and address): a page
    # load opens one, a tablet reconnects 3 s after a network blip
    LIVE_STREAM_RATE_LIMIT = "30 per minute;300 per hour"
    # Every POST of the public intake (有事找代表: the page's form and /api/v1/public/*),
    # valid or not, per address
    PUBLIC_POST_RATE_LIMIT = _env("CONGRESS_PUBLIC_POST_RATE_LIMIT", "10 per 10 minutes")

    # Residents' concerns: referred within this many working days of receipt, replied within
    # this many working days of each referral (China's official calendar, core/workdays.py)
    CONCERN_REFER_WORKING_DAYS = int(_env("CONGRESS_CONCERN_REFER_WORKING_DAYS", "5"))
    CONCERN_REPLY_WORKING_DAYS = int(_env("CONGRESS_CONCERN_REPLY_WORKING_DAYS", "30"))

    # Strict-Transport-Security max-age; 0 sends none (HTTP on a meeting-room LAN)
    HSTS_SECONDS = 0

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

    # Mail (congress/core/mail.py): the SMTP server reminders go out through. No host: no
    # mail, reminders only in the app. STARTTLS upgrades a plain connection (port 587); SSL
    # is SMTP over TLS from the start (port 465). The worker sends (core/notifications.py):
    # a failed message is tried again after MAIL_RETRY_SECONDS, at most MAIL_MAX_ATTEMPTS
    # times; MAIL_LEASE_SECONDS is how long a worker holds a message it is sending.
    SMTP_HOST = _env("CONGRESS_SMTP_HOST")
    SMTP_PORT = int(_env("CONGRESS_SMTP_PORT", "0")) or None
    SMTP_USER = _env("CONGRESS_SMTP_USER")
    SMTP_PASSWORD = _env("CONGRESS_SMTP_PASSWORD")
    SMTP_STARTTLS = _env("CONGRESS_SMTP_STARTTLS", "0") == "1"
    SMTP_SSL = _env("CONGRESS_SMTP_SSL", "0") == "1"
    SMTP_FROM = _env("CONGRESS_SMTP_FROM")
    SMTP_FROM_NAME = _env("CONGRESS_SMTP_FROM_NAME")
    SMTP_TIMEOUT_SECONDS = 20
    MAIL_RETRY_SECONDS = int(_env("CONGRESS_MAIL_RETRY_SECONDS", "600"))
    MAIL_LEASE_SECONDS = 300
    MAIL_MAX_ATTEMPTS = 20
    # Reminders (congress/followup/reminders.py): how often the worker looks for due ones
    # (minutes), and how many working days before a unit's reply is due it is reminded
    REMINDERS_EVERY_MINUTES = int(_env("CONGRESS_REMINDERS_EVERY_MINUTES", "15"))
    REMIND_WORKING_DAYS_BEFORE_DUE = 3
    # A debrief's 开始述职 can be undone this many seconds after it (a mis-click is seen at
    # once); later the reporter has begun, and the report stays on the record
    DEBRIEF_REPORT_UNDO_SECONDS = int(_env("CONGRESS_DEBRIEF_REPORT_UNDO_SECONDS", "60"))

    # Every API answer is checked against its documented schema (congress/api/spec.py): in
    # development and tests, where a drift must fail loudly; production trusts what the tests
    # and the schemathesis run enforced and spares the vote's hot path the second parse.
    API_CHECK_ANSWERS = _env("CONGRESS_API_CHECK_ANSWERS", "1") == "1"


class DevConfig(Config):
    DEBUG = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = secrets.token_hex(32)  # a new random key for every test session
    SQLALCHEMY_DATABASE_URI = _env("CONGRESS_DATABASE_URL", "sqlite://")
    # Fast hash in tests only: the suite creates hundreds of accounts.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    LIVE_POLL_SECONDS = 0.2
    LIVE_TICK_SECONDS = 0.1
    LIVE_HEARTBEAT_SECONDS = 0.5
    JOBS_EMBEDDED_WORKER = False  # a test that needs a worker starts one
    JOBS_POLL_SECONDS = 0.1
    SMTP_HOST = None  # a mail test starts its own server (tests/core/test_mail.py)


class ProductionConfig(Config):
    RATELIMIT_STORAGE_URI = _env("CONGRESS_RATELIMIT_STORAGE_URL", "redis://127.0.0.1:6379")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS_SECONDS = 365 * 24 * 3600
    API_CHECK_ANSWERS = _env("CONGRESS_API_CHECK_ANSWERS", "0") == "1"

    @classmethod
    def check(cls):
        if not cls.SECRET_KEY:
            raise RuntimeError(
                "CONGRESS_SECRET_KEY is not set; the production configuration refuses to start "
                "without it (generate one with: "
                "python -c 'import secrets; print(secrets.token_hex(32))')"
            )


CONFIGS = {
    "development": DevConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
}


def config_from_env():
    """CONGRESS_ENV picks the class (development by default)."""
    return CONFIGS[_env("CONGRESS_ENV", "development")]
