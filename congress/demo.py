"""A Hefei-like demo: the city's party organisation (中共合肥市委) with its congress and its
2026 annual meeting of 300 delegates, and two county committees under it, each with a congress
of its own, its delegates and a small annual meeting. Deterministic, so the README's logins
always work."""
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from flask import current_app
from sqlalchemy import func, select

from congress.core.audit import record, snapshot
from congress.core.auth import Role
from congress.extensions import db
from congress.meetings import services as meetings
from congress.meetings.models import Meeting
from congress.organisations.models import Congress, Organisation, OrganisationLevel
from congress.organisations.services import (
    create_congress,
    create_organisation,
    find_organisation,
    root_organisation,
)
from congress.people import delegates, services as people
from congress.people.models import HandlingUnit, User, hash_password
from congress.reports.demo import seed_reports

DEMO_PASSWORD = "congress2026"
CITY = "中共合肥市委"
CITY_CONGRESS = "中国共产党合肥市第十二次代表大会"
# elected for five years; the term has to cover the 2026 meeting's first day (28 December)
CITY_ELECTED_ON = date(2021, 12, 29)
DELEGATIONS = (("瑶海区", 36), ("庐阳区", 34), ("蜀山区", 38), ("包河区", 36), ("长丰县", 30),
               ("肥东县", 33), ("肥西县", 33), ("庐江县", 30), ("巢湖市", 30))
UNITS = ("市发展和改革委员会", "市教育局", "市住房和城乡建设局", "市生态环境局", "市交通运输局",
         "市卫生健康委员会")
STAFF = (("secretariat", "秘书处", Role.secretariat, None),
         ("chair", "大会主持人", Role.chair, None),
         ("committee", "提案审查委员会", Role.committee, None),
         ("observer", "投影屏幕", Role.observer, None),
         ("organiser", "市委组织部", Role.organiser, None))
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江"
            "尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩"
         "凯健俊帆帅旭宁龙林欣佳琳晨阳雪梅莉婷慧颖海峰亮波辉鹏飞志文博新立建国春晓东")
WORK_UNITS = ("区委组织部", "街道党工委", "社区党委", "镇党委", "村党总支", "市属国有企业",
              "区人民医院", "区第一中学", "农业合作社", "非公企业党委", "区人民法院", "区财政局")
JOBS = ("书记", "副书记", "主任", "党支部书记", "教师", "医生", "工程师", "村民委员会主任",
        "社区工作者", "职工")


@dataclass(frozen=True)
class County:
    """A county or district committee of the demo, its congress and its small annual meeting."""
    name: str            # the organisation, e.g. 中共蜀山区委
    place: str           # as it appears in titles, e.g. 合肥市蜀山区
    username: str        # its secretariat's account
    congress: str
    ordinal: int
    elected_on: date
    first_day: date      # of its 2026 annual meeting
    venue: str
    delegations: tuple   # ((township or subdistrict, delegates), ...)


COUNTIES = (
    County("中共蜀山区委", "合肥市蜀山区", "shushan", "中国共产党合肥市蜀山区第五次代表大会", 5,
           date(2021, 7, 20), date(2026, 3, 20), "蜀山区会议中心",
           (("三里庵街道", 12), ("稻香村街道", 13), ("琥珀街道", 12), ("南七街道", 11))),
    County("中共肥西县委", "肥西县", "feixi", "中国共产党肥西县第十五次代表大会", 15,
           date(2021, 7, 28), date(2026, 3, 27), "肥西县行政中心报告厅",
           (("上派镇", 16), ("桃花镇", 15), ("三河镇", 14))),
)
LOCAL = timezone(timedelta(hours=8))


def _name(rng, used):
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in used:
            used.add(name)
            return name


