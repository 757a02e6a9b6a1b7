"""The write path for ballots: create, open (quorum gate), cast (secret, exactly once), close
(results frozen from the marks, receipts digest, the ballot box sealed: ballots/sealing.py),
and the read models for turnout and results."""
import hashlib
import hmac
import json
import secrets
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, text

from congress.ballots import sealing
from congress.ballots.models import (Ballot, BallotKind, BallotMark, BallotOption, BallotPaper,
                                     BallotReceipt, BallotStatus, BallotSubject, Participation,
                                     SubjectResult)
from congress.ballots.tally import (Option, as_decimal, motion_passed, rank_by_score,
                                    tally_subject)
from congress.core import live
from congress.core.audit import record
from congress.core.database import dialect_name, end_reading, execute_on_driver
from congress.core.errors import Conflict, Forbidden, Invalid
from congress.extensions import db
from congress.meetings.models import Attendance, AttendanceStatus
from congress.meetings.services import attendance_summary
from congress.people.models import Delegate, Delegation

DEFAULT_OPTIONS = {
    BallotKind.rating: (("好", "1.0", True), ("较好", "0.8", True), ("一般", "0.6", False),
                        ("差", "0.4", False)),
    BallotKind.motion: (("赞成", "1", True), ("反对", "0", False), ("弃权", "0", False)),
}
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
MIN_IDEMPOTENCY_KEY = 16


# --- creating ---------------------------------------------------------------------------------

def _parse_options(kind, options):
    if not options:
        return [(label, Decimal(w), fav) for label, w, fav in DEFAULT_OPTIONS[kind]]
    parsed = []
    for index, option in enumerate(options):
        label = str(option.get("label") or "").strip()
        if not label or len(label) > 32:
            raise Invalid(_l("options: option %(n)s needs a label of 1 to 32 characters",
                             n=index + 1), field="options")
        try:
            weight = Decimal(str(option.get("weight", 0)))
        except InvalidOperation:
            weight = Decimal(-1)
        if not Decimal(0) <= weight <= Decimal(1) or isinstance(option.get("weight"), bool):
            raise Invalid(_l("options: the weight of %(label)s must be between 0 and 1",
                             label=label), field="options")
        favourable = option.get("favourable", False)
        if not isinstance(favourable, bool):
            raise Invalid(_l("options: favourable must be true or false"), field="options")
        parsed.append((label, weight, favourable))
    if len(parsed) < 2:
        raise Invalid(_l("options: a ballot needs at least two options"), field="options")
    if len({p[0] for p in parsed}) != len(parsed):
        raise Invalid(_l("options: labels must differ"), field="options")
    return parsed


def create_ballot(actor, meeting, *, title, kind, subjects, options=None, pass_ratio="0.5"):
    title = (title or "").strip()
    if not title:
        raise Invalid(_l("title: must not be empty"), field="title")
    try:
        kind = BallotKind(kind)
    except ValueError:
        raise Invalid(_l("kind: must be rating or motion"), field="kind")
    subject_titles = [str(s).strip() for s in subjects if str(s).strip()]
    if not subject_titles:
        raise Invalid(_l("subjects: at least one subject with a title"), field="subjects")
    if len(set(subject_titles)) != len(subject_titles):
        raise Invalid(_l("subjects: titles must differ"), field="subjects")
    ballot = Ballot(meeting=meeting, title=title, kind=kind, status=BallotStatus.draft,
                    pass_ratio=Decimal(str(pass_ratio)))
    ballot.subjects = [BallotSubject(position=i, title=t) for i, t in enumerate(subject_titles)]
    ballot.options = [BallotOption(position=i, label=label, weight=weight, is_favourable=fav)
                      for i, (label, weight, fav) in enumerate(_parse_options(kind, options))]
    db.session.add(ballot)
    db.session.flush()
    record(actor, "ballot.create", ballot, meeting=meeting, after={
        "title": title, "kind": kind.value, "subjects": subject_titles,
        "options": [[o.label, str(o.weight), o.is_favourable] for o in ballot.options]})
    return ballot


