"""Term scale: the pages a secretariat and the organisation department open, at Hefei's size
against a single 300-delegate meeting (issue 15).

For each database engine (SQLite, PostgreSQL) this script
  1. builds two fresh databases (not timed):
     - **Hefei**: 91 organisations (the city, 9 counties, 81 townships), a congress and one
       2026 annual meeting each, 12,800 delegates over their congresses (city 600, each county
       300, the townships the rest) in delegations of about 50, everyone but one in twenty
       checked in at their meeting;
     - **single**: one organisation with one meeting of 300 delegates, the same way;
     organisations, congresses, meetings, delegations, agenda and accounts go through the
     services; users, delegates and attendances are bulk inserts with one shared PIN hash
     (hashing 12,800 PINs would only cost set-up time);
  2. signs in, in each database, as the secretariat of a 300-delegate meeting (a county's in
     Hefei, the only one in single) and as the organiser (组织部) of the root organisation;
  3. requests each page once to warm up, once under a statement counter
     (`before_cursor_execute` on the app's engine: every SQL statement the request sends,
     sign-in check included), then --runs times interleaved Hefei/single (in-process test
     client: the app's own time, no HTTP server) and prints, per page, the statements and the
     median milliseconds side by side. The statement count must not grow with delegates or
     organisations: the goal is equal counts.

Pages: the roster (`/meetings/<mid>/delegates`), the meeting overview (`/meetings/<mid>`), a
delegate's page (`/delegates/<did>`, when the app has that route; otherwise a note) and the
meetings list as the organiser (`/meetings/`: 91 meetings against 1; a note if refused).

Term work (issue 17, when the app has it: bench/term_work.py): both worlds also get a year
(2026) of studio work and activities in bulk inserts, per 12,800 delegates 1,600 studios,
25,600 duties, 100,000 concerns with their history, 50,000 activities with 200,000
participations and 6,400 contacts; then the root's term statistics (API, and the page with its
charts) as the organiser, the county's concern list, a delegate's ledger and the county's
register of concerns (XLSX, its 2,344 concerns of the year: the job's work, timed in the
process as a worker runs it) are measured like the pages, and each API request also against a
hand-written SQL aggregate over the same rows (on the same connection pool; the concern list is
its first page of 50 with the count). Every API request pays a fixed cost the SQL does not
(sign-in check, session, JSON): the bare request (`GET /api/v1/users/me` as the same account)
is measured too, and "own" is the request less the bare request. The three are sampled in turn
in one loop, `--runs` times, or FAST_RUNS times for a request of a few milliseconds. Goal: at
most 3x, the request's own time against the SQL's. The root's figures from the API and from the
hand-written SQL must be equal.

Run from the repository:  .venv/bin/python bench/term_scale.py [--runs 20]
                          [--engines sqlite,postgresql] [--pg-url ...]
Not part of the test suite.
"""
import argparse
import re
import secrets
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.ballot_burst import DEFAULT_PG, PostgresDatabases, SqliteDatabases  # noqa: E402

PASSWORD = "bench-staff-password"
DELEGATES = 12_800
CITY_DELEGATES, COUNTY_DELEGATES = 600, 300
COUNTIES, TOWNSHIPS_PER_COUNTY = 9, 9
DELEGATION_SIZE = 50
ELECTED_ON, FIRST_DAY = date(2024, 1, 10), date(2026, 3, 1)
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def bench_app(url):
    from config import Config
    from congress import create_app

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = url
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # the staff accounts; not what is timed
        SECRET_KEY = secrets.token_hex(32)
        JOBS_EMBEDDED_WORKER = False
        JOBS_URL = url.rsplit(".", 1)[0] + "-jobs.sqlite" if url.startswith("sqlite") else None
        LOGIN_THROTTLE_PER_ADDRESS = 1_000_000
        API_CHECK_ANSWERS = False  # as in production: answers are not parsed a second time

    return create_app(BenchConfig)


# --- building the databases ---------------------------------------------------------------------