def seed_demo():
    """The city, its meeting and the two counties; returns a one-line summary."""
    city = _city()
    counties = [create_organisation(None, name=c.name, parent=city,
                                    level=OrganisationLevel.county) for c in COUNTIES]
    units = [people.create_unit(None, name, organisation=city) for name in UNITS]
    for username, name, role, _ in STAFF:
        people.create_user(None, username=username, name=name, role=role, password=DEMO_PASSWORD,
                           organisation=city)
    for index, unit in enumerate(units[:3], start=1):
        people.create_user(None, username=f"unit{index}", name=unit.name, role=Role.unit,
                           password=DEMO_PASSWORD, unit=unit)
    for county, organisation in zip(COUNTIES, counties, strict=True):
        people.create_user(None, username=county.username, name=f"{county.name}秘书处",
                           role=Role.secretariat, password=DEMO_PASSWORD,
                           organisation=organisation)

    used = set()
    summary = _seed_city(city, used)
    count = 300
    for county, organisation in zip(COUNTIES, counties, strict=True):
        meeting, seated = _seed_county(county, organisation, used, first_pin=count + 1)
        count += seated
        summary += f"; {county.name}: meeting {meeting.id} with {seated} delegates"
    from congress.studios.demo import seed_term_work  # a year of studio work (issue 17)
    studios, _duties, concerns = seed_term_work([city, *counties])
    summary += f"; {studios} studios with {concerns} concerns"
    from congress.activities.demo import seed_activities  # groups, activities, contacts
    summary += "; " + seed_activities()
    from congress.followup.demo import seed_follow_up  # reminders, 督办, cited concerns
    summary += "; " + seed_follow_up([city, *counties], city_meeting())
    return summary + f"; accounts: organiser, {', '.join(c.username for c in COUNTIES)}"


def _city():
    """The root organisation as 中共合肥市委: the migrations leave one root with a default name
    on a new database; the demo names it, as long as nothing belongs to it yet (otherwise the
    city is a root of its own beside it)."""
    root = root_organisation()
    if root.name == CITY:
        return root
    if _holds_nothing(root):
        before = snapshot(root, ("name", "level"))
        root.name, root.level = CITY, OrganisationLevel.city
        record(None, "organisation.update", root, before=before,
               after=snapshot(root, ("name", "level")))
        return root
    return find_organisation(CITY) or create_organisation(None, name=CITY, parent=None,
                                                          level=OrganisationLevel.city)


def _holds_nothing(organisation):
    return all(db.session.scalar(select(func.count()).select_from(model).where(
        column == organisation.id)) == 0 for model, column in (
        (User, User.organisation_id), (Meeting, Meeting.organisation_id),
        (Congress, Congress.organisation_id), (HandlingUnit, HandlingUnit.organisation_id),
        (Organisation, Organisation.parent_id)))


def _seed_city(city, used):
    rng = random.Random(2026)
    congress = create_congress(None, city, title=CITY_CONGRESS, ordinal=12,
                               elected_on=CITY_ELECTED_ON)
    first_day = date(2026, 12, 28)
    meeting = meetings.create_meeting(
        None, congress=congress, title=f"{CITY_CONGRESS}2026年年会", year=2026,
        starts_on=first_day, ends_on=first_day + timedelta(days=1), venue="合肥市政务中心会议厅",
        quorum_ratio="0.5", min_signers=10,
        proposal_deadline=datetime.combine(first_day + timedelta(days=1), time(12, 0), LOCAL))

    def at(day, hour, minute=0):
        return datetime.combine(first_day + timedelta(days=day), time(hour, minute), LOCAL)

    agenda = [("plenary_report", "听取和审议中共合肥市委员会工作报告", at(0, 8, 30)),
              ("plenary_report", "听取和审议中共合肥市纪律检查委员会工作报告", at(0, 10)),
              ("group_review", "分组审议两个工作报告", at(0, 14, 30))]
    secretaries = [(place, _name(rng, used)) for place, _ in DELEGATIONS]
    for index, (place, name) in enumerate(secretaries):
        agenda.append(("debrief", f"{place}委书记{name}述职评议", at(1, 8, 30) + timedelta(
            minutes=25 * index)))
    agenda += [("ballot", "表决关于两个工作报告的决议", at(1, 14, 30)),
               ("other", "代表提出提案（截止第二天中午12时）", None)]
    for kind, title, starts in agenda:
        meetings.add_agenda_item(None, meeting, kind=kind, title=title, starts_at=starts)

    grassroots = _seed_delegates(meeting, DELEGATIONS, rng, used, first_pin=1,
                                 seat=lambda d_index, seat: f"{chr(65 + d_index)}-{seat:02d}")
    _seed_debriefs(meeting, secretaries, grassroots, rng)
    reports = seed_reports(meeting)
    from congress.proposals.demo import seed_proposals

    proposals = seed_proposals(meeting)
    count = sum(size for _, size in DELEGATIONS)
    return (f"seeded meeting {meeting.id} with {count} delegates in {len(DELEGATIONS)} "
            f"delegations, {len(agenda)} agenda items, {len(secretaries)} debriefs, "
            f"{len(reports)} tabled reports, {proposals} proposals and {len(UNITS)} handling "
            f"units")


