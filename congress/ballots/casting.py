"""Casting a vote: secret, exactly once, on the hot path (driver SQL for both engines). The
close's sealing (ballots/sealing.py) later rewrites what a vote wrote."""

import hashlib
import hmac
import json
import secrets
from datetime import date
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text

from congress.ballots.election_rules import over_marked
from congress.ballots.models import Ballot, BallotKind, BallotStatus, Participation
from congress.core import live
from congress.core.database import dialect_name, end_reading, execute_on_driver
from congress.core.errors import Conflict, Forbidden, Invalid
from congress.extensions import db
from congress.meetings.models import AttendanceStatus
from congress.people.delegates import check_active

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
MIN_IDEMPOTENCY_KEY = 16
MAX_WRITE_IN = 64  # ballot_write_ins.name


def _replay_secrets(ballot, key):
    check = hashlib.sha256(f"congress-replay-check:{ballot.id}:{key}".encode()).hexdigest()
    return check, receipt_pad(ballot.id, key)


def _box(receipt, pad):
    return bytes(a ^ b for a, b in zip(receipt.encode(), pad, strict=False)).hex()


def _unbox(box, pad):
    return bytes(a ^ b for a, b in zip(bytes.fromhex(box), pad, strict=False)).decode()


def new_receipt():
    """Ten characters drawn uniformly from RECEIPT_ALPHABET: the digits of one secret number
    below 31^10 (one draw from the system's randomness instead of ten)."""
    base = len(RECEIPT_ALPHABET)
    number, code = secrets.randbelow(base ** 10), []
    for _ in range(10):
        number, digit = divmod(number, base)
        code.append(RECEIPT_ALPHABET[digit])
    return f"{''.join(code[:5])}-{''.join(code[5:])}"


# The vote is the hot path (every delegate at once): its statements are written once as SQL with
# :name parameters and go straight to the driver (database.execute_on_driver, called nowhere else):
# two on PostgreSQL (the read that takes the ballot lock, then one statement that writes the whole
# vote), a read and four INSERTs on SQLite (participation, paper, receipt, marks; a fifth for an
# election's names written in). A vote writes no audit row: its participation row is the record that
# the delegate voted, and the close turns the participations into `ballot.vote` entries
# (sealing.py), so no row in the shared audit table ever carries the time, id order or transaction
# of a vote. Values, enum states included, are always bound as parameters.
_STATES = {"open": BallotStatus.open.value, "present": AttendanceStatus.present.value}
_VOTE_TARGET = ("SELECT b.id, b.meeting_id, b.opened_at, b.status, a.status, m.congress_id, "
                "m.starts_on FROM ballots b JOIN meetings m ON m.id = b.meeting_id "
                "LEFT JOIN attendances a ON a.meeting_id = b.meeting_id "
                "AND a.delegate_id = :delegate_id WHERE b.id = :ballot_id")
# casts share the ballot row's lock; close takes it alone, so no vote lands after the count.
# The lock must be taken by this read, before the vote's INSERTs: their statement locks the
# ballot tables at once, and a close rewriting those tables (a CLUSTER in the close's own
# transaction, once) deadlocked with a vote that waited for the ballot row only then.
_VOTE_TARGET_POSTGRES = _VOTE_TARGET + " FOR SHARE OF b"

# Each row a vote writes is defined once, as an INSERT ... SELECT; `{voter}` is where the
# engine's statement makes it depend on the participation row (see _WRITE_VOTE_POSTGRES).
# The participation row is written only while the ballot is open and the delegate present,
# checked in the same statement: on SQLite the vote's reads ran in an earlier transaction
# (database.end_reading), so what they saw is re-checked under the write lock.
_PARTICIPATION = (
    "INSERT INTO ballot_participations (ballot_id, delegate_id, replay_check, receipt_box) "
    "SELECT :ballot_id, :delegate_id, :check, :box "
    "WHERE EXISTS (SELECT 1 FROM ballots WHERE id = :ballot_id AND status = :open) "
    "AND EXISTS (SELECT 1 FROM attendances WHERE meeting_id = :meeting_id "
    "AND delegate_id = :delegate_id AND status = :present) "
    "ON CONFLICT DO NOTHING RETURNING delegate_id")
_PAPER = "INSERT INTO ballot_papers (id, ballot_id) SELECT :paper_id, :ballot_id{voter}"
# the receipt in its own table: it names no paper
_RECEIPT = "INSERT INTO ballot_receipts (ballot_id, receipt) SELECT :ballot_id, :receipt{voter}"
# every mark of the paper in one statement, however many subjects (a rating ballot has one per
# secretary), from `m(subject_id, option_id)`: the engine's way of passing a list of pairs
_MARKS = ("INSERT INTO ballot_marks (paper_id, ballot_id, subject_id, option_id) "
          "SELECT :paper_id, :ballot_id, m.subject_id, m.option_id FROM {marks}{voter}")