def hefei_layout():
    """[(name, level, parent index or None, delegates)]: the city, 9 counties, 81 townships,
    12,800 delegates in all."""
    townships = COUNTIES * TOWNSHIPS_PER_COUNTY
    left = DELEGATES - CITY_DELEGATES - COUNTIES * COUNTY_DELEGATES
    per_township = [left // townships + (1 if i < left % townships else 0)
                    for i in range(townships)]
    layout = [("中共合肥市委", "city", None, CITY_DELEGATES)]
    for c in range(COUNTIES):
        layout.append((f"中共第{c + 1}县区委", "county", 0, COUNTY_DELEGATES))
        county = len(layout) - 1
        for t in range(TOWNSHIPS_PER_COUNTY):
            layout.append((f"中共第{c + 1}县区第{t + 1}乡镇党委", "township", county,
                           per_township[c * TOWNSHIPS_PER_COUNTY + t]))
    assert len(layout) == 91 and sum(size for *_, size in layout) == DELEGATES
    return layout


def single_layout():
    return [("中共单一党委", "city", None, COUNTY_DELEGATES)]


def build(app, layout):
    """Migrate and fill the database; returns the ids the pages need."""
    import flask_migrate
    from sqlalchemy import func, insert, select

    from congress.core.auth import Role
    from congress.extensions import db
    from congress.meetings import services as meetings
    from congress.meetings.models import Attendance, AttendanceStatus, Meeting
    from congress.organisations.models import Organisation
    from congress.organisations.services import (
        create_congress,
        create_organisation,
        root_organisation,
    )
    from congress.people import delegates, services as people
    from congress.people.models import Delegate, User, hash_password

    with app.app_context():
        flask_migrate.upgrade()
        pin_hash = hash_password("000000")  # one hash for every delegate
        organisations, plan = [], []
        for name, level, parent, size in layout:
            if parent is None:  # the root the migrations made, named for the bench
                organisation = root_organisation()
                organisation.name = name
            else:
                organisation = create_organisation(None, name=name,
                                                   parent=organisations[parent], level=level)
            organisations.append(organisation)
            congress = create_congress(None, organisation, title=f"{name}代表大会", ordinal=1,
                                       elected_on=ELECTED_ON)
            meeting = meetings.create_meeting(None, congress=congress, title=f"{name}2026年年会",
                                              year=2026, starts_on=FIRST_DAY)
            for kind, title in (("plenary_report", "听取和审议工作报告"),
                                ("debrief", "书记述职评议"), ("other", "代表提出提案")):
                meetings.add_agenda_item(None, meeting, kind=kind, title=title)
            delegations = [delegates.create_delegation(None, congress, f"第{i + 1}代表团")
                           for i in range(-(-size // DELEGATION_SIZE))]
            plan.append((organisation, congress, meeting, delegations, size))
        n = 0
        measured = None
        for organisation, congress, meeting, delegations, size in plan:
            users = [dict(username=f"b{n + i:06d}", name=f"代表{n + i:05d}",
                          organisation_id=organisation.id, role=Role.delegate,
                          password_hash=pin_hash) for i in range(size)]
            user_ids = db.session.scalars(insert(User).returning(
                User.id, sort_by_parameter_order=True), users).all()
            rows = [dict(congress_id=congress.id,
                         delegation_id=delegations[i // DELEGATION_SIZE].id, user_id=user_id,
                         name=f"代表{n + i:05d}", gender=("male", "female")[i % 2],
                         work_unit="基准单位", job_title="书记", seat=f"{i // 50}-{i % 50:02d}",
                         is_grassroots=i % 3 == 0, active_from=ELECTED_ON)
                    for i, user_id in enumerate(user_ids)]
            delegate_ids = db.session.scalars(insert(Delegate).returning(
                Delegate.id, sort_by_parameter_order=True), rows).all()
            db.session.execute(insert(Attendance), [
                dict(meeting_id=meeting.id, delegate_id=did, status=AttendanceStatus.present,
                     method="desk") for i, did in enumerate(delegate_ids) if i % 20])
            n += size
            if measured is None and size == COUNTY_DELEGATES:
                measured = (organisation, meeting, delegate_ids[len(delegate_ids) // 2])
        organisation, meeting, delegate_id = measured
        people.create_user(None, username="bench-secretariat", name="秘书处",
                           role=Role.secretariat, password=PASSWORD, organisation=organisation)
        people.create_user(None, username="bench-organiser", name="组织部", role=Role.organiser,
                           password=PASSWORD, organisation=organisations[0])
        db.session.commit()
        assert n == sum(size for *_, size in layout)

        def count(model):
            return db.session.scalar(select(func.count(model.id)))

        return {"mid": meeting.id, "did": delegate_id, "oid": organisation.id,
                "root": organisations[0].id, "organisations": count(Organisation),
                "delegates": count(Delegate), "meetings": count(Meeting),
                "attendances": count(Attendance)}


# --- measuring ------------------------------------------------------------------------------

def signed_in(app, username):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    answer = client.post("/login", data={"username": username, "password": PASSWORD,
                                         "csrf_token": token})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return client


def statements(app, client, url):
    from sqlalchemy import event

    from congress.extensions import db

    seen = []

    def count(*_args):
        seen.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        status = client.get(url).status_code
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return status, len(seen)


def timed(client, url):
    started = time.perf_counter()
    answer = client.get(url)
    elapsed = time.perf_counter() - started
    assert answer.status_code == 200, (url, answer.status_code)
    return elapsed


def has_delegate_page(app):
    return "/delegates/<int:did>" in {rule.rule for rule in app.url_map.iter_rules()}


def has_term_work(app):
    return "/api/v1/organisations/<int:oid>/statistics" in {
        rule.rule for rule in app.url_map.iter_rules()}


# the term work's requests, each held against a hand-written SQL aggregate (bench/term_work.py)
BARE = "/api/v1/users/me"
TERM = {"term statistics, root (organiser)": "statistics",
        "concern list, county (secretariat)": "concerns",
        "delegate's ledger (secretariat)": "ledger"}


def pages(app, ids):
    """{label: (account, url)} for the pages this app has, in order."""
    mid, did = ids["mid"], ids["did"]
    found = {"roster": ("bench-secretariat", f"/meetings/{mid}/delegates"),
             "meeting overview": ("bench-secretariat", f"/meetings/{mid}")}
    if has_delegate_page(app):
        found["delegate's page"] = ("bench-secretariat", f"/delegates/{did}")
    found["meetings list (organiser)"] = ("bench-organiser", "/meetings/")
    if has_term_work(app):
        year = "from=2026-01-01&to=2026-12-31"
        found["term statistics, root (organiser)"] = (
            "bench-organiser", f"/api/v1/organisations/{ids['root']}/statistics?{year}")
        found["term statistics page with charts (organiser)"] = (
            "bench-organiser", f"/organisations/{ids['root']}/term-statistics?{year}")
        found["concern list, county (secretariat)"] = (
            "bench-secretariat", f"/api/v1/organisations/{ids['oid']}/concerns")
        found["delegate's ledger (secretariat)"] = (
            "bench-secretariat", f"/api/v1/delegates/{did}/ledger?year=2026")
    return found


def _hand(app, ids, key):
    from bench.term_work import hand_queries

    return hand_queries(app, ids["root"], ids["oid"], ids["did"])[key]


FAST_MS, FAST_RUNS = 50.0, 300  # a request this quick is sampled this many times at least


def side_by_side(app, ids, client, url, key, runs):
    """(request, bare request, hand-written SQL) median ms, sampled in turn in one loop so
    the three see the same machine: the request; the bare request, the same account's
    `GET /api/v1/users/me` (sign-in check, session, a small JSON answer), the fixed cost every
    API request pays before and after its own work; the hand-written SQL over the same rows on
    its own connection checkout, as a request has. A request of a few milliseconds is sampled
    FAST_RUNS times at least: fifteen samples of 3 ms are mostly the machine's noise."""
    from bench.term_work import run_hand

    sql, params = _hand(app, ids, key)
    client.get(BARE)
    run_hand(app, sql, params)  # warm-up
    first = timed(client, url)
    count = runs if first * 1000 > FAST_MS else max(runs, FAST_RUNS)
    samples = ([], [], [])
    for _ in range(count):
        samples[0].append(timed(client, url))
        samples[1].append(timed(client, BARE))
        started = time.perf_counter()
        run_hand(app, sql, params)
        samples[2].append(time.perf_counter() - started)
    return tuple(statistics.median(s) * 1000 for s in samples)


def statistics_agree(app, ids, client):
    """The root's figures from the API and from the hand-written SQL, side by side."""
    from bench.term_work import run_hand

    data = client.get(f"/api/v1/organisations/{ids['root']}/statistics"
                      "?from=2026-01-01&to=2026-12-31").get_json()
    c = data["concerns"]
    api = (data["delegates"], data["attended_plenaries"], data["took_part_in_evaluations"],
           data["active_at_studios"], data["took_part_in_inspections"], c["received"],
           c["answered"], c["referred"], c["replied"], c["closed"], c["overdue"])
    hand = tuple(run_hand(app, *_hand(app, ids, "statistics"))[0])
    rate = None if not hand[11] else round(hand[12] / hand[11], 6)
    same = api == hand[:11] and c["satisfaction_rate"] == rate
    return "yes" if same else f"NO: api {api} {c['satisfaction_rate']}, hand {hand}"


def ledger_agrees(app, ids, client):
    """The delegate's ledger from the API and from the hand-written SQL: the requirements (the
    defaults when the organisation keeps none) and every count, the whole answer."""
    from bench.term_work import KINDS, run_hand
    from congress.activities.models import Requirements

    data = client.get(f"/api/v1/delegates/{ids['did']}/ledger?year=2026").get_json()
    hand = run_hand(app, *_hand(app, ids, "ledger"))[0]
    kept = dict(zip(("duties", "contacts", "contacts_each_quarter", "activities"), hand[:4],
                    strict=True))
    requirements = Requirements.DEFAULTS if kept["duties"] is None else kept
    counts = dict(zip(("duties", "concerns", "referrals", "contacts", "proposals",
                       "meetings_attended"), hand[4:10], strict=True))
    counts["contacts_kept"] = hand[10] if requirements["contacts_each_quarter"] else hand[11]
    counts["activities"] = {kind: n or 0 for kind, n in zip(KINDS, hand[12:], strict=True)}
    same = data["requirements"] == requirements and data["counts"] == counts
    return "yes" if same else f"NO: api {data}, hand {requirements} {counts}"


def register_job(app, oid):
    """The register job's work (congress/studios/records.build_register) for the county, as a
    worker runs it: seconds and rows."""
    from congress.studios.records import build_register

    with app.app_context():
        started = time.perf_counter()
        data, _name = build_register(oid, False)
        elapsed = time.perf_counter() - started
        from congress.extensions import db
        db.session.remove()
    return elapsed, len(data)


def print_register_job(worlds, runs):
    """The county's register of concerns, made by its job, Hefei against the single world."""
    times = {name: [] for name in worlds}
    for _ in range(max(1, min(runs, 5))):
        for name, (app, ids, _cache) in worlds.items():
            times[name].append(register_job(app, ids["oid"])[0])
    hefei, single = (statistics.median(times[n]) * 1000 for n in ("hefei", "single"))
    print(f"\nregister of concerns, county (its job's work): Hefei {hefei:.0f} ms, single "
          f"{single:.0f} ms, ratio {hefei / single:.2f}")


def run_engine(databases, runs):
    print(f"\n== {databases.engine}")
    worlds = {}
    for name, layout in (("hefei", hefei_layout()), ("single", single_layout())):
        app = bench_app(databases.new(f"term_{name}"))
        started = time.perf_counter()
        ids = build(app, layout)
        print(f"built {name}: {ids['organisations']} organisations, {ids['delegates']} "
              f"delegates, {ids['meetings']} meetings, {ids['attendances']} check-ins in "
              f"{time.perf_counter() - started:.1f} s")
        if has_term_work(app):
            from bench.term_work import build_term_work

            started = time.perf_counter()
            made = build_term_work(app)
            print(f"  term work: {', '.join(f'{v:,} {k}' for k, v in made.items())} in "
                  f"{time.perf_counter() - started:.1f} s")
        worlds[name] = (app, ids, {})
    rows, term_rows = [], []
    hefei_app, hefei_ids, _ = worlds["hefei"]
    if not has_delegate_page(hefei_app):
        print("note: no /delegates/<int:did> route in this app; the delegate's page is skipped")
    for label, (account, _url) in pages(hefei_app, hefei_ids).items():
        counts, urls, clients = {}, {}, {}
        for name, (app, ids, cache) in worlds.items():
            url = pages(app, ids)[label][1]
            client = cache.get(account) or cache.setdefault(account, signed_in(app, account))
            client.get(url)  # warm-up: templates compiled, caches filled
            status, count = statements(app, client, url)
            counts[name], urls[name], clients[name] = (status, count), url, client
        if any(status != 200 for status, _ in counts.values()):
            print(f"note: {label} answered {counts['hefei'][0]} / {counts['single'][0]} "
                  f"(Hefei / single) for {account}; not timed")
            continue
        samples = {name: [] for name in worlds}
        for _ in range(runs):
            for name in worlds:  # interleaved: both see the same machine
                samples[name].append(timed(clients[name], urls[name]))
        rows.append((label, counts["hefei"][1], counts["single"][1],
                     statistics.median(samples["hefei"]) * 1000,
                     statistics.median(samples["single"]) * 1000))
        if label in TERM:
            term_rows.append((label, counts["hefei"][1], *side_by_side(
                hefei_app, hefei_ids, clients["hefei"], urls["hefei"], TERM[label], runs)))
    print("\n| page | statements Hefei | statements single | median ms Hefei | "
          "median ms single | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, s_hefei, s_single, t_hefei, t_single in rows:
        verdict = "" if s_hefei == s_single else " **grows**"
        print(f"| {label} | {s_hefei}{verdict} | {s_single} | {t_hefei:.1f} | {t_single:.1f} | "
              f"{t_hefei / t_single:.2f} |")
    if term_rows:
        print("\n| request (Hefei) | statements | median ms | bare request ms | own ms "
              "(request - bare) | hand-written SQL median ms | ratio | own ratio |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for label, count, t_page, t_bare, t_hand in term_rows:
            own = max(t_page - t_bare, 0.0)
            print(f"| {label} | {count} | {t_page:.1f} | {t_bare:.1f} | {own:.1f} | "
                  f"{t_hand:.1f} | {t_page / t_hand:.2f} | {own / t_hand:.2f} |")
        agree = statistics_agree(hefei_app, hefei_ids, worlds["hefei"][2]["bench-organiser"])
        print(f"root statistics equal to the hand-written aggregate: {agree}")
        agree = ledger_agrees(hefei_app, hefei_ids, worlds["hefei"][2]["bench-secretariat"])
        print(f"the ledger's figures equal to the hand-written SQL's: {agree}")
    if has_term_work(hefei_app):
        print_register_job(worlds, runs)
    for app, _ids, _cache in worlds.values():
        with app.app_context():
            from congress.extensions import db
            db.engine.dispose()
    return all(s_h == s_s for _l, s_h, s_s, _t, _u in rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=DEFAULT_PG,
                        help="a PostgreSQL server the bench may create databases on")
    args = parser.parse_args()
    ok = True
    for engine in args.engines.split(","):
        databases = SqliteDatabases() if engine == "sqlite" else PostgresDatabases(args.pg_url)
        try:
            ok = run_engine(databases, args.runs) and ok
        finally:
            databases.cleanup()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