def _seed_county(county, organisation, used, first_pin):
    """The county's congress, delegates in its townships' delegations and a small annual
    meeting: the committee's report and one township secretary's debrief."""
    rng = random.Random(f"demo-{county.username}")
    congress = create_congress(None, organisation, title=county.congress, ordinal=county.ordinal,
                               elected_on=county.elected_on)
    first_day = county.first_day
    meeting = meetings.create_meeting(
        None, congress=congress, title=f"{county.congress}2026年年会", year=2026,
        starts_on=first_day, ends_on=first_day, venue=county.venue, quorum_ratio="0.5",
        min_signers=5)
    township, _ = county.delegations[0]
    secretary = _name(rng, used)
    agenda = [("plenary_report", f"听取和审议中共{county.place}委员会工作报告",
               datetime.combine(first_day, time(8, 30), LOCAL)),
              ("debrief", f"{township}党（工）委书记{secretary}述职评议",
               datetime.combine(first_day, time(10, 30), LOCAL)),
              ("other", "代表提出意见建议", None)]
    for kind, title, starts in agenda:
        meetings.add_agenda_item(None, meeting, kind=kind, title=title, starts_at=starts)
    grassroots = _seed_delegates(meeting, county.delegations, rng, used, first_pin=first_pin,
                                 seat=lambda d_index, seat: f"{d_index + 1}-{seat:02d}")
    _seed_debriefs(meeting, [(township, secretary)], grassroots, rng,
                   title=f"{township}党（工）委书记")
    return meeting, sum(size for _, size in county.delegations)


def _seed_delegates(meeting, delegations, rng, used, first_pin, seat):
    """The delegates of `meeting`'s congress, delegation by delegation, with their demo PINs
    (hashed beforehand on two threads); returns the grassroots ones as (place, id)."""
    total = sum(size for _, size in delegations)
    credentials = _pin_credentials(range(first_pin, first_pin + total))
    grassroots = []
    for d_index, (place, size) in enumerate(delegations):
        delegation = delegates.create_delegation(None, meeting.congress, f"{place}代表团")
        for number in range(1, size + 1):
            delegate, _ = delegates.create_delegate(
                None, meeting.congress, name=_name(rng, used), delegation=delegation,
                username_year=meeting.year,
                gender=rng.choice(("male", "male", "female")),
                work_unit=place + rng.choice(WORK_UNITS), job_title=rng.choice(JOBS),
                seat=seat(d_index, number), is_grassroots=rng.random() < 0.35,
                credentials=next(credentials))
            if delegate.is_grassroots:
                grassroots.append((place, delegate.id))
    return grassroots


def _pin_credentials(numbers):
    """The demo PINs of these delegates with their hashes (scrypt outside the tests: two
    threads halve the wait)."""
    pins = [demo_pin(n) for n in numbers]
    method = current_app.config["PASSWORD_HASH_METHOD"]
    with ThreadPoolExecutor(max_workers=people.HASH_THREADS) as pool:
        hashes = list(pool.map(lambda pin: hash_password(pin, method), pins))
    return iter([people.Credentials(pin, pin_hash)
                 for pin, pin_hash in zip(pins, hashes, strict=True)])


def _seed_debriefs(meeting, secretaries, grassroots, rng, title=None):
    """One debrief per secretary, in agenda order, with two designated grassroots questioners
    from other delegations."""
    from congress.debriefs.services import create_debrief

    for place, name in secretaries:
        others = [d for p, d in grassroots if p != place]
        create_debrief(None, meeting, reporter_name=name,
                       reporter_title=title or f"{place}委书记",
                       questioner_ids=rng.sample(others, 2))


def city_meeting():
    """The demo city's newest annual meeting (the one `seed-demo --played` plays)."""
    return db.session.scalar(
        select(Meeting).join(Organisation, Meeting.organisation_id == Organisation.id)
        .where(Organisation.name == CITY, Organisation.parent_id.is_(None))
        .order_by(Meeting.starts_on.desc(), Meeting.id.desc()).limit(1))


def demo_pin(n):
    """The PIN of the n-th demo delegate (1-based): fixed, so the README can give one."""
    rng = random.Random(f"demo-pin-{n}")
    return "".join(rng.choice("0123456789") for _ in range(6))
