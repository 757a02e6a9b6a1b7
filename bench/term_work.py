"""Term work at Hefei's size for bench/term_scale.py (issue 17): a year (2026) of studios,
duties, residents' concerns with their history, activities and contact lists, in bulk inserts
(no services: 100,000 concerns through the services would only cost set-up time), and the
hand-written SQL the pages are held against.

Per 12,800 delegates: 1,600 studios, 100,000 concerns, 50,000 activities, spread over the
organisations by their delegates; the single world gets the same per delegate."""
import random
from datetime import UTC, date, datetime, timedelta

YEAR = 2026
STUDIOS, CONCERNS, ACTIVITIES, PER = 1_600, 100_000, 50_000, 12_800
KINDS = ("plenary_attendance", "evaluation", "inspection", "research", "contact", "other")
CHUNK = 5_000


def _share(total, size):
    return max(1, round(total * size / PER))


def _moment(rng, last_day=330):
    day = date(YEAR, 1, 1) + timedelta(days=rng.randrange(0, last_day))
    return datetime(day.year, day.month, day.day, rng.randrange(1, 9), tzinfo=UTC)


def _insert(model, rows, returning=False):
    from sqlalchemy import insert

    from congress.extensions import db

    ids = []
    for start in range(0, len(rows), CHUNK):
        part = rows[start:start + CHUNK]
        if returning:
            ids += db.session.scalars(insert(model).returning(
                model.id, sort_by_parameter_order=True), part).all()
        else:
            db.session.execute(insert(model), part)
    return ids


def build_term_work(app, seed="term-work"):
    """Fill the built world; returns the row counts."""
    from sqlalchemy import func, select

    from congress.activities.models import Activity, ActivityDelegate, Contact, ContactLog
    from congress.extensions import db
    from congress.organisations.models import Congress
    from congress.people.models import Delegate, HandlingUnit
    from congress.studios.models import Concern, ConcernEvent, Duty, Studio

    rng = random.Random(seed)
    with app.app_context():
        by_org = {}
        for did, oid in db.session.execute(select(Delegate.id, Congress.organisation_id)
                                           .join(Congress).order_by(Delegate.id)):
            by_org.setdefault(oid, []).append(did)
        units = {}
        for oid in by_org:
            unit = HandlingUnit(name=f"基准承办单位{oid}", organisation_id=oid)
            db.session.add(unit)
            units[oid] = unit
        db.session.flush()
        studio_rows, owners = [], []
        for oid, dids in by_org.items():
            for i in range(_share(STUDIOS, len(dids))):
                studio_rows.append(dict(organisation_id=oid, name=f"基准工作室{oid}-{i + 1}",
                                        reception_hours="每周四 8:00-11:00"))
                owners.append(oid)
        studio_ids = _insert(Studio, studio_rows, returning=True)
        studios_of = {}
        for sid, oid in zip(studio_ids, owners, strict=True):
            studios_of.setdefault(oid, []).append(sid)

        duties = []
        for oid, dids in by_org.items():
            for did in dids:
                for _ in range(2):
                    start = _moment(rng)
                    duties.append(dict(studio_id=rng.choice(studios_of[oid]), delegate_id=did,
                                       starts_at=start, ends_at=start + timedelta(hours=3),
                                       checked_in_at=start if rng.random() < 0.9 else None))
        _insert(Duty, duties)

        concerns, plans, n = [], [], 0
        for oid, dids in by_org.items():
            for _ in range(_share(CONCERNS, len(dids))):
                n += 1
                received = _moment(rng)
                fate = rng.random()
                row = dict(organisation_id=oid, studio_id=rng.choice(studios_of[oid]),
                           channel="reception", text="基准诉求：楼梯湿滑，请尽快处理。",
                           resident_name="基准居民", contact="13800000000",
                           taken_by_id=rng.choice(dids) if rng.random() < 0.9 else None,
                           tracking_code=f"B{n:011d}", received_at=received,
                           refer_by=received.date() + timedelta(days=7), referrals=0,
                           status="received")
                steps = [("received", received, None, None)]
                if 0.2 <= fate < 0.45:
                    row.update(status="answered", answer="当场答复")
                    steps.append(("answered", received + timedelta(minutes=30), None, "当场答复"))
                elif fate >= 0.45:
                    referred = received + timedelta(days=rng.randrange(1, 6))
                    row.update(status="referred", referred_at=referred, unit_id=units[oid].id,
                               due_on=referred.date() + timedelta(days=42), referrals=1)
                    steps.append(("referred", referred, None, None))
                    if fate >= 0.62:
                        replied = referred + timedelta(days=rng.randrange(3, 40))
                        row.update(status="replied", replied_at=replied)
                        steps.append(("replied", replied, None, "已处理，请查收。"))
                        if fate >= 0.72:
                            closed = replied + timedelta(days=2)
                            rating = "satisfied" if rng.random() < 0.8 else "basically_satisfied"
                            row.update(status="closed", closed_at=closed, rating=rating)
                            steps.append(("feedback", closed, rating, None))
                concerns.append(row)
                plans.append(steps)
        concern_ids = _insert(Concern, concerns, returning=True)
        _insert(ConcernEvent, [dict(concern_id=cid, kind=kind, at=at, rating=rating, text=text)
                               for cid, steps in zip(concern_ids, plans, strict=True)
                               for kind, at, rating, text in steps])

        activity_rows, members = [], []
        for oid, dids in by_org.items():
            for _ in range(_share(ACTIVITIES, len(dids))):
                activity_rows.append(dict(organisation_id=oid, kind=rng.choice(KINDS),
                                          title="基准活动", held_on=_moment(rng).date()))
                members.append(rng.sample(dids, min(4, len(dids))))
        activity_ids = _insert(Activity, activity_rows, returning=True)
        _insert(ActivityDelegate, [dict(activity_id=aid, delegate_id=did)
                                   for aid, dids in zip(activity_ids, members, strict=True)
                                   for did in dids])

        contact_rows = [dict(delegate_id=did, name="基准联系人", kind="resident")
                        for dids in by_org.values() for did in dids[::2]]
        contact_ids = _insert(Contact, contact_rows, returning=True)
        _insert(ContactLog, [dict(contact_id=cid, contacted_on=date(YEAR, month, 15))
                             for cid in contact_ids for month in (2, 5, 8)])
        db.session.commit()
        # fresh statistics for the planner, as autovacuum would gather after a bulk load (without
        # them PostgreSQL plans the statistics' joins for empty tables: minutes instead of seconds)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()

        def count(model):
            return db.session.scalar(select(func.count()).select_from(model))

        return {name: count(model) for name, model in (
            ("studios", Studio), ("duties", Duty), ("concerns", Concern),
            ("concern events", ConcernEvent), ("activities", Activity),
            ("activity delegates", ActivityDelegate), ("contacts", Contact),
            ("contact logs", ContactLog))}


