"""Ballot close: how long sealing the ballot box takes at Hefei's scale.

For each engine: a fresh database with N checked-in delegates and an open rating ballot of
--subjects subjects (bench/ballot_burst.py's set-up), then every delegate casts one vote
in-process through `casting.cast_vote` (one transaction each, as the API does; timed, to
compare the vote path between versions), then the close is timed: the close's transaction
(count, results, the rewrite of papers, marks, receipts, participations and ballot.vote
entries) plus its commit, after which the storage is rewritten (PostgreSQL CLUSTER, SQLite
VACUUM and WAL truncation; timed on its own by running it once more).

Run from the repository:  .venv/bin/python bench/ballot_close.py [--delegates 3000]
Not part of the test suite.
"""
import argparse
import random
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.ballot_burst import (  # noqa: E402
    DEFAULT_PG,
    PostgresDatabases,
    SqliteDatabases,
    bench_config,
    set_up_meeting,
)


def measure(url, delegates, subjects):
    from congress import create_app
    from congress.ballots import casting, services
    from congress.ballots.models import Ballot
    from congress.extensions import db
    from congress.people.models import Delegate

    room = set_up_meeting(url, delegates, "rating", subjects)
    app = create_app(bench_config(url))
    rng = random.Random(7)
    with app.app_context():
        ballot = db.session.get(Ballot, room.ballot_id)
        people = db.session.query(Delegate).filter(
            Delegate.id.in_([d for d, _u, _p in room.delegates])).all()
        db.session.commit()
        started = time.perf_counter()
        for delegate in people:
            choices = {str(s): rng.choice(room.options) for s in room.subjects}
            casting.cast_vote(delegate, casting.vote_target(ballot.id, delegate), choices,
                              secrets.token_hex(12))
            db.session.commit()
        voting = time.perf_counter() - started
        ballot = db.session.get(Ballot, room.ballot_id)
        started = time.perf_counter()
        services.close_ballot(None, ballot)
        db.session.commit()  # the storage rewrite runs after this commit
        closing = time.perf_counter() - started
        from congress.ballots.sealing import rewrite_storage

        started = time.perf_counter()
        rewrite_storage()
        storage = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return voting / len(people) * 1000, closing, storage


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--delegates", type=int, default=3000)
    parser.add_argument("--subjects", type=int, default=9)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    args = parser.parse_args(argv)
    print(f"{args.delegates} votes, rating ballot of {args.subjects} subjects")
    print("| engine | vote in-process ms | close incl. storage s | storage rewrite alone s |")
    print("| --- | --- | --- | --- |")
    for engine in args.engines.split(","):
        dbs = SqliteDatabases() if engine == "sqlite" else PostgresDatabases(args.pg_url)
        try:
            vote_ms, closing, storage = measure(dbs.new("close"), args.delegates, args.subjects)
        finally:
            dbs.cleanup()
        print(f"| {engine} | {vote_ms:.2f} | {closing:.2f} | {storage:.2f} |")


if __name__ == "__main__":
    main()