# the names written in on an election's paper (另选他人), beside its marks, from `w(name)`
_WRITE_INS = ("INSERT INTO ballot_write_ins (paper_id, ballot_id, name) "
              "SELECT :paper_id, :ballot_id, w.name FROM {names}{voter}")
_PAPER_SQLITE, _RECEIPT_SQLITE = _PAPER.format(voter=""), _RECEIPT.format(voter="")
_WRITE_INS_SQLITE = _WRITE_INS.format(
    names="(SELECT value AS name FROM json_each(:write_ins)) AS w", voter="")
# SQLite: {subject id: option id} as one JSON object
_MARKS_SQLITE = _MARKS.format(
    marks="(SELECT CAST(key AS INTEGER) AS subject_id, value AS option_id "
          "FROM json_each(:marks)) AS m", voter="")
# PostgreSQL: the same rows and the turnout tick's NOTIFY in one round-trip. Data-modifying
# WITH clauses all run to completion; the paper, its marks, the receipt and the NOTIFY come
# only from the participation row this statement wrote, so a refused vote writes nothing and
# returns no row.
_PAIRS_POSTGRES = ("unnest(CAST(:subject_ids AS integer[]), CAST(:option_ids AS integer[])) "
                   "AS m(subject_id, option_id)")
_NAMES_POSTGRES = "unnest(CAST(:write_ins AS text[])) AS w(name)"
_WRITE_VOTE_POSTGRES = (
    f"WITH voter AS ({_PARTICIPATION}), "
    f"paper AS ({_PAPER.format(voter=' FROM voter')}), "
    f"marks AS ({_MARKS.format(marks=_PAIRS_POSTGRES, voter=', voter')}), "
    f"write_ins AS ({_WRITE_INS.format(names=_NAMES_POSTGRES, voter=', voter')}), "
    f"receipt AS ({_RECEIPT.format(voter=' FROM voter')}) "
    "SELECT pg_notify(:channel, :payload) FROM voter")
# what a vote is checked against: the subjects (with their titles: a name written in may not
# be a candidate's), the options (favourable or not) and, for an election, its seats and
# whether names may be written in
_SUBJECTS_AND_OPTIONS = text(
    "SELECT 's', id, 0, title FROM ballot_subjects WHERE ballot_id = :ballot_id "
    "UNION ALL SELECT 'o', id, CASE WHEN is_favourable THEN 1 ELSE 0 END, NULL "
    "FROM ballot_options WHERE ballot_id = :ballot_id "
    "UNION ALL SELECT 'e', seats, CASE WHEN write_ins THEN 1 ELSE 0 END, NULL "
    "FROM ballots WHERE id = :ballot_id AND kind = :election")
_IDS = {}  # (ballot id, opened at) -> _Paper; fixed once opened


class _Paper(NamedTuple):
    """What a vote in one ballot may mark."""
    subjects: set        # subject ids as str
    options: set         # option ids
    favourable: set      # the option ids that count toward an election's seats (赞成)
    seats: int | None    # an election's seats; None for another kind
    write_ins: bool      # whether names may be written in
    candidates: set      # the subjects' titles


def _subject_and_option_ids(ballot):
    """The ballot's _Paper: read once per process for an open ballot (its subjects and
    options cannot change after it opened), every time for one that is not."""
    key = (ballot.id, ballot.opened_at)
    cached = _IDS.get(key) if ballot.opened_at is not None else None
    if cached is not None:
        return cached
    rows = db.session.execute(_SUBJECTS_AND_OPTIONS, {
        "ballot_id": ballot.id, "election": BallotKind.election.value}).all()
    election = next((r for r in rows if r[0] == "e"), None)
    ids = _Paper({str(r[1]) for r in rows if r[0] == "s"}, {r[1] for r in rows if r[0] == "o"},
                 {r[1] for r in rows if r[0] == "o" and r[2]},
                 election[1] if election else None, bool(election and election[2]),
                 {r[3] for r in rows if r[0] == "s"})
    if ballot.opened_at is not None:
        if len(_IDS) > 256:
            _IDS.clear()
        _IDS[key] = ids
    return ids