def delete_ballot(actor, ballot):
    if ballot.status is not BallotStatus.draft:
        raise Conflict(_l("Only a ballot that has not been opened can be deleted."))
    record(actor, "ballot.delete", ballot, before={"title": ballot.title})
    db.session.delete(ballot)
    db.session.flush()


# --- opening and closing ----------------------------------------------------------------------

def _lock(ballot):
    """Lock the ballot row and re-read it, in one statement: casts share the lock
    (`vote_target`), opening and closing take it alone, so no vote can land after the count.
    On SQLite every such transaction already holds the write lock from its first statement
    (BEGIN IMMEDIATE), so the row read in this transaction is current and there is nothing
    to add."""
    if dialect_name() == "sqlite" and ballot in db.session and db.session().in_transaction():
        return
    db.session.execute(select(Ballot).where(Ballot.id == ballot.id)
                       .with_for_update()
                       .execution_options(populate_existing=True))


def open_ballot(actor, ballot):
    _lock(ballot)
    summary = attendance_summary(ballot.meeting)
    if not summary.quorum_met:
        raise Conflict(_l("No quorum: %(present)s present of %(due)s due, %(needed)s needed.",
                          present=summary.present, due=summary.due, needed=summary.quorum_needed),
                       code="no_quorum")
    ballot.open()
    record(actor, "ballot.open", ballot, before={"status": "draft"},
           after={"status": "open", "due": summary.due, "present": summary.present})
    announce_ballot(ballot)


def announce_ballot(ballot):
    """A `ballot` event: its state and turnout (results only once closed, never choices)."""
    data = {"ballot_id": ballot.id, "status": ballot.status.value, "title": ballot.title,
            "turnout": turnout(ballot)}
    live.publish(ballot.meeting_id, "ballot", data)


def close_ballot(actor, ballot):
    """Close, count the marks, freeze the results, publish the receipts digest and seal the
    ballot box (its rows rewritten now, their storage after the commit: sealing.seal)."""
    _lock(ballot)
    ballot.close()
    summary = attendance_summary(ballot.meeting)
    ballot.due_at_close, ballot.present_at_close = summary.due, summary.present
    ballot.cast_count = db.session.scalar(
        select(func.count()).select_from(BallotPaper).where(BallotPaper.ballot_id == ballot.id))
    ballot.blank_count = db.session.scalar(
        select(func.count()).select_from(BallotPaper).where(
            BallotPaper.ballot_id == ballot.id,
            ~exists().where(BallotMark.paper_id == BallotPaper.id)))
    _freeze_results(ballot)
    ballot.receipts_digest = receipts_digest(receipt_list(ballot))
    sealing.seal(ballot)
    record(actor, "ballot.close", ballot, before={"status": "open"}, after={
        "status": "closed", "cast": ballot.cast_count, "present": ballot.present_at_close,
        "digest": ballot.receipts_digest})
    announce_ballot(ballot)


def _freeze_results(ballot):
    counts = {}
    for subject_id, option_id, n in db.session.execute(
            select(BallotMark.subject_id, BallotMark.option_id, func.count())
            .where(BallotMark.ballot_id == ballot.id)
            .group_by(BallotMark.subject_id, BallotMark.option_id)):
        counts.setdefault(subject_id, {})[option_id] = n
    options = [Option(o.id, o.weight, o.is_favourable) for o in ballot.options]
    outcomes = [tally_subject(counts.get(s.id, {}), ballot.cast_count, options)
                for s in ballot.subjects]
    if ballot.kind is BallotKind.rating:
        outcomes = rank_by_score(outcomes)
    for subject, outcome in zip(ballot.subjects, outcomes):
        passed = (motion_passed(outcome, ballot.present_at_close, ballot.pass_ratio)
                  if ballot.kind is BallotKind.motion else None)
        db.session.add(SubjectResult(
            ballot_id=ballot.id, subject_id=subject.id, position=subject.position,
            counts={str(k): v for k, v in outcome.counts.items()}, abstain=outcome.abstain,
            favourable_rate=as_decimal(outcome.favourable_rate, 6),
            score=as_decimal(outcome.score, 4), rank=outcome.rank, passed=passed))
    db.session.flush()
    db.session.expire(ballot, ["results"])


