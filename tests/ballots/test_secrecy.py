"""Secrecy: the schema cannot link a choice to a delegate, and results stay sealed while a
ballot is open — for every role, through pages and the API."""
import pytest
from sqlalchemy import inspect, select

from congress.ballots.models import BallotMark, BallotPaper
from congress.extensions import db
from tests.ballots.conftest import close_ballot, new_ballot, open_ballot, vote
from tests.helpers import login

SECRET_TABLES = ("ballot_papers", "ballot_marks", "ballot_receipts")
LINKING_TABLES = {"delegates", "users", "attendances", "audit_entries", "ballot_participations"}


def test_no_table_holding_marks_refers_to_a_delegate_a_user_or_a_time(app):
    with app.app_context():
        inspector = inspect(db.engine)
        for table in SECRET_TABLES:
            for column in inspector.get_columns(table):
                name = column["name"].lower()
                assert not any(word in name for word in ("delegate", "user", "voter", "actor",
                                                         "time", "date", "_at", "created")), \
                    (table, name)
                assert column["type"].python_type not in (__import__("datetime").datetime,
                                                          __import__("datetime").date)
            for fk in inspector.get_foreign_keys(table):
                assert fk["referred_table"] not in LINKING_TABLES, (table, fk)
            columns = {c["name"] for c in inspector.get_columns(table)}
            assert "id" not in columns or table == "ballot_papers"
            assert "receipt" not in columns or table == "ballot_receipts"
            if table == "ballot_receipts":  # a receipt names no paper either
                assert not any("paper" in c for c in columns)
                assert {fk["referred_table"] for fk in inspector.get_foreign_keys(table)} == {
                    "ballots"}


def test_paper_ids_are_random_and_papers_have_no_order_column(app, client, room):
    ballot = open_ballot(client, room, new_ballot(client, room))
    subject, option = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    for delegate in room.delegates[:4]:
        assert vote(client, room, delegate, ballot, {subject: option}).status_code == 201
    with app.app_context():
        ids = db.session.scalars(select(BallotPaper.id)).all()
        assert len(ids) == 4 and all(len(i) == 32 for i in ids)
        assert len({int(i, 16) for i in ids}) == 4
        assert not any(isinstance(v, int) for v in ids)
        marks = db.session.scalars(select(BallotMark)).all()
        assert all(not hasattr(m, "id") for m in marks)


@pytest.mark.sqlite  # on PostgreSQL the close re-clusters the tables (see ballots/sealing.py)
def test_sqlite_tables_of_the_ballot_box_have_no_rowid(app):
    with app.app_context(), db.engine.connect() as conn:
        for table in SECRET_TABLES + ("ballot_participations", "ballot_receipts"):
            sql = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = ?", (table,)).scalar()
            assert "WITHOUT ROWID" in sql, table


ROLES = ("secretariat", "chair", "delegate", "committee", "unit", "observer")


@pytest.mark.parametrize("role", ROLES)
def test_results_are_sealed_while_open_for_every_role(app, client, make, room, role):
    ballot = open_ballot(client, room, new_ballot(client, room, subjects=("密封测评对象",)))
    subject, good = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    for delegate in room.delegates[:3]:
        vote(client, room, delegate, ballot, {subject: good})
    account = room.delegates[3] if role == "delegate" else (
        room.secretariat if role == "secretariat" else room.chair if role == "chair"
        else make.user(role))
    from tests.helpers import bearer, token_for
    headers = bearer(token_for(client, account))
    api = client.get(f"/api/v1/ballots/{ballot['id']}", headers=headers).get_json()
    assert api["results"] is None and api["status"] == "open"
    listed = client.get(f"/api/v1/meetings/{room.mid}/ballots", headers=headers).get_json()
    assert all(b["results"] is None for b in listed["ballots"])
    for path in ("receipts", "results.pdf"):
        assert client.get(f"/api/v1/ballots/{ballot['id']}/{path}",
                          headers=headers).status_code in (403, 409)
    login(client, account)
    page = client.get(f"/ballots/{ballot['id']}")
    text = page.get_data(as_text=True)
    assert page.status_code in (200, 403)
    assert "Favourable rate" not in text and "好评率" not in text
    assert 'class="table results' not in text
    assert client.get(f"/ballots/{ballot['id']}/results.pdf").status_code in (403, 409)
    assert client.get(f"/ballots/{ballot['id']}/receipts").status_code in (403, 409)
    close_ballot(client, room, ballot)
    api = client.get(f"/api/v1/ballots/{ballot['id']}", headers=headers).get_json()
    assert api["results"]["subjects"][0]["counts"][str(good)] == 3


def test_the_audit_trail_does_not_record_choices(app, client, room):
    from congress.core.audit import AuditEntry
    ballot = open_ballot(client, room, new_ballot(client, room))
    subject, good = ballot["subjects"][0]["id"], ballot["options"][0]["id"]
    receipt = vote(client, room, room.delegates[0], ballot, {subject: good}).get_json()["receipt"]
    close_ballot(client, room, ballot)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "ballot.vote"))
        assert entry.before is None and entry.after is None
        everything = str([(e.before, e.after) for e in db.session.scalars(select(AuditEntry))])
        assert receipt not in everything


def test_receipts_use_every_character_of_the_alphabet_and_only_those():
    """Receipt codes are XXXXX-XXXXX over the 31 unambiguous characters, every character
    about equally often (they are digits of one secret random number)."""
    from collections import Counter

    from congress.ballots.casting import RECEIPT_ALPHABET, new_receipt

    receipts = [new_receipt() for _ in range(3100)]
    assert all(len(r) == 11 and r[5] == "-" for r in receipts)
    counts = Counter(c for r in receipts for c in r.replace("-", ""))
    assert set(counts) == set(RECEIPT_ALPHABET)
    # 31,000 characters: 1,000 expected each; 800..1,200 is beyond 6 standard deviations
    assert all(800 < n < 1200 for n in counts.values()), counts
    assert len(set(receipts)) == len(receipts)
