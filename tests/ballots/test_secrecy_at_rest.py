"""Secrecy at rest: after a ballot closes, an attacker holding the database (its tables, its
system columns, its files) links no paper, mark or receipt to a delegate or to the order of
voting — on PostgreSQL (xmin/xmax, ctid order, old row versions in the relation files) and on
SQLite (the WAL, deleted bytes and cell order inside the file's pages); the archive and the
session cookie hold no receipt beside a choice.

The attacker here also watched the database while the ballot was open, so each test knows,
for every voter in the (shuffled) order of voting, the paper id, the replay fields and the
transaction id (PostgreSQL) that the vote wrote: after the close none of it may lead anywhere.
"""
import json
import random
import re
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import text

from config import TestConfig
from congress import create_app
from congress.extensions import db
from tests.ballots.test_ballot_pages import _tablet_vote
from tests.conftest import Factory
from tests.helpers import bearer, english, login, token_for

VOTERS = 50
KINDS = [pytest.param("motion", 1, id="motion"), pytest.param("rating", 4, id="rating-4"),
         pytest.param("election", 3, id="election-3")]
ELECTION = {"seats": 2, "write_ins": True}  # an election's papers also hold names written in


@dataclass
class Seen:
    """What the attacker noted while the ballot was open, in the order of voting."""
    delegate_ids: list = field(default_factory=list)
    paper_ids: list = field(default_factory=list)
    xids: list = field(default_factory=list)  # PostgreSQL: the vote's transaction
    replay: list = field(default_factory=list)  # (replay_check, receipt_box)
    receipts: list = field(default_factory=list)


def _sql(app, statement, **params):
    with app.app_context():
        rows = db.session.execute(text(statement), params).all()
        db.session.rollback()
        return rows


def _open_ballot(app, client, make, kind, subjects, voters):
    mid = make.meeting()
    delegates = make.delegates(mid, voters)
    for d in delegates:
        make.check_in(d)
    secretariat, chair = make.user("secretariat"), make.user("chair")
    ballot = client.post(f"/api/v1/meetings/{mid}/ballots",
                         headers=bearer(token_for(client, secretariat)),
                         json={"title": "秘密测评", "kind": kind, "subjects": [
                             {"title": f"对象{i}"} for i in range(subjects)]}
                         | (ELECTION if kind == "election" else {})).get_json()
    chair_token = token_for(client, chair)
    assert client.post(f"/api/v1/ballots/{ballot['id']}/open",
                       headers=bearer(chair_token)).status_code == 200
    return mid, ballot, delegates, chair_token


def _vote_while_watching(app, client, ballot, delegates, postgres):
    """Every delegate votes once, in a shuffled order, with random marks (some left out);
    after each vote the attacker notes what it wrote."""
    order = list(delegates)
    draw = random.Random(13)
    draw.shuffle(order)
    assert [d.delegate_id for d in order] != sorted(d.delegate_id for d in order)
    seen, papers = Seen(), set()
    options = [o["id"] for o in ballot["options"]]
    favourable = {o["id"] for o in ballot["options"] if o["favourable"]}
    for delegate in order:
        choices = {str(s["id"]): draw.choice(options + [None]) for s in ballot["subjects"]}
        extra = {}
        if ballot.get("seats"):  # an election: within the seats, names written in
            for key in [k for k, o in choices.items() if o in favourable][ballot["seats"]:]:
                choices[key] = None
            room = ballot["seats"] - sum(1 for o in choices.values() if o in favourable)
            extra["write_ins"] = draw.sample(["赵刚", "孙丽", "周平"], draw.randint(0, room))
        r = client.post(f"/api/v1/ballots/{ballot['id']}/votes",
                        headers=bearer(token_for(client, delegate)),
                        json={"choices": choices, "idempotency_key": secrets.token_hex(12)}
                        | extra)
        assert r.status_code == 201, r.get_json()
        now = {row[0] for row in _sql(app, "SELECT id FROM ballot_papers WHERE ballot_id = :b",
                                      b=ballot["id"])}
        (new_paper,) = now - papers
        papers = now
        check, box, *xid = _sql(app, "SELECT replay_check, receipt_box"
                                + (", CAST(xmin AS text)" if postgres else "")
                                + " FROM ballot_participations WHERE ballot_id = :b "
                                  "AND delegate_id = :d", b=ballot["id"],
                                d=delegate.delegate_id)[0]
        seen.delegate_ids.append(delegate.delegate_id)
        seen.paper_ids.append(new_paper)
        seen.replay.append((check, box))
        seen.xids.extend(xid)
        seen.receipts.append(r.get_json()["receipt"])
    assert all(check and box for check, box in seen.replay)
    return seen