# --- casting ----------------------------------------------------------------------------------

def _replay_secrets(ballot, key):
    check = hashlib.sha256(f"congress-replay-check:{ballot.id}:{key}".encode()).hexdigest()
    pad = hmac.new(key.encode(), f"congress-receipt-pad:{ballot.id}".encode(),
                   hashlib.sha256).digest()
    return check, pad


def _box(receipt, pad):
    return bytes(a ^ b for a, b in zip(receipt.encode(), pad)).hex()


def _unbox(box, pad):
    return bytes(a ^ b for a, b in zip(bytes.fromhex(box), pad)).decode()


def new_receipt():
    """Ten characters drawn uniformly from RECEIPT_ALPHABET: the digits of one secret number
    below 31^10 (one draw from the system's randomness instead of ten)."""
    base = len(RECEIPT_ALPHABET)
    number, code = secrets.randbelow(base ** 10), []
    for _ in range(10):
        number, digit = divmod(number, base)
        code.append(RECEIPT_ALPHABET[digit])
    return f"{''.join(code[:5])}-{''.join(code[5:])}"


# The vote is the hot path (every delegate at once): its statements are written once as SQL
# with :name parameters and go straight to the driver (database.execute_on_driver): two on
# PostgreSQL (the read that takes the ballot lock, then one statement that writes the whole
# vote), a read and four INSERTs on SQLite (participation, paper, receipt, marks). A vote
# writes no audit row: its participation row is the record that the delegate voted, and the
# close turns the participations into `ballot.vote` entries (sealing.py), so no row in the
# shared audit table ever carries the time, id order or transaction of a vote.
_OPEN, _PRESENT = BallotStatus.open.value, AttendanceStatus.present.value
_VOTE_TARGET = ("SELECT b.id, b.meeting_id, b.opened_at, b.status, a.status FROM ballots b "
                "LEFT JOIN attendances a ON a.delegate_id = :delegate_id WHERE b.id = :ballot_id")
# casts share the ballot row's lock; close takes it alone, so no vote lands after the count.
# The lock must be taken by this read, before the vote's INSERTs: their statement locks the
# ballot tables at once, and a close rewriting those tables (a CLUSTER in the close's own
# transaction, once) deadlocked with a vote that waited for the ballot row only then.
_VOTE_TARGET_POSTGRES = _VOTE_TARGET + " FOR SHARE OF b"
# The participation row is written only while the ballot is open and the delegate present,
# checked in the same statement: on SQLite the vote's reads ran in an earlier transaction
# (database.end_reading), so what they saw is re-checked under the write lock.
_PARTICIPATION = (
    "INSERT INTO ballot_participations (ballot_id, delegate_id, replay_check, receipt_box) "
    "SELECT :ballot_id, :delegate_id, :check, :box "
    f"WHERE EXISTS (SELECT 1 FROM ballots WHERE id = :ballot_id AND status = '{_OPEN}') "
    "AND EXISTS (SELECT 1 FROM attendances WHERE delegate_id = :delegate_id "
    f"AND status = '{_PRESENT}') "
    "ON CONFLICT DO NOTHING RETURNING delegate_id")