def _validate_write_ins(paper, write_ins):
    """The names written in on an election's paper, checked: only where allowed, each a name
    of 1 to 64 characters, not a candidate's, not twice."""
    if not write_ins:
        return []
    if paper.seats is None or not paper.write_ins:
        raise Invalid(_l("write_ins: this ballot allows no names written in"),
                      field="write_ins")
    if not isinstance(write_ins, list) or not all(isinstance(n, str) for n in write_ins):
        raise Invalid(_l("write_ins: must be a list of names"), field="write_ins")
    names = [n.strip() for n in write_ins]
    if any(not n or len(n) > MAX_WRITE_IN or any(ord(c) < 32 for c in n) for n in names):
        raise Invalid(_l("write_ins: a name of 1 to %(n)s characters", n=MAX_WRITE_IN),
                      field="write_ins")
    if len(set(names)) != len(names):
        raise Invalid(_l("write_ins: a name written in twice"), field="write_ins")
    if any(n in paper.candidates for n in names):
        raise Invalid(_l("write_ins: a candidate is marked on the paper, not written in"),
                      field="write_ins")
    return names


def _validate_choices(ballot, choices, write_ins=None):
    """({subject id: option id}, [names written in]) of a valid paper, or Invalid."""
    if not isinstance(choices, dict):
        raise Invalid(_l("choices: must be an object of subject id → option id"),
                      field="choices")
    paper = _subject_and_option_ids(ballot)
    subjects, options = paper.subjects, paper.options
    names = _validate_write_ins(paper, write_ins)
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
    if paper.seats is not None:
        favourable = sum(1 for o in marks.values() if o in paper.favourable)
        if over_marked(favourable, len(names), paper.seats):
            raise Invalid(_l("choices: %(n)s marked for plus names written in, but only "
                             "%(seats)s to elect: the paper would be invalid",
                             n=favourable + len(names), seats=paper.seats), field="choices")
    return marks, names


class VoteTarget(NamedTuple):
    """What a vote needs of its ballot and of the voter's attendance, in one read."""
    id: int
    meeting_id: int
    opened_at: object  # as the driver returns it: only compared (a key of the ids cache)
    is_open: bool
    is_checked_in: bool
    congress_id: int  # the meeting's congress and first day: whose roster it is
    starts_on: object

    @property
    def meeting(self):
        """What the permission rules ask of the ballot's meeting (Permissions.can_vote, the
        roster), carried by the target itself: no second read on the hot path."""
        return self


def vote_target(ballot_id, delegate):
    """The ballot as a vote sees it (None if there is no such ballot), read under the shared
    ballot lock on PostgreSQL; `delegate` may be None (then nobody is checked in)."""
    params = {"ballot_id": ballot_id, "delegate_id": delegate.id if delegate else None}
    statement = _VOTE_TARGET_POSTGRES if dialect_name() == "postgresql" else _VOTE_TARGET
    row = execute_on_driver(statement, params).fetchone()
    if row is None:
        return None
    starts_on = row[6] if isinstance(row[6], date) else date.fromisoformat(str(row[6]))
    return VoteTarget(row[0], row[1], row[2], row[3] == _STATES["open"],
                      row[4] == _STATES["present"], row[5], starts_on)


def cast_vote(delegate, target, choices, idempotency_key=None, write_ins=None):
    """Cast a delegate's secret ballot in `target` (the VoteTarget read by vote_target, through
    ballots/access.load_vote_target for both doors); returns (receipt, is_new). The one way a
    vote is written.

    The participation, the paper and the receipt are written in this one transaction; the
    unique primary key on (ballot, delegate) refuses a second vote even when two arrive at
    once. A resend with the same idempotency key returns the first receipt while the ballot is
    open.
    """
    if idempotency_key is not None and (not isinstance(idempotency_key, str)
                                        or not MIN_IDEMPOTENCY_KEY <= len(idempotency_key) <= 200):
        raise Invalid(_l("idempotency_key: must be a string of 16 to 200 characters"),
                      field="idempotency_key")
    _check_may_vote(target, delegate)
    marks, names = _validate_choices(target, choices, write_ins)
    check, pad = _replay_secrets(target, idempotency_key) if idempotency_key else (None, None)
    receipt = new_receipt()
    end_reading()  # SQLite: the write lock from here to the commit only
    vote = _Vote(target, delegate, check, _box(receipt, pad) if pad else None,
                 secrets.token_hex(16), receipt, marks, names)
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
    write_ins: list