def _close(client, ballot, chair_token):
    closed = client.post(f"/api/v1/ballots/{ballot['id']}/close", headers=bearer(chair_token))
    assert closed.status_code == 200, closed.get_json()
    return closed.get_json()


def _check_rows_after_close(app, client, ballot, chair_token, seen):
    """What any engine's tables must show: the receipts published, the replay fields gone,
    no paper id seen while open, and ballot.vote entries with neither time nor order."""
    b = ballot["id"]
    published = client.get(f"/api/v1/ballots/{b}/receipts", headers=bearer(chair_token))
    assert published.get_json()["receipts"] == sorted(seen.receipts)
    assert _sql(app, "SELECT replay_check, receipt_box FROM ballot_participations "
                     "WHERE ballot_id = :b", b=b) == [(None, None)] * len(seen.delegate_ids)
    papers = {p for (p,) in _sql(app, "SELECT id FROM ballot_papers WHERE ballot_id = :b", b=b)}
    assert len(papers) == len(seen.paper_ids) and not papers & set(seen.paper_ids)
    entries = _sql(app, "SELECT a.actor_id, a.at, b.closed_at, d.id FROM audit_entries a "
                        "JOIN ballots b ON b.id = a.target_id "
                        "JOIN delegates d ON d.user_id = a.actor_id "
                        "WHERE a.action = 'ballot.vote' AND a.target_id = :b ORDER BY a.id", b=b)
    assert sorted(d for *_, d in entries) == sorted(seen.delegate_ids)
    assert all(at == closed_at for _, at, closed_at, _ in entries)  # no time finer than that
    assert [d for *_, d in entries] == sorted(seen.delegate_ids) != seen.delegate_ids
    return papers


# --- PostgreSQL -----------------------------------------------------------------------------

def _relation_files(app, table):
    """The bytes of the table's heap and of each of its indexes, as a superuser reads them."""
    names = [table] + [r for (r,) in _sql(
        app, "SELECT CAST(indexrelid AS regclass)::text FROM pg_index "
             "WHERE indrelid = CAST(:t AS regclass)", t=table)]
    return {name: _sql(app, "SELECT pg_read_binary_file(pg_relation_filepath(:n))",
                       n=name)[0][0] for name in names}


def _tuples(app, table):
    """Every tuple on every page of the heap, dead ones too: (t_xmin, t_xmax) (pageinspect)."""
    pages = _sql(app, "SELECT pg_relation_size(CAST(:t AS regclass)) / "
                      "current_setting('block_size')::int", t=table)[0][0]
    found = []
    for page in range(pages):
        found += _sql(app, "SELECT CAST(t_xmin AS text), CAST(t_xmax AS text) FROM "
                           "heap_page_items(get_raw_page(:t, :p)) WHERE t_xmin IS NOT NULL",
                      t=table, p=page)
    return found