_INSERT_PAPER = "INSERT INTO ballot_papers (id, ballot_id) VALUES (:id, :ballot_id)"
# the receipt in its own table: it names no paper
_INSERT_RECEIPT = "INSERT INTO ballot_receipts (ballot_id, receipt) VALUES (:ballot_id, :receipt)"
# every mark of the paper in one statement, however many subjects (a rating ballot has one per
# secretary): {subject id: option id} as a JSON object
_INSERT_MARKS = ("INSERT INTO ballot_marks (paper_id, ballot_id, subject_id, option_id) "
                 "SELECT :paper_id, :ballot_id, CAST(m.key AS INTEGER), m.value "
                 "FROM json_each(:marks) AS m")
# PostgreSQL: the same rows and the turnout tick's NOTIFY in one round-trip. Data-modifying
# WITH clauses all run to completion; the paper, its marks, the receipt and the NOTIFY come
# only from the participation row this statement wrote, so a refused vote writes nothing and
# returns no row.
_WRITE_VOTE_POSTGRES = (
    f"WITH voter AS ({_PARTICIPATION}), "
    "paper AS (INSERT INTO ballot_papers (id, ballot_id) "
    "SELECT :paper_id, :ballot_id FROM voter RETURNING id), "
    "marks AS (INSERT INTO ballot_marks (paper_id, ballot_id, subject_id, option_id) "
    "SELECT paper.id, :ballot_id, m.subject_id, m.option_id FROM paper, "
    "unnest(CAST(:subject_ids AS integer[]), CAST(:option_ids AS integer[])) "
    "AS m(subject_id, option_id)), "
    "receipt AS (INSERT INTO ballot_receipts (ballot_id, receipt) "
    "SELECT :ballot_id, :receipt FROM voter) "
    "SELECT pg_notify(:channel, :payload) FROM voter")
_SUBJECTS_AND_OPTIONS = text(
    "SELECT 's', id FROM ballot_subjects WHERE ballot_id = :ballot_id "
    "UNION ALL SELECT 'o', id FROM ballot_options WHERE ballot_id = :ballot_id")
_IDS = {}  # (ballot id, opened at) -> ({subject id as str}, {option id}); fixed once opened


def _subject_and_option_ids(ballot):
    """({subject id as str}, {option id}): read once per process for an open ballot (its
    subjects and options cannot change after it opened), every time for one that is not."""
    key = (ballot.id, ballot.opened_at)
    cached = _IDS.get(key) if ballot.opened_at is not None else None
    if cached is not None:
        return cached
    rows = db.session.execute(_SUBJECTS_AND_OPTIONS, {"ballot_id": ballot.id}).all()
    ids = ({str(i) for kind, i in rows if kind == "s"}, {i for kind, i in rows if kind == "o"})
    if ballot.opened_at is not None:
        if len(_IDS) > 256:
            _IDS.clear()
        _IDS[key] = ids
    return ids


def _validate_choices(ballot, choices):
    if not isinstance(choices, dict):
        raise Invalid(_l("choices: must be an object of subject id → option id"),
                      field="choices")
    subjects, options = _subject_and_option_ids(ballot)
    marks = {}
    for subject_id, option_id in choices.items():
        if str(subject_id) not in subjects:
            raise Invalid(_l("choices: %(id)s is not a subject of this ballot", id=subject_id),
                          field="choices")
        if option_id is None:
            continue  # explicitly left out: an abstention
        if not isinstance(option_id, int) or isinstance(option_id, bool) \
                or option_id not in options:
            raise Invalid(_l("choices: %(id)s is not an option of this ballot", id=option_id),
                          field="choices")
        marks[int(subject_id)] = option_id
    return marks


class VoteTarget(NamedTuple):
    """What a vote needs of its ballot and of the voter's attendance, in one read."""
    id: int
    meeting_id: int
    opened_at: object  # as the driver returns it: only compared (a key of the ids cache)
    is_open: bool
    is_checked_in: bool


