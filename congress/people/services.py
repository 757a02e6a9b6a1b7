"""The write path for people and accounts. Services flush and audit; the request commits."""
import functools
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, delete, func, or_, select, text, update
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from congress.core import live
from congress.core.audit import record, snapshot
from congress.core.auth import Role, hash_token, new_token
from congress.core.database import dialect_name, end_reading
from congress.core.errors import Invalid
from congress.core.time import utcnow
from congress.extensions import db
from congress.organisations.services import create_organisation, root_organisation
from congress.people.models import (
    ApiToken,
    Delegate,
    HandlingUnit,
    LoginFailure,
    User,
    hash_password,
    new_security_stamp,
)

USER_FIELDS = ("username", "name", "role", "organisation_id", "unit_id", "is_enabled")
PIN_DIGITS = 6
# One shared generator drawing from the OS's randomness (it keeps no state of its own).
_PIN_RNG = secrets.SystemRandom()


class Throttled(Exception):
    """Too many failed logins for this account or address."""


def generate_password():
    return secrets.token_urlsafe(12)


def generate_pin(rng=_PIN_RNG):
    return "".join(rng.choice("0123456789") for _ in range(PIN_DIGITS))


# A PIN or password is hashed (scrypt: deliberately slow) before the write it is stored by: a
# service called from a @reads_first endpoint hashes in the reader transaction and takes
# SQLite's write lock only afterwards (end_reading), so other requests never wait on a hash.

@dataclass(frozen=True)
class Credentials:
    secret: str  # shown once, never stored
    hash: str


def pin_credentials(pin=None):
    """A delegate's PIN (new unless given) and its hash."""
    pin = pin or generate_pin()
    return Credentials(pin, hash_password(pin))


def password_credentials(password=None):
    """An account's password (new unless given) and its hash."""
    password = password or generate_password()
    return Credentials(password, hash_password(password))


HASH_THREADS = 2  # hashlib's scrypt releases the GIL: two threads halve the wait on 2 cores


def many_pin_credentials(count):
    """`count` new PINs with their hashes, hashed on HASH_THREADS threads (a roster import)."""
    pins = [generate_pin() for _ in range(count)]
    method = current_app.config["PASSWORD_HASH_METHOD"]
    with ThreadPoolExecutor(max_workers=HASH_THREADS) as pool:
        hashes = pool.map(lambda pin: hash_password(pin, method), pins)
        return [Credentials(pin, pin_hash) for pin, pin_hash in zip(pins, hashes, strict=True)]


def _check_username_free(username):
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Invalid(_l("username: %(name)s is already taken", name=username), field="username")


def default_organisation(actor):
    """Where an object made by `actor` belongs when nobody says: the actor's organisation, or
    the root organisation for the system's own work (the CLI, the demo)."""
    if actor is not None and getattr(actor, "organisation", None) is not None:
        return actor.organisation
    return root_organisation()


def create_user(actor, *, username, name, role, password=None, unit=None, organisation=None,
                credentials=None):
    """Make an account of `organisation` (default: the actor's); returns (user, password) —
    the password is shown only once. `credentials` (password_credentials()) were hashed
    beforehand; otherwise the password is hashed here, before the write lock is taken."""
    role = Role(role)
    organisation = organisation or (unit.organisation if unit is not None
                                    else default_organisation(actor))
    if unit is not None and role is Role.unit and unit.organisation_id != organisation.id:
        raise Invalid(_l("unit_id: the unit belongs to another organisation"), field="unit_id")
    username = username.strip()
    if not username:
        raise Invalid(_l("username: must not be empty"), field="username")
    if role is Role.unit and unit is None:
        raise Invalid(_l("unit_id: a handling-unit account needs a unit"), field="unit_id")
    credentials = credentials or password_credentials(password)
    end_reading()
    _check_username_free(username)
    user = User(username=username, name=name.strip() or username, role=role,
                organisation=organisation, unit=unit if role is Role.unit else None,
                password_hash=credentials.hash)
    db.session.add(user)
    db.session.flush()
    record(actor, "user.create", user, after=snapshot(user, USER_FIELDS))
    return user, credentials.secret


def create_organisation_with_secretariat(actor, parent, *, name, level=None, username,
                                         user_name):
    """A child organisation of `parent` and its first secretariat account, who sets up the
    rest; returns (user, password) — the password is shown only once."""
    credentials = password_credentials()
    end_reading()
    organisation = create_organisation(actor, name=name, parent=parent, level=level)
    return create_user(actor, username=username, name=user_name or username,
                       role=Role.secretariat, credentials=credentials,
                       organisation=organisation)