@pytest.mark.postgres
@pytest.mark.parametrize("kind, subjects", KINDS)
def test_postgresql_links_no_paper_to_a_voter_after_close(app, client, make, kind, subjects):
    mid, ballot, delegates, chair_token = _open_ballot(app, client, make, kind, subjects, VOTERS)
    seen = _vote_while_watching(app, client, ballot, delegates, postgres=True)
    assert len(set(seen.xids)) == VOTERS  # each vote its own transaction, as the attack needs
    _close(client, ballot, chair_token)
    b = ballot["id"]
    (closing,) = _sql(app, "SELECT CAST(xmin AS text) FROM ballots WHERE id = :b", b=b)[0]
    tables = [t for (t,) in _sql(app, "SELECT tablename FROM pg_tables WHERE tablename IN "
                                      "('ballot_papers', 'ballot_marks', 'ballot_receipts', "
                                      "'ballot_participations', 'ballot_write_ins')")]
    if kind != "election":
        tables.remove("ballot_write_ins")
    else:
        assert _sql(app, "SELECT count(*) FROM ballot_write_ins WHERE ballot_id = :b",
                    b=b)[0][0] > 0

    # xmin/xmax: every secret row carries the close's transaction alone
    for table in tables:
        assert _sql(app, f"SELECT DISTINCT CAST(xmin AS text), CAST(xmax AS text) FROM {table} "
                         "WHERE ballot_id = :b", b=b) == [(closing, "0")], table
    entries = _sql(app, "SELECT DISTINCT CAST(xmin AS text) FROM audit_entries "
                        "WHERE action = 'ballot.vote' AND target_id = :b", b=b)
    assert entries == [(closing,)] and closing not in seen.xids
    # the attacker's join: each voter meets every paper, or none — never one
    pairs = _sql(app, "SELECT count(*), count(DISTINCT pa.delegate_id) FROM "
                      "ballot_participations pa JOIN ballot_papers pp ON pp.xmin = pa.xmin "
                      "WHERE pa.ballot_id = :b AND pp.ballot_id = :b", b=b)[0]
    assert pairs == (VOTERS * VOTERS, VOTERS)

    # physical order: the order of the random keys, not of voting
    assert _sql(app, "SELECT id FROM ballot_papers WHERE ballot_id = :b ORDER BY ctid", b=b) == \
        _sql(app, "SELECT id FROM ballot_papers WHERE ballot_id = :b ORDER BY id", b=b)
    assert _sql(app, "SELECT paper_id, subject_id FROM ballot_marks WHERE ballot_id = :b "
                     "ORDER BY ctid", b=b) == \
        _sql(app, "SELECT paper_id, subject_id FROM ballot_marks WHERE ballot_id = :b "
                  "ORDER BY paper_id, subject_id", b=b)
    assert [d for (d,) in _sql(app, "SELECT delegate_id FROM ballot_participations "
                                    "WHERE ballot_id = :b ORDER BY ctid", b=b)] == \
        sorted(seen.delegate_ids)
    if kind == "election":
        assert _sql(app, "SELECT paper_id, name FROM ballot_write_ins WHERE ballot_id = :b "
                         "ORDER BY ctid", b=b) == \
            _sql(app, "SELECT paper_id, name FROM ballot_write_ins WHERE ballot_id = :b "
                      "ORDER BY paper_id, name", b=b)
    if "ballot_receipts" in tables:
        assert _sql(app, "SELECT receipt FROM ballot_receipts WHERE ballot_id = :b "
                         "ORDER BY ctid", b=b) == \
            _sql(app, "SELECT receipt FROM ballot_receipts WHERE ballot_id = :b "
                      "ORDER BY receipt", b=b)

    # old row versions: none on any page, none in any relation file
    with app.app_context():
        db.session.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        db.session.commit()
    for table in tables:
        tuples = _tuples(app, table)
        assert tuples and set(tuples) == {(closing, "0")}, (table, set(tuples))
    files = {name: raw for table in ("ballot_papers", "ballot_marks", "ballot_participations",
                                     "ballot_write_ins")
             for name, raw in _relation_files(app, table).items()}
    papers = {p for (p,) in _sql(app, "SELECT id FROM ballot_papers WHERE ballot_id = :b", b=b)}
    assert any(next(iter(papers)).encode() in raw for raw in files.values())  # the scan works
    for name, raw in files.items():
        assert not [p for p in seen.paper_ids if p.encode() in raw], name
        assert not [v for pair in seen.replay for v in pair if v.encode() in raw], name
    _check_rows_after_close(app, client, ballot, chair_token, seen)


