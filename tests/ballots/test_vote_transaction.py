"""The vote's transaction: its reads may be older than its writes (on SQLite they run in a
reader transaction before the write lock is taken), so the writes re-check in SQL that the
ballot is still open and the delegate still present; and on SQLite the write lock is held only
from the first write to the commit."""

import pytest
from sqlalchemy import event, func, select, text

from congress.ballots import casting
from congress.ballots.models import BallotPaper, Participation
from congress.core.errors import Conflict, Forbidden
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.meetings.services import clear_attendance
from congress.people.models import Delegate
from tests.ballots.conftest import close_ballot, new_ballot, open_ballot, vote
from tests.helpers import can_take_write_lock


def _stored(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Participation)),
                db.session.scalar(select(func.count()).select_from(BallotPaper)))


def _stale_target(app, ballot, delegate_id):
    """What a vote read before the change: the ballot open, the delegate present."""
    with app.app_context():
        target = casting.vote_target(ballot["id"], db.session.get(Delegate, delegate_id))
        db.session.rollback()
    assert target.is_open and target.is_checked_in
    return target


@pytest.mark.parametrize("change, refusal", [("close", Conflict), ("check-in undone", Forbidden)])
def test_a_vote_whose_reads_are_out_of_date_writes_nothing(app, client, room, change, refusal):
    ballot = new_ballot(client, room)
    open_ballot(client, room, ballot)
    delegate = room.delegates[0]
    target = _stale_target(app, ballot, delegate.delegate_id)
    if change == "close":
        close_ballot(client, room, ballot)
    else:
        with app.app_context():
            clear_attendance(None, db.session.get(Meeting, delegate.meeting_id),
                             db.session.get(Delegate, delegate.delegate_id))
            db.session.commit()
    subject, option = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    with app.app_context():
        with pytest.raises(refusal) as refused:
            casting.cast_vote(db.session.get(Delegate, delegate.delegate_id), target,
                               {str(subject): option}, "k" * 20)
        db.session.rollback()
    expected = "ballot_not_open" if change == "close" else "not_checked_in"
    assert refused.value.code == expected
    assert _stored(app) == (0, 0)


def _statements_of(app, send):
    """The SQL SQLite runs for a request, in order (BEGIN and COMMIT included, whether sent
    through SQLAlchemy or straight to the driver), from the sqlite3 trace callback; the pool's
    liveness pings are left out."""
    seen = []

    def note(statement):
        statement = " ".join(statement.split())
        if statement != "SELECT 1":
            seen.append(statement)

    def trace(dbapi_connection, *_):
        dbapi_connection.set_trace_callback(note)

    def untrace(dbapi_connection, *_):
        dbapi_connection.set_trace_callback(None)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "checkout", trace)
    event.listen(engine, "checkin", untrace)
    try:
        response = send()
    finally:
        event.remove(engine, "checkout", trace)
        event.remove(engine, "checkin", untrace)
    return response, seen


def _page_vote(client, room, ballot, subject, option):
    """Sign the delegate in and fill the tablet's form up to the confirm; returns the send."""
    from tests.ballots.test_ballot_pages import _tablet_vote
    from tests.helpers import login

    login(client, room.delegates[0])
    _review, confirm = _tablet_vote(client, ballot["id"], {f"s{subject}": str(option)})
    return lambda: client.post(f"/ballots/{ballot['id']}/vote", data=confirm)


@pytest.mark.sqlite
@pytest.mark.parametrize("door", ["api", "page"])
def test_sqlite_vote_holds_the_write_lock_only_for_its_writes(app, client, room, door):
    """Both doors run the same transaction: reads in a reader, then the write lock for the
    vote's INSERTs alone; the page's rendering afterwards reads without the write lock."""
    ballot = new_ballot(client, room)
    open_ballot(client, room, ballot)
    subject, option = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    if door == "api":
        send = lambda: vote(client, room, room.delegates[0], ballot,  # noqa: E731
                            {subject: option})
    else:
        send = _page_vote(client, room, ballot, subject, option)
    response, sql = _statements_of(app, send)
    assert response.status_code == (201 if door == "api" else 303)
    assert sql[0] == "BEGIN"  # a reader: the sign-in check and the ballot's state
    writer = sql.index("BEGIN IMMEDIATE")
    assert sql[writer - 1] == "COMMIT"
    assert all(s.startswith("SELECT") for s in sql[1:writer - 1]) and writer > 2
    committed = sql.index("COMMIT", writer)
    assert sql[writer + 1].startswith("INSERT INTO ballot_participations")
    assert all(s.startswith("INSERT") for s in sql[writer + 1:committed])
    assert sql.count("BEGIN IMMEDIATE") == 1
    assert _stored(app) == (1, 1)


