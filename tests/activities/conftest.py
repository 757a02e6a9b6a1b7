"""A year (2025) of term work in a city (中共合肥市委) with two counties (瑶海区委, 庐阳区委) and a
township under the first, made through the real services, with the figures counted by hand
in tests/activities/test_figures.py. Each organisation has a congress elected in 2024; the
county has an annual meeting in 2025 and one in 2026.

Delegates: city c1 c2; county a1 a2 a3; township t1; sibling b1 b2, and b3 whose term ended in
2024. Studios: S1 of the county, S2 of the sibling."""
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from congress.extensions import db
from tests.conftest import PASSWORD, Account
from tests.helpers import bearer, token_for

ELECTED = date(2024, 1, 10)


def at(day, hour=9):
    """A moment of a local day (Asia/Shanghai, UTC+8) as aware UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=8)


@dataclass
class TermWorld:
    ids: dict = field(default_factory=dict)
    accounts: dict = field(default_factory=dict)


def _build(app, w):
    from congress.activities import services as term
    from congress.meetings.services import check_in, create_meeting
    from congress.organisations.services import (
        create_congress,
        create_organisation,
        root_organisation,
    )
    from congress.people.delegates import create_delegate, get_or_create_delegation
    from congress.people.services import create_unit, create_user
    from congress.studios import services as studios

    city = root_organisation()
    city.name = "中共合肥市委"
    county = create_organisation(None, name="瑶海区委", parent=city)
    sibling = create_organisation(None, name="庐阳区委", parent=city)
    township = create_organisation(None, name="大兴镇党委", parent=county)
    orgs = {"city": city, "county": county, "sibling": sibling, "township": township}
    congresses = {key: create_congress(None, o, title=f"{o.name}代表大会", elected_on=ELECTED)
                  for key, o in orgs.items()}
    delegates = {}
    for key, names in (("city", ["c1", "c2"]), ("county", ["a1", "a2", "a3"]),
                       ("township", ["t1"]), ("sibling", ["b1", "b2", "b3"])):
        congress = congresses[key]
        delegation = get_or_create_delegation(None, congress, "第一代表团")
        for name in names:
            delegate, pin = create_delegate(None, congress, name=name, delegation=delegation,
                                            username_year=2025, active_from=ELECTED)
            delegates[name] = delegate
            db.session.flush()
            w.accounts[name] = Account(delegate.user.id, delegate.user.username, pin,
                                       "delegate", delegate_id=delegate.id, name=name)
    delegates["b3"].terminated_on = date(2024, 6, 1)
    for key, organisation in orgs.items():
        for role in ("secretariat", "organiser", "chair", "observer"):
            user, _ = create_user(None, username=f"{role}-{key}", name=f"{role}-{key}",
                                  role=role, password=PASSWORD, organisation=organisation)
            w.accounts[f"{role}-{key}"] = Account(user.id, user.username, PASSWORD, role)
    unit = create_unit(None, "瑶海区住建局", county)
    sibling_unit = create_unit(None, "庐阳区住建局", sibling)
    db.session.flush()

    # annual meetings of the county: 2025 and 2026, a1 present at both, a2 at 2026 only
    m2025 = create_meeting(None, congress=congresses["county"], title="瑶海区2025年年会",
                           year=2025, starts_on=date(2025, 3, 1), min_signers=2)
    m2026 = create_meeting(None, congress=congresses["county"], title="瑶海区2026年年会",
                           year=2026, starts_on=date(2026, 3, 1), min_signers=2)
    check_in(None, m2025, delegates["a1"], "desk")
    check_in(None, m2026, delegates["a1"], "desk")
    check_in(None, m2026, delegates["a2"], "desk")

    # studios, duties (a1: two served in 2025, one not checked in, one served in 2024)
    s1 = studios.create_studio(None, county, name="瑶海一号工作室")
    s2 = studios.create_studio(None, sibling, name="庐阳一号工作室")

    def duty(studio, who, day, served=True):
        d = studios.add_duty(None, studio, delegates[who], at(day), at(day, 12))
        if served:
            studios.check_in_duty(None, d, at=at(day, 10))
        return d

    duty(s1, "a1", date(2025, 2, 6))
    duty(s1, "a1", date(2025, 3, 6))
    duty(s1, "a1", date(2025, 4, 3), served=False)
    duty(s1, "a1", date(2024, 11, 7))
    duty(s1, "a2", date(2025, 2, 13), served=False)
    duty(s2, "b1", date(2025, 2, 6))

    # concerns (see test_figures.py for the counts)
    def take(studio, who, day):
        return studios.take_concern(None, studio, channel="reception", text="楼梯湿滑",
                                    resident_name="王大妈", contact="13800000000",
                                    taken_by=delegates[who], at=at(day))

    k1 = take(s1, "a1", date(2025, 3, 10))
    studios.answer_concern(None, k1, "当场答复", at=at(date(2025, 3, 10), 11))
    k2 = take(s1, "a1", date(2025, 4, 10))
    studios.refer_concern(None, k2, unit, at=at(date(2025, 4, 11)))
    studios.reply_concern(None, k2, "已修缮", at=at(date(2025, 4, 21)))
    studios.give_feedback(None, k2, "satisfied", at=at(date(2025, 4, 25)))
    k3 = take(s1, "a1", date(2025, 5, 12))
    studios.refer_concern(None, k3, unit, at=at(date(2025, 5, 13)))
    studios.reply_concern(None, k3, "正在协调", at=at(date(2025, 5, 20)))
    studios.give_feedback(None, k3, "unsatisfied", at=at(date(2025, 5, 26)))
    k4 = take(s1, "a1", date(2024, 12, 20))
    studios.refer_concern(None, k4, unit, at=at(date(2024, 12, 23)))
    studios.reply_concern(None, k4, "已处理", at=at(date(2025, 1, 10)))
    take(s1, "a2", date(2025, 6, 3))
    k6 = take(s2, "b1", date(2025, 7, 1))
    studios.refer_concern(None, k6, sibling_unit, at=at(date(2025, 7, 2)))
    studios.reply_concern(None, k6, "已答复", at=at(date(2025, 7, 3)))
    studios.give_feedback(None, k6, "basically_satisfied", at=at(date(2025, 7, 4)))

    # activities
    def activity(org, kind, day, *who):
        return term.create_activity(None, orgs[org], kind=kind, title=f"{kind}活动",
                                    on=day, delegate_ids=[delegates[n].id for n in who])

    activity("county", "plenary_attendance", date(2025, 4, 1), "a1", "a2")
    activity("county", "plenary_attendance", date(2025, 6, 1), "a1")
    activity("county", "evaluation", date(2025, 5, 1), "a1")
    activity("county", "evaluation", date(2025, 6, 2), "a1")
    activity("county", "research", date(2025, 7, 1), "a1")
    activity("county", "inspection", date(2024, 12, 31), "a1", "a3")
    activity("county", "plenary_attendance", date(2024, 11, 1), "a3")
    activity("township", "plenary_attendance", date(2025, 4, 2), "t1")
    activity("city", "plenary_attendance", date(2025, 5, 1), "c1")
    activity("sibling", "evaluation", date(2025, 8, 1), "b1")
    activity("sibling", "inspection", date(2025, 3, 1), "b2")

    # a1's contacts: 李 every quarter of 2025 (and once in 2024), 赵 twice in the first quarter
    li = term.add_contact(None, delegates["a1"], name="李党员", kind="party_member",
                          phone="13900000001")
    for day in (date(2025, 2, 1), date(2025, 5, 1), date(2025, 8, 1), date(2025, 11, 1),
                date(2024, 11, 1)):
        term.log_contact(None, li, on=day)
    zhao = term.add_contact(None, delegates["a1"], name="赵居民", kind="resident")
    for day in (date(2025, 1, 5), date(2025, 3, 5)):
        term.log_contact(None, zhao, on=day)

    term.set_requirements(None, county, duties=2, contacts=1, contacts_each_quarter=True,
                          activities=4)
    db.session.commit()
    w.ids.update({f"{k}_oid": o.id for k, o in orgs.items()})
    w.ids.update({f"{k}_cid": c.id for k, c in congresses.items()})
    w.ids.update({n: d.id for n, d in delegates.items()})
    w.ids.update(m2025=m2025.id, m2026=m2026.id, s1=s1.id, s2=s2.id, li=li.id, zhao=zhao.id)


def file_proposals(app, w):
    """Through the API: in 2025, a1 leads one (a2 signs) and a2 leads one (a3 signs, a1 only
    invited); a1 keeps a draft; in 2026 a1 leads one (a2 signs)."""
    client = app.test_client()
    tokens = {}

    def call(who, method, url, json=None, status=(200, 201)):
        if who not in tokens:
            tokens[who] = token_for(client, w.accounts[who])
        r = client.open(url, method=method, json=json, headers=bearer(tokens[who]))
        assert r.status_code in status, (url, r.status_code, r.get_json())
        return r.get_json()

    body = {"title": "关于加装电梯的提案", "category": "社会民生",
            "grounds": "老旧小区没有电梯。", "measures": "简化审批，财政补贴。"}

    def proposal(mid, lead, signer, invited=None, submit=True):
        p = call(lead, "POST", f"/api/v1/meetings/{mid}/proposals", body)
        if signer:
            call(lead, "POST", f"/api/v1/proposals/{p['id']}/invitations",
                 {"delegate_id": w.ids[signer]})
            call(signer, "POST", f"/api/v1/proposals/{p['id']}/signatures")
        if invited:
            call(lead, "POST", f"/api/v1/proposals/{p['id']}/invitations",
                 {"delegate_id": w.ids[invited]})
        if submit:
            call(lead, "POST", f"/api/v1/proposals/{p['id']}/submit")
        return p

    proposal(w.ids["m2025"], "a1", "a2")
    proposal(w.ids["m2025"], "a2", "a3", invited="a1")
    proposal(w.ids["m2025"], "a1", None, submit=False)
    proposal(w.ids["m2026"], "a1", "a2")


@pytest.fixture
def world(app):
    w = TermWorld()
    with app.app_context():
        _build(app, w)
    return w