def vote_target(ballot_id, delegate):
    """The ballot as a vote sees it (None if there is no such ballot), read under the shared
    ballot lock on PostgreSQL; `delegate` may be None (then nobody is checked in)."""
    params = {"ballot_id": ballot_id, "delegate_id": delegate.id if delegate else None}
    statement = _VOTE_TARGET_POSTGRES if dialect_name() == "postgresql" else _VOTE_TARGET
    row = execute_on_driver(statement, params).fetchone()
    if row is None:
        return None
    return VoteTarget(row[0], row[1], row[2], row[3] == _OPEN, row[4] == _PRESENT)


def cast_vote(delegate, ballot, choices, idempotency_key=None):
    """Cast a delegate's secret ballot; returns (receipt, is_new). `ballot` is a Ballot or the
    VoteTarget the caller has read.

    The participation, the paper and the receipt are written in this one transaction; the
    unique primary key on (ballot, delegate) refuses a second vote even when two arrive at
    once. A resend with the same idempotency key returns the first receipt while the ballot is
    open.
    """
    if idempotency_key is not None and (not isinstance(idempotency_key, str)
                                        or not MIN_IDEMPOTENCY_KEY <= len(idempotency_key) <= 200):
        raise Invalid(_l("idempotency_key: must be a string of 16 to 200 characters"),
                      field="idempotency_key")
    target = ballot if isinstance(ballot, VoteTarget) else vote_target(ballot.id, delegate)
    _check_may_vote(target, delegate)
    marks = _validate_choices(target, choices)
    check, pad = _replay_secrets(target, idempotency_key) if idempotency_key else (None, None)
    receipt = new_receipt()
    end_reading()  # SQLite: the write lock from here to the commit only
    vote = _Vote(target, delegate, check, _box(receipt, pad) if pad else None,
                 secrets.token_hex(16), receipt, marks)
    write = _write_vote_postgres if dialect_name() == "postgresql" else _write_vote_sqlite
    if not write(vote):
        return _refused(target, delegate, check, pad), False
    return receipt, True


class _Vote(NamedTuple):
    target: VoteTarget
    delegate: object
    replay_check: str | None
    receipt_box: str | None
    paper_id: str
    receipt: str
    marks: dict


def _write_vote_sqlite(vote):
    """Write the participation row unless the delegate has one (or may no longer vote), then
    the paper, the receipt and the paper's marks; True when written.

    The primary key decides, in the database: a concurrent second vote waits for the first
    transaction and then inserts nothing (ON CONFLICT DO NOTHING), so the transaction stays
    usable for the replay answer.
    """
    ballot_id, meeting_id = vote.target.id, vote.target.meeting_id
    if execute_on_driver(_PARTICIPATION, {
            "ballot_id": ballot_id, "delegate_id": vote.delegate.id,
            "check": vote.replay_check, "box": vote.receipt_box}).fetchone() is None:
        return False
    execute_on_driver(_INSERT_PAPER, {"id": vote.paper_id, "ballot_id": ballot_id})
    execute_on_driver(_INSERT_RECEIPT, {"ballot_id": ballot_id, "receipt": vote.receipt})
    if vote.marks:
        execute_on_driver(_INSERT_MARKS, {"paper_id": vote.paper_id, "ballot_id": ballot_id,
                                          "marks": json.dumps(vote.marks)})
    live.touch(meeting_id, "turnout", ballot_id)  # coalesced: no event row per vote
    return True


def _write_vote_postgres(vote):
    """_write_vote_sqlite's rows in one statement (see _WRITE_VOTE_POSTGRES)."""
    ballot_id, meeting_id = vote.target.id, vote.target.meeting_id
    written = execute_on_driver(_WRITE_VOTE_POSTGRES, {
        "ballot_id": ballot_id, "delegate_id": vote.delegate.id, "check": vote.replay_check,
        "box": vote.receipt_box, "paper_id": vote.paper_id, "receipt": vote.receipt,
        "subject_ids": list(vote.marks), "option_ids": list(vote.marks.values())}
        | live.tick_notice(meeting_id, "turnout", ballot_id)).fetchone() is not None
    if written:
        live.touch(meeting_id, "turnout", ballot_id, notified=True)
    return written