def set_user_enabled(actor, user, enabled):
    end_reading()
    before = snapshot(user, USER_FIELDS)
    user.is_enabled = enabled
    record(actor, "user.enable" if enabled else "user.disable", user, before=before,
           after=snapshot(user, USER_FIELDS))
    if not enabled:
        end_sessions(actor, [user], "disabled")


def reset_password(actor, user):
    credentials = pin_credentials() if user.role is Role.delegate else password_credentials()
    end_reading()
    user.password_hash = credentials.hash
    record(actor, "user.reset_password", user)
    end_sessions(actor, [user], "password_reset")
    return credentials.secret


def create_unit(actor, name, organisation=None):
    """A handling unit of `organisation` (default: the actor's)."""
    organisation = organisation or default_organisation(actor)
    name = (name or "").strip()
    if not name:
        raise Invalid(_l("name: must not be empty"), field="name")
    if db.session.scalar(select(HandlingUnit.id).where(
            HandlingUnit.organisation_id == organisation.id, HandlingUnit.name == name)):
        raise Invalid(_l("name: a unit called %(name)s exists", name=name), field="name")
    unit = HandlingUnit(name=name, organisation=organisation)
    db.session.add(unit)
    db.session.flush()
    record(actor, "unit.create", unit, after={"name": name})
    return unit


# --- sessions: one way to end them -------------------------------------------------------------

def end_sessions(actor, users, reason):
    """End every page session and every API token of these users at once.

    Each gets a new security stamp, which turns away every session cookie made before it
    (User.get_id and core.web's user_loader check it on every request); their tokens are
    revoked; their open event streams end at the live broker's next check (at once in this
    process, within a heartbeat in the others). Logout, password and PIN resets, printed
    login cards and disabling an account all come here. One audit entry per user."""
    users = list(users)
    for user in users:
        user.security_stamp = new_security_stamp()
        record(actor, "user.end_sessions", user, after={"reason": reason})
    if users:
        db.session.execute(update(ApiToken)
                           .where(ApiToken.user_id.in_([u.id for u in users]),
                                  ApiToken.revoked_at.is_(None))
                           .values(revoked_at=utcnow()))
        live.check_streams_after_commit()


def ended_streams(owners):
    """Of these live-stream owners (live_stream.StreamOwner), those whose session has ended: a new
    security stamp, a disabled or deleted account, or a revoked token. The live broker asks
    this for all its streams at once, with two queries."""
    user_ids = {o.user_id for o in owners if o.user_id is not None}
    token_ids = {o.token_id for o in owners if o.token_id is not None}
    users = {row.id: row for row in db.session.execute(
        select(User.id, User.security_stamp, User.is_enabled).where(User.id.in_(user_ids)))}
    live_tokens = set(db.session.scalars(select(ApiToken.id).where(
        ApiToken.id.in_(token_ids), ApiToken.revoked_at.is_(None)))) if token_ids else set()
    ended = set()
    for owner in owners:
        if owner.user_id is None:
            continue  # a projector link: ends only with the secret key
        row = users.get(owner.user_id)
        if row is None or not row.is_enabled \
                or (owner.stamp is not None and owner.stamp != row.security_stamp) \
                or (owner.token_id is not None and owner.token_id not in live_tokens):
            ended.add(owner)
    return ended


# --- login and its throttle ------------------------------------------------------------------
# A sign-in is three short steps (people.login.sign_in runs them):
# 1. reserve_attempt: in a write transaction of its own, under a lock on the account and the
#    address, count the recent attempts and add this one as a failure. It is committed before
#    the hash is checked, so parallel attempts count it: no more than the limit are ever
#    checked, however many arrive at once.
# 2. password_matches: the user is read as a SQLite reader (no write lock) and the hash is
#    checked outside any lock, against a dummy hash of the same method when there is no such
#    user, so unknown and known usernames take the same time.
# 3. finish_login: a success takes back its attempt and the earlier failures of the same
#    account from the same address; a failure keeps it. The caller commits.
# Failures count per (account, address) and per address: a stranger's wrong guesses from
# another tablet never lock a delegate out. A per-account ceiling far above anyone's typing
# errors stops a slow guess spread over many addresses.