# --- the hand-written SQL ---------------------------------------------------------------------

IN_TREE = "JOIN organisations o ON o.id = {t}.organisation_id AND o.path LIKE :tree"
EVENT = ("SELECT count(DISTINCT e.concern_id) FROM concern_events e "
         "JOIN concerns c ON c.id = e.concern_id " + IN_TREE.format(t="c") +
         " WHERE e.kind = '{kind}' AND e.at >= :start AND e.at < :end{extra}")
DELEGATES_IN = ("SELECT count(DISTINCT ad.delegate_id) FROM activity_delegates ad "
                "JOIN activities a ON a.id = ad.activity_id " + IN_TREE.format(t="a") +
                " WHERE a.kind = '{kind}' AND a.held_on BETWEEN :first AND :last")
def _scalar(sql):
    return f"({sql})"


def statistics_sql():
    parts = [
        "SELECT count(*) FROM delegates d JOIN congresses g ON g.id = d.congress_id "
        + IN_TREE.format(t="g") + " WHERE d.active_from <= :last AND (d.terminated_on IS NULL"
        " OR d.terminated_on > :first)",
        DELEGATES_IN.format(kind="plenary_attendance"),
        DELEGATES_IN.format(kind="evaluation"),
        "SELECT count(*) FROM (SELECT du.delegate_id FROM studio_duties du JOIN studios s ON "
        "s.id = du.studio_id " + IN_TREE.format(t="s") + " WHERE du.checked_in_at IS NOT NULL"
        " AND du.starts_at >= :start AND du.starts_at < :end UNION SELECT c.taken_by_id FROM "
        "concerns c " + IN_TREE.format(t="c") + " WHERE c.taken_by_id IS NOT NULL AND "
        "c.received_at >= :start AND c.received_at < :end) worked",
        DELEGATES_IN.format(kind="inspection"),
        "SELECT count(*) FROM concerns c " + IN_TREE.format(t="c") +
        " WHERE c.received_at >= :start AND c.received_at < :end",
        EVENT.format(kind="answered", extra=""), EVENT.format(kind="referred", extra=""),
        EVENT.format(kind="replied", extra=""),
        "SELECT count(*) FROM concerns c " + IN_TREE.format(t="c") +
        " WHERE c.closed_at >= :start AND c.closed_at < :end",
        "SELECT count(*) FROM concerns c " + IN_TREE.format(t="c") +
        " WHERE (c.status = 'received' AND c.refer_by BETWEEN :first AND :until) OR "
        "(c.status = 'referred' AND c.due_on BETWEEN :first AND :until)",
        EVENT.format(kind="feedback", extra=""),
        EVENT.format(kind="feedback",
                     extra=" AND e.rating IN ('satisfied', 'basically_satisfied')"),
    ]
    return "SELECT " + ",\n".join(_scalar(p) for p in parts)