# --- SQLite ---------------------------------------------------------------------------------

@pytest.fixture
def sqlite_file_app(app, tmp_path):
    """An app of its own on a fresh SQLite file: the attacker's copy holds this test's
    ballot only (the shared test database holds every earlier test's rows)."""
    path = tmp_path / "congress.sqlite"

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{path}"

    own = create_app(Config)
    with own.app_context():
        flask_migrate.upgrade()
    yield own, path
    with own.app_context():
        db.engine.dispose()


def _leaf_cells_in_file_order(path, table):
    """For each leaf page of `table`, the TEXT values of 32 hex digits in the order their
    bytes lie in the page, as an attacker finds them: on a copy of the database and its WAL,
    checkpointed, with its pages located by dbstat."""
    copy = path.with_name("attacker.sqlite")
    copy.write_bytes(path.read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        Path(f"{copy}-wal").write_bytes(wal.read_bytes())
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [p for (p,) in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))]
    conn.close()
    raw = copy.read_bytes()
    copy.unlink()
    return [[m.group().decode() for m in re.finditer(rb"[0-9a-f]{32}",
                                                     raw[(p - 1) * size:p * size])]
            for p in pages]


@pytest.mark.sqlite
@pytest.mark.parametrize("kind, subjects", KINDS)
def test_sqlite_file_and_wal_link_no_paper_to_a_voter_after_close(sqlite_file_app, kind,
                                                                   subjects):
    own, path = sqlite_file_app
    client = own.test_client()
    mid, ballot, delegates, chair_token = _open_ballot(own, client, Factory(own), kind,
                                                       subjects, VOTERS)
    seen = _vote_while_watching(own, client, ballot, delegates, postgres=False)
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0  # every vote is a frame there until the close
    _close(client, ballot, chair_token)

    # read while the app still has its connections open (the last one to close would
    # checkpoint and delete the WAL on its own)
    assert not wal.exists() or wal.stat().st_size == 0
    raw = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    papers = {p for (p,) in _sql(own, "SELECT id FROM ballot_papers WHERE ballot_id = :b",
                                 b=ballot["id"])}
    assert all(p.encode() in raw for p in papers)  # the scan works
    assert not [p for p in seen.paper_ids if p.encode() in raw]
    assert not [v for pair in seen.replay for v in pair if v.encode() in raw]
    # the cells of each page lie in the order of their (random, new) keys, not of arrival
    pages = _leaf_cells_in_file_order(path, "ballot_papers")
    assert sorted(p for page in pages for p in page) == sorted(papers)
    for page in pages:
        assert page in (sorted(page), sorted(page, reverse=True)), page
    if kind == "election":  # the names written in lie in the order of their new paper ids
        written = _sql(own, "SELECT count(*) FROM ballot_write_ins WHERE ballot_id = :b",
                       b=ballot["id"])[0][0]
        pages = _leaf_cells_in_file_order(path, "ballot_write_ins")
        assert written > 0 and sum(len(page) for page in pages) == written
        for page in pages:
            assert page in (sorted(page), sorted(page, reverse=True)), page
    _check_rows_after_close(own, client, ballot, chair_token, seen)


# --- the archive and the cookie --------------------------------------------------------------