THROTTLE_LOCKS = {"address": 7_201_227, "account": 7_201_228}  # pg advisory lock spaces


def _lock_throttle(username, address):
    """PostgreSQL: serialize the count-and-insert of attempts that share the address or the
    account (on SQLite every writer holds the one write lock already). Always the address
    first, then the account, each in a lock space of its own: no two attempts wait on each
    other in a circle."""
    if dialect_name() != "postgresql":
        return
    for space, key in ((THROTTLE_LOCKS["address"], address),
                       (THROTTLE_LOCKS["account"], username)):
        db.session.execute(text("SELECT pg_advisory_xact_lock(:space, hashtext(:key))"),
                           {"space": space, "key": key})


def _recent_attempts(username, address):
    """(this account from this address, this address, this account) over the window."""
    window = timedelta(seconds=current_app.config["LOGIN_THROTTLE_WINDOW_SECONDS"])
    pair = and_(LoginFailure.username == username, LoginFailure.address == address)
    row = db.session.execute(
        select(func.count(LoginFailure.id).filter(pair),
               func.count(LoginFailure.id).filter(LoginFailure.address == address),
               func.count(LoginFailure.id).filter(LoginFailure.username == username))
        .where(LoginFailure.at > utcnow() - window,
               or_(LoginFailure.username == username, LoginFailure.address == address))
    ).one()
    return tuple(row)


def reserve_attempt(username, address):
    """Count this attempt before its password is checked; its id, or Throttled.

    A throttled attempt is refused before the password is even checked, so a correct guess
    during the lock-out does not get in either (from that address)."""
    config = current_app.config
    _lock_throttle(username, address)
    limits = (config["LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS"], config["LOGIN_THROTTLE_PER_ADDRESS"],
              config["LOGIN_THROTTLE_PER_ACCOUNT"])
    attempts = _recent_attempts(username, address)
    if any(n >= limit for n, limit in zip(attempts, limits, strict=True)):
        raise Throttled()
    attempt = LoginFailure(username=username, address=address)
    db.session.add(attempt)
    db.session.flush()
    return attempt.id


def login_user_named(username):
    return db.session.scalar(select(User).where(User.username == username))


@functools.cache
def _dummy_hash(method):
    return generate_password_hash(secrets.token_hex(16), method=method)


def password_matches(user, password):
    """Whether the password is the user's, for an active user. The hash is checked in every
    case, for a missing user against a dummy hash of the configured method, so the answer
    takes as long whether the username exists or not."""
    stored = user.password_hash if user is not None else \
        _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])
    matches = check_password_hash(stored, password or "")
    return matches and user is not None and user.is_active


def finish_login(attempt_id, username, address, user, ok):
    """Record the outcome of a reserved attempt; the user on success, else None."""
    if not ok:
        record(user, "user.login_failed", user, after={"username": username,
                                                       "address": address})
        return None
    db.session.execute(delete(LoginFailure).where(or_(
        LoginFailure.id == attempt_id,
        and_(LoginFailure.username == username, LoginFailure.address == address))))
    record(user, "user.login", user, after={"address": address})
    return user


# --- API tokens ------------------------------------------------------------------------------

def issue_token(user):
    token, token_hash = new_token()
    db.session.add(ApiToken(user=user, token_hash=token_hash))
    record(user, "token.issue", user)
    return token


@functools.cache
def _token_query():
    """Every API call runs this query: built once (after all models are mapped), so a call
    only binds the hash. The user and their delegate are plain entities of one join: an
    eager-loading option costs more per call than the query itself."""
    return (select(User, Delegate, ApiToken.id)
            .join(ApiToken, ApiToken.user_id == User.id)
            .outerjoin(Delegate, Delegate.user_id == User.id)
            .where(ApiToken.token_hash == bindparam("token_hash"),
                   ApiToken.revoked_at.is_(None)))


def user_for_token(token):
    """(user, token id) for a token that is not revoked, of an active account; else
    (None, None). The user's delegate comes loaded (no query when it is read)."""
    row = db.session.execute(_token_query(), {"token_hash": hash_token(token)}).first()
    if row is None or not row[0].is_active:
        return None, None
    user, delegate, token_id = row
    set_committed_value(user, "delegate", delegate)
    return user, token_id


def revoke_token(user, token_id):
    db.session.get(ApiToken, token_id).revoked_at = utcnow()
    record(user, "token.revoke", user)
    live.check_streams_after_commit()