CONCERN_LIST_SQL = (  # the list's first page of 50 (newest first): what the answer holds
    "SELECT c.id, c.organisation_id, c.studio_id, c.channel, c.category, c.text, "
    "c.resident_name, c.contact, c.taken_by_id, c.status, c.tracking_code, c.received_at, "
    "c.refer_by, c.referred_at, c.unit_id, c.due_on, c.rating, c.closed_at, e.kind, e.text, "
    "e.at, e.unit_id, (SELECT count(*) FROM concerns WHERE organisation_id = :oid) AS total "
    "FROM (SELECT * FROM concerns WHERE organisation_id = :oid "
    "ORDER BY received_at DESC, id DESC LIMIT 50) c "
    "LEFT JOIN concern_events e ON e.concern_id = c.id AND e.kind IN ('answered', 'replied') "
    "ORDER BY c.received_at DESC, c.id DESC, e.at, e.id")

KINDS = ("plenary_attendance", "evaluation", "inspection", "research", "contact", "other")
QUARTERS_LOGGED = (  # of one contact of the outer query, in the year
    "(SELECT count(DISTINCT CASE WHEN l.contacted_on < :q2 THEN 1 WHEN l.contacted_on < :q3 "
    "THEN 2 WHEN l.contacted_on < :q4 THEN 3 ELSE 4 END) FROM contact_logs l "
    "WHERE l.contact_id = k.id AND l.contacted_on BETWEEN :first AND :last)")
FILED = "('submitted', 'accepted', 'rejected', 'merged', 'assigned', 'replied', 'closed')"

LEDGER_SQL = (  # every figure of the answer: the requirements, the counts, the kinds, kept
    "SELECT r.duties, r.contacts, r.contacts_each_quarter, r.activities, " + ",\n".join(
        _scalar(p) for p in [
            "SELECT count(*) FROM studio_duties WHERE delegate_id = :did AND checked_in_at IS "
            "NOT NULL AND starts_at >= :start AND starts_at < :end",
            "SELECT count(*) FROM concerns WHERE taken_by_id = :did AND received_at >= :start "
            "AND received_at < :end",
            "SELECT count(DISTINCT c.id) FROM concerns c JOIN concern_events e ON "
            "e.concern_id = c.id WHERE c.taken_by_id = :did AND e.kind = 'referred' AND "
            "e.at >= :start AND e.at < :end",
            "SELECT count(*) FROM contact_logs l JOIN delegate_contacts k ON k.id = "
            "l.contact_id WHERE k.delegate_id = :did AND l.contacted_on BETWEEN :first AND "
            ":last",
            "SELECT count(DISTINCT ps.proposal_id) FROM proposal_signers ps JOIN proposals p ON "
            "p.id = ps.proposal_id JOIN meetings m ON m.id = p.meeting_id WHERE ps.delegate_id "
            f"= :did AND ps.status = 'signed' AND p.status IN {FILED} AND m.year = :year",
            "SELECT count(*) FROM attendances t JOIN meetings m ON m.id = t.meeting_id WHERE "
            "t.delegate_id = :did AND t.status = 'present' AND m.year = :year",
            "SELECT count(*) FROM delegate_contacts k WHERE k.delegate_id = :did AND "
            f"{QUARTERS_LOGGED} >= :begun",
            f"SELECT count(*) FROM delegate_contacts k WHERE k.delegate_id = :did AND "
            f"{QUARTERS_LOGGED} >= 1"]) + ", act.* "
    "FROM delegates d JOIN congresses g ON g.id = d.congress_id "
    "LEFT JOIN ledger_requirements r ON r.organisation_id = g.organisation_id, "
    "(SELECT " + ", ".join(f"sum(CASE WHEN a.kind = '{k}' THEN 1 ELSE 0 END) AS {k}"
                           for k in KINDS) +
    " FROM activity_delegates ad JOIN activities a ON a.id = ad.activity_id "
    "WHERE ad.delegate_id = :did AND a.held_on BETWEEN :first AND :last) act "
    "WHERE d.id = :did")


def hand_queries(app, root_oid, county_oid, did):
    """{label: (sql, params)} over the same rows as the pages."""
    from congress.activities.ledger import day_bounds, quarters_begun
    from congress.core.time import local_today
    from congress.extensions import db
    from congress.organisations.models import Organisation

    with app.app_context():
        first, last = date(YEAR, 1, 1), date(YEAR, 12, 31)
        start, end = (t.replace(tzinfo=None) for t in day_bounds(first, last))
        tree = db.session.get(Organisation, root_oid).path + "%"
        until = min(last, local_today() - timedelta(days=1))
        begun = max(quarters_begun(YEAR), 1)
    period = dict(first=first, last=last, start=start, end=end, until=until)
    quarters = dict(q2=date(YEAR, 4, 1), q3=date(YEAR, 7, 1), q4=date(YEAR, 10, 1),
                    begun=begun)
    return {"statistics": (statistics_sql(), period | {"tree": tree}),
            "concerns": (CONCERN_LIST_SQL, {"oid": county_oid}),
            "ledger": (LEDGER_SQL, period | quarters | {"did": did, "year": YEAR})}


def run_hand(app, sql, params):
    from sqlalchemy import text

    from congress.extensions import db

    with app.app_context():
        rows = db.session.execute(text(sql), params).all()
        db.session.rollback()
    return rows