@pytest.mark.sqlite
def test_other_writes_take_the_write_lock_at_their_first_statement_and_reads_never(
        app, client, room):
    """The rule: a request with an unsafe method that is not marked reads_first begins
    IMMEDIATE; a GET begins readers only, and never takes the write lock."""
    ballot, sql = _statements_of(app, lambda: new_ballot(client, room))
    assert sql[0] == "BEGIN IMMEDIATE"
    assert "BEGIN" not in sql
    response, sql = _statements_of(app, lambda: client.get(
        f"/api/v1/ballots/{ballot['id']}", headers=room.headers(room.secretariat)))
    assert response.status_code == 200
    assert sql[0] == "BEGIN" and "BEGIN IMMEDIATE" not in sql


def test_the_vote_writes_nothing_through_the_api_after_a_refusal(app, client, room):
    """A delegate who voted and resends with another key: the guarded insert writes nothing
    and the answer is still 409 already_voted (the ballot is open and they are present)."""
    ballot = new_ballot(client, room)
    open_ballot(client, room, ballot)
    subject, option = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    delegate = room.delegates[1]
    assert vote(client, room, delegate, ballot, {subject: option}).status_code == 201
    again = vote(client, room, delegate, ballot, {subject: option})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_voted"
    assert _stored(app) == (1, 1)


# --- the reader transaction itself (core/database.py) ----------------------------------------

def _sqlite_path(app):
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")



@pytest.mark.sqlite
def test_a_reader_holds_no_write_lock_until_it_turns_writer(app, make):
    from congress.core.database import begin_reading, end_reading

    mid = make.meeting(title="读者事务")
    path = _sqlite_path(app)
    with app.app_context():
        begin_reading()
        meeting = db.session.get(Meeting, mid)
        assert can_take_write_lock(path)
        end_reading()
        assert not can_take_write_lock(path)
        # what the reader loaded is still loaded: no query to read it again
        assert not db.inspect(meeting).expired_attributes and meeting.title == "读者事务"
        db.session.rollback()
        assert can_take_write_lock(path)


@pytest.mark.sqlite
def test_a_reader_that_wrote_is_refused_and_ordinary_transactions_are_left_alone(app, make):
    from congress.core.database import begin_reading, end_reading

    mid = make.meeting(title="原标题")
    with app.app_context():
        begin_reading()
        db.session.get(Meeting, mid).title = "改过"
        with pytest.raises(RuntimeError):
            end_reading()
        db.session.rollback()
        db.session.get(Meeting, mid)  # an ordinary transaction: BEGIN IMMEDIATE
        assert not can_take_write_lock(_sqlite_path(app))
        end_reading()  # nothing to do: still the same writer
        assert not can_take_write_lock(_sqlite_path(app))
        db.session.rollback()
    with app.app_context():
        assert db.session.get(Meeting, mid).title == "原标题"


def test_the_vote_audit_entries_are_written_at_close_like_any_other(app, client, room):
    """A vote writes no audit row (its participation row says that the delegate voted); the
    close writes one `ballot.vote` entry per voter, in delegate order, all at the close's time,
    stored in the very form the ORM stores times, so they read back as aware UTC datetimes and
    sort with the entries the ORM wrote."""
    from congress.ballots.models import Ballot
    from congress.core.audit import AuditEntry

    ballot = new_ballot(client, room)
    open_ballot(client, room, ballot)
    subject, option = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    voters = [room.delegates[2], room.delegates[0]]
    for delegate in voters:
        assert vote(client, room, delegate, ballot, {subject: option}).status_code == 201
    with app.app_context():
        assert not db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "ballot.vote")).all()
    close_ballot(client, room, ballot)
    with app.app_context():
        closed_at = db.session.get(Ballot, ballot["id"]).closed_at
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "ballot.vote").order_by(AuditEntry.id)).all()
        assert [e.actor_id for e in entries] == [room.delegates[0].id, room.delegates[2].id]
        for entry in entries:
            assert entry.at == closed_at and entry.at.tzinfo is not None
            assert (entry.meeting_id, entry.target_type, entry.target_id) == (
                room.mid, "Ballot", ballot["id"])
            assert entry.before is None and entry.after is None
        raw = db.session.execute(text(
            "SELECT DISTINCT a.at, b.closed_at FROM audit_entries a JOIN ballots b "
            "ON b.id = a.target_id WHERE a.action = 'ballot.vote'")).all()
        assert len(raw) == 1 and raw[0][0] == raw[0][1]
        assert type(raw[0][0]) is type(raw[0][1])
