"""A Hefei-like demo annual meeting: deterministic, so the README's logins always work."""
import random
from datetime import date, datetime, time, timedelta, timezone

from congress.core.auth import Role
from congress.meetings import services as meetings
from congress.people import services as people
from congress.reports.demo import seed_reports

DEMO_PASSWORD = "congress2026"
DELEGATIONS = (("瑶海区", 36), ("庐阳区", 34), ("蜀山区", 38), ("包河区", 36), ("长丰县", 30),
               ("肥东县", 33), ("肥西县", 33), ("庐江县", 30), ("巢湖市", 30))
UNITS = ("市发展和改革委员会", "市教育局", "市住房和城乡建设局", "市生态环境局", "市交通运输局",
         "市卫生健康委员会")
STAFF = (("secretariat", "秘书处", Role.secretariat, None),
         ("chair", "大会主持人", Role.chair, None),
         ("committee", "提案审查委员会", Role.committee, None),
         ("observer", "投影屏幕", Role.observer, None))
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江"
            "尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩"
         "凯健俊帆帅旭宁龙林欣佳琳晨阳雪梅莉婷慧颖海峰亮波辉鹏飞志文博新立建国春晓东")
WORK_UNITS = ("区委组织部", "街道党工委", "社区党委", "镇党委", "村党总支", "市属国有企业",
              "区人民医院", "区第一中学", "农业合作社", "非公企业党委", "区人民法院", "区财政局")
JOBS = ("书记", "副书记", "主任", "党支部书记", "教师", "医生", "工程师", "村民委员会主任",
        "社区工作者", "职工")


def _name(rng, used):
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in used:
            used.add(name)
            return name


def seed_demo():
    rng = random.Random(2026)
    units = [people.create_unit(None, name) for name in UNITS]
    for username, name, role, _ in STAFF:
        people.create_user(None, username=username, name=name, role=role, password=DEMO_PASSWORD)
    for index, unit in enumerate(units[:3], start=1):
        people.create_user(None, username=f"unit{index}", name=unit.name, role=Role.unit,
                           password=DEMO_PASSWORD, unit=unit)

    first_day = date(2026, 12, 28)
    local = timezone(timedelta(hours=8))
    meeting = meetings.create_meeting(
        None, title="中国共产党合肥市第十二次代表大会2026年年会", year=2026,
        starts_on=first_day, ends_on=first_day + timedelta(days=1), venue="合肥市政务中心会议厅",
        quorum_ratio="0.5", min_signers=10,
        proposal_deadline=datetime.combine(first_day + timedelta(days=1), time(12, 0), local))

    def at(day, hour, minute=0):
        return datetime.combine(first_day + timedelta(days=day), time(hour, minute), local)

    agenda = [("plenary_report", "听取和审议中共合肥市委员会工作报告", at(0, 8, 30)),
              ("plenary_report", "听取和审议中共合肥市纪律检查委员会工作报告", at(0, 10)),
              ("group_review", "分组审议两个工作报告", at(0, 14, 30))]
    used = set()
    secretaries = [(place, _name(rng, used)) for place, _ in DELEGATIONS]
    for index, (place, name) in enumerate(secretaries):
        agenda.append(("debrief", f"{place}委书记{name}述职评议", at(1, 8, 30) + timedelta(
            minutes=25 * index)))
    agenda += [("ballot", "表决关于两个工作报告的决议", at(1, 14, 30)),
               ("other", "代表提出提案（截止第二天中午12时）", None)]
    for kind, title, starts in agenda:
        meetings.add_agenda_item(None, meeting, kind=kind, title=title, starts_at=starts)

    count = 0
    grassroots = []
    for d_index, (place, size) in enumerate(DELEGATIONS):
        delegation = people.create_delegation(None, meeting.congress, f"{place}代表团")
        for seat in range(1, size + 1):
            count += 1
            pin = demo_pin(count)
            delegate, _ = people.create_delegate(
                None, meeting.congress, name=_name(rng, used), delegation=delegation,
                username_year=meeting.year,
                gender=rng.choice(("male", "male", "female")),
                work_unit=place + rng.choice(WORK_UNITS), job_title=rng.choice(JOBS),
                seat=f"{chr(65 + d_index)}-{seat:02d}", is_grassroots=rng.random() < 0.35,
                pin=pin)
            if delegate.is_grassroots:
                grassroots.append((place, delegate.id))
    _seed_debriefs(meeting, secretaries, grassroots, rng)
    reports = seed_reports(meeting)
    from congress.proposals.demo import seed_proposals

    proposals = seed_proposals(meeting)
    return (f"seeded meeting {meeting.id} with {count} delegates in {len(DELEGATIONS)} "
            f"delegations, {len(agenda)} agenda items, {len(secretaries)} debriefs, "
            f"{len(reports)} tabled reports, {proposals} proposals and {len(units)} handling "
            f"units")


def _seed_debriefs(meeting, secretaries, grassroots, rng):
    """One debrief per secretary, in agenda order, with two designated grassroots questioners
    from other delegations."""
    from congress.debriefs.services import create_debrief

    for place, name in secretaries:
        others = [d for p, d in grassroots if p != place]
        create_debrief(None, meeting, reporter_name=name, reporter_title=f"{place}委书记",
                       questioner_ids=rng.sample(others, 2))


def demo_pin(n):
    """The PIN of the n-th demo delegate (1-based): fixed, so the README can give one."""
    rng = random.Random(f"demo-pin-{n}")
    return "".join(rng.choice("0123456789") for _ in range(6))
