"""Records: how much the minutes cost beyond WeasyPrint itself.

1. Makes a fresh database (SQLite file by default, or --database-url), migrates it, seeds the
   demo meeting (about 300 delegates in nine delegations, nine debriefs) and plays it through
   with congress.records.demo.play_meeting (check-in, every debrief with questions, answers,
   the comment and the scoring, the vote on the resolution) — not timed.
2. Times the whole minutes path as the records centre runs it, --runs times: gathering the
   content from the database, hashing it, rendering the template and WeasyPrint's PDF.
3. In the same run times WeasyPrint alone on the very same HTML (the template rendered once,
   outside the timing), with the same URL fetcher, --runs times, interleaved with step 2.
4. Prints the medians and the ratio (goal: at most 1.2), and the number of SQL statements the
   minutes take for the demo's delegates and again after adding as many delegates again
   (checked in, one on leave): the two counts must be equal.

Run from the repository:  .venv/bin/python bench/records.py [--runs 5]
Not part of the test suite.
"""
import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def bench_app(url):
    from config import Config
    from congress import create_app

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = url
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # 600 demo accounts; not what is timed
        SECRET_KEY = secrets.token_hex(32)

    return create_app(BenchConfig)


def seed(app):
    import flask_migrate

    from congress.demo import city_meeting, seed_demo
    from congress.extensions import db
    from congress.records.demo import play_meeting

    with app.app_context():
        flask_migrate.upgrade()
        seed_demo()
        db.session.commit()
        meeting = city_meeting()
        present = play_meeting(meeting)
        return meeting.id, present


def add_delegates(app, mid, count):
    """As many delegates again, in a new delegation, all checked in but one on leave."""
    from congress.extensions import db
    from congress.meetings.models import Meeting
    from congress.meetings.services import check_in, mark_leave
    from congress.people.delegates import create_delegate, create_delegation

    with app.app_context():
        meeting = db.session.get(Meeting, mid)
        delegation = create_delegation(None, meeting.congress, "加测代表团")
        for n in range(count):
            delegate, _ = create_delegate(None, meeting.congress, name=f"加测代表{n:04d}",
                                          delegation=delegation, seat=f"Z-{n:04d}")
            if n == 0:
                mark_leave(None, meeting, delegate)
            else:
                check_in(None, meeting, delegate, "desk")
        db.session.commit()


def count_statements(app, mid):
    from sqlalchemy import event

    from congress.extensions import db
    from congress.meetings.models import Meeting
    from congress.meetings.services import attendance_summary
    from congress.records.minutes import minutes_content

    with app.app_context():
        meeting = db.session.get(Meeting, mid)
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            minutes_content(meeting)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen), attendance_summary(meeting).due


def minutes_once(app, mid):
    """Seconds for the records centre's minutes path, the HTML it rendered and the PDF."""
    from flask import render_template
    from flask_babel import force_locale

    from congress.extensions import db
    from congress.meetings.models import Meeting
    from congress.records import services
    from congress.records.minutes import minutes_helpers

    with app.app_context(), app.test_request_context():
        started = time.perf_counter()
        meeting = db.session.get(Meeting, mid)
        content, digest, _latest, _changed = services.minutes_state(meeting)
        pdf = services.render_minutes(meeting, content, digest)
        elapsed = time.perf_counter() - started
        with force_locale(app.config["BABEL_DEFAULT_LOCALE"]):
            html = render_template("records/minutes.html", meeting=meeting, content=content,
                                   digest=digest, version=None, **minutes_helpers())
    return elapsed, html, pdf


def weasyprint_once(html):
    from weasyprint import HTML

    from congress.core.pdf import RefusingFetcher

    started = time.perf_counter()
    HTML(string=html, base_url="about:blank", url_fetcher=RefusingFetcher()).write_pdf()
    return time.perf_counter() - started


def page_count(pdf):
    import subprocess

    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")),
                "?")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{os.path.join(tmp, 'records.sqlite')}"
        app = bench_app(url)
        started = time.perf_counter()
        mid, present = seed(app)
        print(f"seeded and played the demo meeting in {time.perf_counter() - started:.1f} s "
              f"({present} delegates present) on {url.split(':')[0]}")

        our_runs, bare_runs = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine
            elapsed, html, pdf = minutes_once(app, mid)
            our_runs.append(elapsed)
            bare_runs.append(weasyprint_once(html))
        ours, bare = statistics.median(our_runs), statistics.median(bare_runs)
        print(f"minutes.pdf: {page_count(pdf)} pages, {len(pdf) / 1024:.0f} KiB")
        print(f"Congress (query + hash + template + PDF): median {ours * 1000:.0f} ms "
              f"(runs: {', '.join(f'{t * 1000:.0f}' for t in our_runs)})")
        print(f"WeasyPrint alone on the same HTML:       median {bare * 1000:.0f} ms "
              f"(runs: {', '.join(f'{t * 1000:.0f}' for t in bare_runs)})")
        print(f"ratio {ours / bare:.2f} (goal <= 1.2)")

        statements, due = count_statements(app, mid)
        add_delegates(app, mid, due)
        statements_doubled, due_doubled = count_statements(app, mid)
        print(f"SQL statements for the minutes' content: {statements} with {due} delegates, "
              f"{statements_doubled} with {due_doubled}"
              f" -> {'constant' if statements == statements_doubled else 'GROWS'}")
        with app.app_context():
            from congress.extensions import db
            db.engine.dispose()


if __name__ == "__main__":
    main()