def test_the_archive_keeps_papers_and_marks_but_no_receipt_beside_them(app, client, make):
    from congress.meetings.models import Meeting
    from congress.records.export import meeting_export

    mid, ballot, delegates, chair_token = _open_ballot(app, client, make, "rating", 3, 4)
    receipts = []
    for delegate in delegates:
        r = client.post(f"/api/v1/ballots/{ballot['id']}/votes",
                        headers=bearer(token_for(client, delegate)), json={"choices": {
                            str(s["id"]): ballot["options"][0]["id"] for s in ballot["subjects"]}})
        receipts.append(r.get_json()["receipt"])
    _close(client, ballot, chair_token)
    with app.app_context():
        tables = json.loads(json.dumps(meeting_export(db.session.get(Meeting, mid), 1),
                                       default=str))["tables"]
    assert len(tables["ballot_papers"]) == 4 and len(tables["ballot_marks"]) == 12
    for name, rows in tables.items():
        dumped = json.dumps(rows)
        holds_receipt = any(r in dumped for r in receipts)
        holds_choice = any(key in row for row in rows for key in ("paper_id", "option_id"))
        assert not (holds_receipt and holds_choice), name
        if holds_receipt:  # the published list alone: ballot and receipt, nothing else
            assert name == "ballot_receipts"
            assert all(set(row) == {"ballot_id", "receipt"} for row in rows)
    assert all(set(row) == {"id", "ballot_id"} for row in tables["ballot_papers"])


def _session_of(app, client):
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def test_the_session_cookie_holds_no_receipt_and_no_choice_after_a_page_vote(app, client,
                                                                             make):
    mid, ballot, delegates, _chair = _open_ballot(app, client, make, "rating", 2, 4)
    (s1, s2), good = [s["id"] for s in ballot["subjects"]], ballot["options"][1]["id"]
    login(client, delegates[0])
    english(client)
    _review, confirm = _tablet_vote(client, ballot["id"], {f"s{s1}": str(good),
                                                           f"s{s2}": str(good)})
    key = confirm["idempotency_key"]
    voted = client.post(f"/ballots/{ballot['id']}/vote", data=confirm, follow_redirects=True)
    receipt = re.search(r'data-testid="receipt">([A-Z0-9-]+)<',
                        voted.get_data(as_text=True)).group(1)
    session = _session_of(app, client)
    dumped = json.dumps(session, default=str)
    assert receipt not in dumped and key not in dumped
    assert not [k for k in session if any(w in k.lower() for w in ("receipt", "choice",
                                                                   "ballot", "vote"))]
    assert f"s{s1}" not in dumped and f"s{s2}" not in dumped
    assert voted.headers["Cache-Control"] == "no-store"


@pytest.mark.postgres
def test_a_snapshot_older_than_the_close_is_waited_for_then_seal_ballots_finishes(
        app, client, make, monkeypatch, caplog):
    """CLUSTER copies every row version an open snapshot may still see: the close waits for
    older snapshots (here cut short), says so in the log when one outlives the wait, and
    `flask seal-ballots` removes the old versions once it has ended."""
    from congress.ballots import sealing

    monkeypatch.setattr(sealing, "SNAPSHOT_WAIT_SECONDS", 0.2)
    mid, ballot, delegates, chair_token = _open_ballot(app, client, make, "motion", 1, 6)
    seen = _vote_while_watching(app, client, ballot, delegates, postgres=True)
    with app.app_context(), db.engine.connect() as old:
        old = old.execution_options(isolation_level="REPEATABLE READ")
        # a snapshot from before the close, in a transaction that touched no ballot table
        # (one that had read them would hold a lock the CLUSTER waits for)
        assert old.scalar(text("SELECT count(*) FROM meetings")) >= 1
        _close(client, ballot, chair_token)
        assert "older than the close" in caplog.text
        with db.engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        kept = {xmin for xmin, _xmax in _tuples(app, "ballot_papers")}
        assert kept & set(seen.xids)  # the old versions were copied, as feared
    result = app.test_cli_runner().invoke(args=["seal-ballots"])
    assert result.exit_code == 0, result.output
    (closing,) = _sql(app, "SELECT CAST(xmin AS text) FROM ballots WHERE id = :b",
                      b=ballot["id"])[0]
    assert set(_tuples(app, "ballot_papers")) == {(closing, "0")}


def test_seal_ballots_command_runs_on_either_engine(app):
    result = app.test_cli_runner().invoke(args=["seal-ballots"])
    assert result.exit_code == 0 and "rewritten" in result.output