def _check_may_vote(target, delegate):
    if not target.is_open:
        raise Conflict(_l("The ballot is not open."), code="ballot_not_open")
    if delegate.meeting_id != target.meeting_id:
        raise Forbidden(_l("You are not a delegate of this meeting."))
    if not target.is_checked_in:
        raise Forbidden(_l("Check in first: only delegates who have checked in may vote."),
                        code="not_checked_in")


def _refused(target, delegate, check, pad):
    """No participation row was written: the ballot closed or the delegate left since the
    reads (SQLite), or the delegate has voted — then a resend with the same key gets the
    first receipt back."""
    _check_may_vote(vote_target(target.id, delegate), delegate)
    row = db.session.get(Participation, (target.id, delegate.id), populate_existing=True)
    if row is not None and check is not None and row.replay_check is not None and \
            hmac.compare_digest(row.replay_check, check):
        return _unbox(row.receipt_box, pad)
    raise Conflict(_l("You have already voted in this ballot; a vote cannot be changed."),
                   code="already_voted")


def open_ballots_for(delegate):
    """[(ballot, voted)] for the open ballots of the delegate's meeting."""
    ballots = db.session.scalars(select(Ballot).where(
        Ballot.meeting_id == delegate.meeting_id, Ballot.status == BallotStatus.open)
        .order_by(Ballot.id)).all()
    return [(b, has_voted(delegate, b)) for b in ballots]


def has_voted(delegate, ballot):
    return db.session.get(Participation, (ballot.id, delegate.id)) is not None


# --- reading ----------------------------------------------------------------------------------

def turnout(ballot):
    """voted / eligible: eligible are the delegates present now (while open) or at close."""
    voted = db.session.scalar(select(func.count()).select_from(Participation).where(
        Participation.ballot_id == ballot.id))
    if ballot.is_closed:
        eligible = ballot.present_at_close
    else:
        eligible = attendance_summary(ballot.meeting).present
    return {"eligible": eligible, "voted": voted}


@live.tick_handler("turnout")
def _turnout_tick(ballot_id):
    ballot = db.session.get(Ballot, ballot_id)
    if ballot is None:
        return None
    return "turnout", {"ballot_id": ballot.id, "status": ballot.status.value, **turnout(ballot)}


def not_yet_voted(ballot):
    """Names of present delegates who have not voted (never what anyone chose)."""
    return db.session.execute(
        select(Delegate.id, Delegate.name, Delegation.name, Delegate.seat)
        .join(Delegation, Delegate.delegation_id == Delegation.id)
        .join(Attendance, Attendance.delegate_id == Delegate.id)
        .where(Delegate.meeting_id == ballot.meeting_id,
               Attendance.status == AttendanceStatus.present,
               ~exists().where(Participation.ballot_id == ballot.id,
                               Participation.delegate_id == Delegate.id))
        .order_by(Delegation.position, Delegate.id)).all()


def receipt_list(ballot):
    """The ballot's receipts, sorted in Python (a database collation may order them otherwise)."""
    return sorted(db.session.scalars(select(BallotReceipt.receipt).where(
        BallotReceipt.ballot_id == ballot.id)))


def receipts_digest(receipts):
    """SHA-256 over the sorted receipts, one per line: anyone can recompute it."""
    return hashlib.sha256("\n".join(receipts).encode()).hexdigest()


def results(ballot):
    """The frozen results, or None while the ballot is not closed — for every role."""
    if not ballot.is_closed:
        return None
    summary_quorum = ballot.present_at_close >= ballot.meeting.quorum_needed(ballot.due_at_close)
    return {"quorum_met": summary_quorum, "subjects": list(ballot.results)}
