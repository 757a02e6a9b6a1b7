"""Demo term work for the city and the two demo counties (congress/demo.py): delegate groups
with conveners, a year of activities (列席, 评议, 督查, 调研, 联系群众 ...) up to today, each
organisation's yearly requirements, and contact lists with a year of contacts for some of the
delegates, all through the services. The studios and concerns have their own demo.

Call it after `seed_demo()` (and the studios' demo), in the same app context, then commit:

    from congress.activities.demo import seed_activities
    summary = seed_activities()
"""
import random
from datetime import date, timedelta

from sqlalchemy import select

from congress.activities import queries, services
from congress.core.time import local_today
from congress.extensions import db
from congress.organisations.models import Organisation
from congress.people.delegates import find_group

GROUP_SIZE = 12
ACTIVITIES = [  # (kind, title, delegates taking part)
    ("plenary_attendance", "列席{org}全体会议", 6),
    ("evaluation", "参加{org}部门工作评议", 20),
    ("inspection", "督查重点民生项目推进情况", 10),
    ("research", "开展基层治理专题调研", 5),
    ("contact", "走访联系党员群众", 12),
    ("other", "参加{org}代表培训", 25),
]
PLACES = ("党群服务中心", "区政务中心", "街道会议室", "社区党员之家", "项目现场")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国秀英志强桂兰海燕明华玉梅德胜春花"
NOTES = ("电话联系，了解近况", "上门走访，听取意见", "座谈交流", "反映小区停车难问题")


def _demo_organisations():
    """The demo city (the root the demo named) and its counties."""
    city = db.session.scalar(select(Organisation).where(Organisation.parent_id.is_(None))
                             .order_by(Organisation.id))
    return [city, *city.children] if city is not None else []


def seed_activities(today=None, seed="term-work"):
    """Groups, activities, requirements and contacts; returns a one-line summary."""
    today = today or local_today()
    rng = random.Random(seed)
    counts = {"groups": 0, "activities": 0, "contacts": 0, "logs": 0}
    for organisation in _demo_organisations():
        delegates = queries.delegates_of(organisation)
        if not delegates:
            continue
        services.set_requirements(None, organisation, duties=2, contacts=5,
                                  contacts_each_quarter=True, activities=3)
        counts["groups"] += _groups(organisation, delegates, rng)
        counts["activities"] += _activities(organisation, delegates, rng, today)
        contacts, logs = _contacts(delegates, rng, today)
        counts["contacts"] += contacts
        counts["logs"] += logs
    db.session.flush()
    return (f"term work: {counts['groups']} groups, {counts['activities']} activities, "
            f"{counts['contacts']} contacts with {counts['logs']} contacts logged")


def _groups(organisation, delegates, rng):
    made = 0
    by_congress = {}
    for d in delegates:
        by_congress.setdefault(d.congress, []).append(d)
    for congress, members in by_congress.items():
        for start in range(0, min(len(members), GROUP_SIZE * 8), GROUP_SIZE):
            name = f"第{start // GROUP_SIZE + 1}代表小组"
            if find_group(congress, name) is not None:
                continue
            chunk = members[start:start + GROUP_SIZE]
            services.create_group(None, congress, name=name,
                                  member_ids=[d.id for d in chunk],
                                  convener_id=rng.choice(chunk).id)
            made += 1
    return made


def _activities(organisation, delegates, rng, today):
    """About two activities a month of the year so far, every kind."""
    made = 0
    day = date(today.year, 1, 8)
    while day <= today:
        for kind, title, size in rng.sample(ACTIVITIES, 2):
            chosen = rng.sample(delegates, min(size, len(delegates)))
            services.create_activity(None, organisation, kind=kind,
                                     title=title.format(org=organisation.name),
                                     on=day + timedelta(days=rng.randrange(0, 20)),
                                     place=rng.choice(PLACES),
                                     delegate_ids=[d.id for d in chosen])
            made += 1
        day += timedelta(days=30)
    return made


def _contacts(delegates, rng, today):
    """A third of the delegates keep five contacts each, most contacted every quarter so
    far (some skip a quarter: the ledger shows who has not met the requirement)."""
    contacts = logs = 0
    quarters = [date(today.year, month, 10) for month in (1, 4, 7, 10)
                if date(today.year, month, 10) <= today]
    for delegate in delegates[::3]:
        for _ in range(5):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            contact = services.add_contact(
                None, delegate, name=name, kind=rng.choice(("party_member", "resident")),
                phone=f"139{rng.randrange(10**7, 10**8)}")
            contacts += 1
            for first in quarters:
                if rng.random() < 0.85:
                    on = min(first + timedelta(days=rng.randrange(0, 60)), today)
                    services.log_contact(None, contact, on=on, note=rng.choice(NOTES))
                    logs += 1
    return contacts, logs
