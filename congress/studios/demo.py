"""A year of studio work for the demo: a few studios per organisation, a weekly duty at each
through the past year, and a few hundred residents' concerns in every state, all through the
services (so every deadline, history step and audit record is real)."""
import random
from datetime import timedelta

from congress.core.time import utcnow
from congress.extensions import db
from congress.people.services import create_unit
from congress.studios import queries, services

PLACES = ("街道", "社区", "园区")
MATTERS = [("城市管理", "小区外楼梯湿滑，老人容易摔倒，希望加装防滑条和扶手。"),
           ("教育", "幼儿园围墙出现倾斜，担心安全，请尽快检查。"),
           ("交通", "路口红绿灯时间太短，老人过马路来不及。"),
           ("民生", "老旧小区加装电梯进展慢，希望加快审批。"),
           ("环境", "夜间施工噪音扰民，影响休息。"),
           ("医疗", "社区卫生服务站看病排队时间长。")]
NAMES = ("张", "王", "李", "赵", "刘", "陈", "杨", "黄")


def seed_term_work(organisations, *, concerns_per_organisation=100, now=None, seed=17):
    """Studios, duties and concerns for each organisation of `organisations` that has
    delegates. Returns (studios, duties, concerns) counted."""
    rng = random.Random(seed)
    now = now or utcnow()
    start = now - timedelta(days=365)
    totals = [0, 0, 0]
    for organisation in organisations:
        delegates = queries.delegates_of(organisation.id, limit=200)
        if not delegates:
            continue
        units = queries.units_of(organisation.id) or [
            create_unit(None, f"{organisation.name}{name}", organisation=organisation)
            for name in ("住建局", "教育局", "交通运输局")]
        studios = [services.create_studio(
            None, organisation, name=f"{organisation.name}{place}党代表工作室",
            address=f"{place}服务中心{i + 1}楼", reception_hours="每周四 8:00-11:00")
            for i, place in enumerate(PLACES)]
        totals[0] += len(studios)
        for studio in studios:
            for week in range(52):
                begins = start + timedelta(days=7 * week, hours=rng.randint(0, 2))
                duty = services.add_duty(None, studio, rng.choice(delegates), begins,
                                         begins + timedelta(hours=3))
                if begins < now and rng.random() < 0.85:
                    duty.checked_in_at = begins + timedelta(minutes=rng.randint(0, 20))
                totals[1] += 1
        for _ in range(concerns_per_organisation):
            totals[2] += 1
            _concern(rng, rng.choice(studios), rng.choice(delegates), units, start, now)
        db.session.flush()
    return tuple(totals)


def _concern(rng, studio, delegate, units, start, now):
    received = start + timedelta(minutes=rng.randint(0, 364 * 24 * 60))
    category, text = rng.choice(MATTERS)
    online = rng.random() < 0.2
    concern = services.take_concern(
        None, studio, channel="online" if online else rng.choice(("reception", "phone",
                                                                  "visit")),
        text=text, category=category, taken_by=None if online else delegate,
        resident_name=rng.choice(NAMES) + rng.choice(("先生", "女士", "阿姨", "师傅")),
        contact=f"1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}", at=received)
    fate = rng.random()
    step = received
    if fate < 0.15:
        return concern  # still received (some of them overdue)
    step += timedelta(days=rng.randint(0, 2))
    if fate < 0.35:
        services.answer_concern(None, concern, "已当场解释有关政策，群众表示理解。", at=step)
        if rng.random() < 0.7:
            services.give_feedback(None, concern, "satisfied", at=step + timedelta(days=1))
        return concern
    unit = rng.choice(units)
    services.refer_concern(None, concern, unit, "请核实处理并答复群众。", at=step)
    step += timedelta(days=rng.randint(3, 50))
    if fate < 0.5 or step > now:
        return concern  # waiting for the unit (overdue when the days ran out)
    services.reply_concern(None, concern, f"{unit.name}已派人现场核查，问题已整改。", at=step)
    if fate < 0.65 or step + timedelta(days=3) > now:
        return concern
    rating = rng.choice(("satisfied", "satisfied", "basically_satisfied", "unsatisfied"))
    services.give_feedback(None, concern, rating, at=step + timedelta(days=2))
    return concern


