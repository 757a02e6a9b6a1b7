"""Sealing the ballot box at close: after it, nothing stored links a paper, a mark or a receipt
to a delegate or to the order of voting.

While a ballot is open, each vote writes its participation, paper, receipt and marks in one
transaction. So they share PostgreSQL's transaction id (`xmin`), they lie in storage in the
order of voting (heap order; cell offsets inside SQLite's pages), and SQLite's WAL holds a
frame for every vote. Two steps undo that:

1. `seal(ballot)`, in the close's transaction: the ballot's papers (with new random ids), marks,
   names written in (an election's), receipts and participations (without their replay fields) are
   deleted and written again, papers, marks and names in the order of the new ids, receipts sorted,
   participations in delegate order, so every row carries the close's transaction and no order of
   arrival; the `ballot.vote` audit entries are written from the participations in delegate order,
   all with the close's time. On SQLite, `secure_delete` zeroes what the deletes free.
2. After that transaction commits (a rewrite inside it would keep the dead versions):
   `rewrite_storage()` puts the tables into new storage without the old row versions —
   PostgreSQL: CLUSTER of each table in its own short transaction, once no snapshot older
   than the close is left; SQLite: VACUUM, then a checkpoint that truncates the WAL.

docs/decisions.md says what an operator can still see while a ballot is open.
"""
import logging
import secrets
import time

from flask import has_app_context
from sqlalchemy import event, insert, literal, select, text
from sqlalchemy.orm import Session

from congress.ballots.count_models import BallotWriteIn
from congress.ballots.models import (
    BallotMark,
    BallotPaper,
    BallotReceipt,
    Participation,
    ParticipationChannel,
)
from congress.core.audit import AuditEntry
from congress.core.database import dialect_name
from congress.core.time import UTCDateTime
from congress.extensions import db
from congress.people.models import Delegate

log = logging.getLogger(__name__)

SEALED_TABLES = ("ballot_marks", "ballot_write_ins", "ballot_papers", "ballot_receipts",
                 "ballot_participations")
PENDING = "ballots_storage_to_rewrite"  # session.info: the close's transaction id, or True
SNAPSHOT_WAIT_SECONDS = 5.0
LOCK_TIMEOUT = "2s"



def _vote_entries(ballot):
    """The `ballot.vote` audit entries: one per tablet participation (a paper's delegate has
    the secretariat's `ballot.paper_issue` entry instead), in delegate order, all at the
    close's time, as AuditEntry defines its row (the columns record() fills for one entry;
    no before/after)."""
    voters = (select(literal(ballot.closed_at, UTCDateTime()), Delegate.user_id,
                     literal(ballot.meeting_id), literal("ballot.vote"),
                     literal(type(ballot).__name__), literal(ballot.id))
              .join_from(Participation, Delegate, Delegate.id == Participation.delegate_id)
              .where(Participation.ballot_id == ballot.id,
                     Participation.channel == ParticipationChannel.tablet)
              .order_by(Participation.delegate_id))
    return insert(AuditEntry).from_select(
        ["at", "actor_id", "meeting_id", "action", "target_type", "target_id"], voters)


def seal(ballot):
    """Rewrite the ballot's secret rows under the close's transaction (step 1 above) and mark
    the session so that their storage is rewritten once it commits (step 2)."""
    postgres = dialect_name() == "postgresql"
    db.session.flush()
    if not postgres:  # stays on for this pooled connection: its deletes zero their bytes
        db.session.execute(text("PRAGMA secure_delete = ON"))
    papers, marks, write_ins, receipts, delegates = _read_box(ballot.id)
    for table in SEALED_TABLES:
        db.session.execute(db.metadata.tables[table].delete().where(
            db.metadata.tables[table].c.ballot_id == ballot.id))
    new_ids = {old: secrets.token_hex(16) for old in papers}
    b = ballot.id
    _insert(BallotPaper, ("id", "ballot_id"), [(new, b) for new in sorted(new_ids.values())])
    _insert(BallotMark, ("paper_id", "subject_id", "ballot_id", "option_id"),
            sorted((new_ids[paper], subject, b, option) for paper, subject, option in marks))
    _insert(BallotWriteIn, ("paper_id", "name", "ballot_id"),
            sorted((new_ids[paper], name, b) for paper, name in write_ins))
    _insert(BallotReceipt, ("ballot_id", "receipt"), [(b, r) for r in sorted(receipts)])
    _insert(Participation, ("ballot_id", "delegate_id", "channel"),
            [(b, d, channel) for d, channel in sorted(delegates)])
    db.session.execute(_vote_entries(ballot))
    closing = (db.session.scalar(text("SELECT CAST(pg_current_xact_id() AS text)"))
               if postgres else True)
    db.session().info[PENDING] = closing