def _write_vote_sqlite(vote):
    """Write the participation row unless the delegate has one (or may no longer vote), then
    the paper, the receipt and the paper's marks; True when written.

    The primary key decides, in the database: a concurrent second vote waits for the first
    transaction and then inserts nothing (ON CONFLICT DO NOTHING), so the transaction stays
    usable for the replay answer.
    """
    ballot_id, meeting_id = vote.target.id, vote.target.meeting_id
    if execute_on_driver(_PARTICIPATION, {
            "ballot_id": ballot_id, "meeting_id": meeting_id, "delegate_id": vote.delegate.id,
            "check": vote.replay_check, "box": vote.receipt_box} | _STATES).fetchone() is None:
        return False
    execute_on_driver(_PAPER_SQLITE, {"paper_id": vote.paper_id, "ballot_id": ballot_id})
    execute_on_driver(_RECEIPT_SQLITE, {"ballot_id": ballot_id, "receipt": vote.receipt})
    if vote.marks:
        execute_on_driver(_MARKS_SQLITE, {"paper_id": vote.paper_id, "ballot_id": ballot_id,
                                          "marks": json.dumps(vote.marks)})
    if vote.write_ins:
        execute_on_driver(_WRITE_INS_SQLITE, {"paper_id": vote.paper_id, "ballot_id": ballot_id,
                                              "write_ins": json.dumps(vote.write_ins)})
    live.touch(meeting_id, "turnout", ballot_id)  # coalesced: no event row per vote
    return True


def _write_vote_postgres(vote):
    """_write_vote_sqlite's rows in one statement (see _WRITE_VOTE_POSTGRES)."""
    ballot_id, meeting_id = vote.target.id, vote.target.meeting_id
    written = execute_on_driver(_WRITE_VOTE_POSTGRES, {
        "ballot_id": ballot_id, "meeting_id": meeting_id, "delegate_id": vote.delegate.id,
        "check": vote.replay_check, "box": vote.receipt_box, "paper_id": vote.paper_id,
        "receipt": vote.receipt,
        "subject_ids": list(vote.marks), "option_ids": list(vote.marks.values()),
        "write_ins": vote.write_ins}
        | _STATES | live.tick_notice(meeting_id, "turnout", ballot_id)).fetchone() is not None
    if written:
        live.touch(meeting_id, "turnout", ballot_id, notified=True)
    return written


def _check_may_vote(target, delegate):
    if not target.is_open:
        raise Conflict(_l("The ballot is not open."), code="ballot_not_open")
    check_active(delegate)
    if not delegate.on_roster_of(target):
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
    if row is not None and row.is_paper:
        raise Conflict(_l("You were given a paper ballot: vote on paper, not on the tablet."),
                       code="paper_issued")
    raise Conflict(_l("You have already voted in this ballot; a vote cannot be changed."),
                   code="already_voted")


def receipt_pad(ballot_id, idempotency_key):
    """The pad that opens the receipt box a vote with this key wrote (see _replay_secrets)."""
    return hmac.new(idempotency_key.encode(), f"congress-receipt-pad:{ballot_id}".encode(),
                    hashlib.sha256).digest()


def kept_receipt(ballot, delegate, pad):
    """The delegate's receipt from the replay box of their participation while the ballot is
    open, opened with `pad`; None without a pad, a box or an open ballot (the close wipes the
    boxes). The box is the one-time server-side slot the receipt page reads after the vote's
    redirect: the browser holds only the pad, which alone reveals nothing."""
    if pad is None or not ballot.is_open or delegate is None:
        return None
    row = db.session.get(Participation, (ballot.id, delegate.id))
    if row is None or row.receipt_box is None:
        return None
    try:
        receipt = _unbox(row.receipt_box, pad)
    except (ValueError, UnicodeDecodeError):
        return None
    return receipt if len(receipt) == 11 and receipt[5] == "-" and all(
        c in RECEIPT_ALPHABET for c in receipt.replace("-", "")) else None


def open_ballots_for(meeting, delegate):
    """[(ballot, voted)] for the open ballots of `meeting`, for one of its delegates."""
    ballots = db.session.scalars(select(Ballot).where(
        Ballot.meeting_id == meeting.id, Ballot.status == BallotStatus.open)
        .order_by(Ballot.id)).all()
    return [(b, has_voted(delegate, b)) for b in ballots]


def has_voted(delegate, ballot):
    """Whether the delegate has taken part: voted on the tablet or been given a paper."""
    return db.session.get(Participation, (ballot.id, delegate.id)) is not None


def has_paper(delegate, ballot):
    """Whether the delegate votes on paper in this ballot (their tablet cannot vote)."""
    row = db.session.get(Participation, (ballot.id, delegate.id))
    return row is not None and row.is_paper