def _read_box(ballot_id):
    """(paper ids, (paper, subject, option) marks, (paper, name) names written in, receipts,
    (delegate id, channel)) of the ballot."""
    params = {"ballot_id": ballot_id}
    return (db.session.scalars(text("SELECT id FROM ballot_papers WHERE ballot_id = :ballot_id"),
                               params).all(),
            db.session.execute(text("SELECT paper_id, subject_id, option_id FROM ballot_marks "
                                    "WHERE ballot_id = :ballot_id"), params).all(),
            db.session.execute(text("SELECT paper_id, name FROM ballot_write_ins "
                                    "WHERE ballot_id = :ballot_id"), params).all(),
            db.session.scalars(text("SELECT receipt FROM ballot_receipts "
                                    "WHERE ballot_id = :ballot_id"), params).all(),
            [tuple(row) for row in db.session.execute(text(
                "SELECT delegate_id, channel FROM ballot_participations "
                "WHERE ballot_id = :ballot_id"), params)])


def _insert(model, columns, rows):
    """Insert the rows (tuples of `columns`) in the given order: on PostgreSQL one statement
    over arrays (`unnest`), a third of the time of batched VALUES at 27,000 marks; on SQLite
    one executemany."""
    if not rows:
        return
    table = model.__table__
    names = ", ".join(columns)
    if dialect_name() == "postgresql":
        dialect = db.session.get_bind().dialect
        arrays = ", ".join(f"CAST(:c{i} AS {table.c[name].type.compile(dialect)}[])"
                           for i, name in enumerate(columns))
        db.session.execute(text(f"INSERT INTO {table.name} ({names}) "
                                f"SELECT * FROM unnest({arrays})"),
                           {f"c{i}": list(values)
                            for i, values in enumerate(zip(*rows, strict=True))})
    else:
        marks = ", ".join(f":c{i}" for i in range(len(columns)))
        db.session.execute(text(f"INSERT INTO {table.name} ({names}) VALUES ({marks})"),
                           [{f"c{i}": v for i, v in enumerate(row)} for row in rows])


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    closing = session.info.pop(PENDING, None)
    if closing is not None and has_app_context():
        try:
            rewrite_storage(closing)
        except Exception:  # the close is committed: say so loudly, do not fail the request
            log.exception("ballots: the storage of the sealed tables was not rewritten; run "
                          "`flask seal-ballots`")


@event.listens_for(Session, "after_rollback")
def _after_rollback(session):
    session.info.pop(PENDING, None)


def rewrite_storage(closing=True):
    """Step 2: the sealed tables into new storage that keeps no earlier row version.
    `closing` is the close's transaction id on PostgreSQL (its older snapshots are waited
    for), anything else to rewrite at once."""
    started = time.monotonic()
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            if isinstance(closing, str):
                _wait_for_older_snapshots(conn, int(closing))
            # A CLUSTER waiting for its lock queues the votes of any other open ballot behind
            # it: give up after a while rather than stall them (the log says what to do).
            conn.exec_driver_sql(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            try:
                for table in SEALED_TABLES:  # one short transaction each: no lock held across
                    conn.exec_driver_sql(f"CLUSTER {table} USING pk_{table}")
            finally:
                conn.exec_driver_sql("RESET lock_timeout")
        else:
            _vacuum_sqlite(conn.connection.dbapi_connection)
    log.info("ballots: the ballot box tables were rewritten in %.2f s",
             time.monotonic() - started)


def _vacuum_sqlite(driver):
    """VACUUM rebuilds the whole file from the live rows (in key order), so no freed cell,
    stale page or old cell order survives; the checkpoint then copies it into the database
    file and truncates the WAL, which held a frame for every vote. The write lock is held
    for the VACUUM only, after the close committed."""
    driver.execute("VACUUM")
    busy, _log, _done = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        log.warning("ballots: readers kept the WAL from being truncated after a close; "
                    "run `flask seal-ballots` when the room is quiet")


# Transactions whose snapshot or own id is not newer than the close: while one runs, the rows
# the close deleted may still be visible to it, and CLUSTER would copy them into the new table.
_OLDER_SNAPSHOTS = text(
    "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
    "AND (datname = current_database() OR backend_type = 'walsender') "
    "AND (age(backend_xmin) >= age(CAST(:xid AS xid)) "
    "OR age(backend_xid) >= age(CAST(:xid AS xid)))")


def _wait_for_older_snapshots(conn, closing_xid):
    """Wait (up to SNAPSHOT_WAIT_SECONDS) until no transaction of this database started
    before the close committed; requests are short, so this is normally at once."""
    xid = str(closing_xid % 2**32)  # xid8 -> the 32-bit xid that pg_stat_activity shows
    deadline = time.monotonic() + SNAPSHOT_WAIT_SECONDS
    while conn.scalar(_OLDER_SNAPSHOTS, {"xid": xid}):
        if time.monotonic() > deadline:
            log.warning("ballots: a transaction older than the close still runs; old row "
                        "versions of the sealed tables may survive until `flask seal-ballots`")
            return
        time.sleep(0.02)
