"""Demo proposals for the demo meeting: one in every interesting state, so each role finds
work on its pages (a draft waiting for delegate 2's signature, the committee's queue with two
proposals on the same stairs, units with replies due and one overdue, a reply to rate)."""
from datetime import timedelta

from sqlalchemy import func, select

from congress.extensions import db
from congress.meetings.models import on_roster
from congress.people.models import Delegate, HandlingUnit, User
from congress.proposals import handling, services
from congress.proposals.models import Proposal

TEXTS = [
    ("关于维修天鹅湖小学门前人行天桥楼梯的提案", "社会民生",
     "天鹅湖小学门前人行天桥的楼梯台阶多处破损，雨天湿滑，每天上千名学生上下学经过，存在安全隐患。",
     "一是尽快维修楼梯台阶；二是加装防滑条和扶手；三是明确天桥日常管护责任单位。"),
    ("关于尽快修复天鹅湖小学人行天桥楼梯台阶的提案", "社会民生",
     "学校门口天桥楼梯台阶破损，下雨湿滑，已有学生摔倒。",
     "建议维修天桥楼梯台阶，加装防滑设施和扶手，上下学时段安排人员值守。"),
    ("关于加快老旧小区加装电梯的提案", "社会民生",
     "我市2000年以前建成的老旧小区多为六层以下住宅，没有电梯，老年人上下楼困难。",
     "一是简化加装电梯审批流程；二是加大财政补贴；三是建立低层住户利益协调机制。"),
    ("关于发展县域特色农业产业链的提案", "经济发展",
     "我市县域特色农产品品牌影响力弱、加工链条短、冷链物流不足。",
     "培育龙头企业，建设产地冷链物流设施，打造区域公用品牌。"),
    ("关于加强基层党组织书记队伍建设的提案", "党的建设",
     "部分村（社区）党组织书记年龄偏大，后备力量不足。",
     "实施村（社区）党组织书记后备人才培养计划，完善激励保障机制。"),
    ("关于巢湖流域农业面源污染治理的提案", "生态环境",
     "巢湖流域农业面源污染仍是水质改善的主要制约因素。",
     "推广测土配方施肥，建设生态沟渠和湿地，加强畜禽养殖污染治理。"),
    ("关于增加中心城区公共停车泊位的提案", "社会民生",
     "中心城区老旧街区停车难问题突出，占道停车影响通行。",
     "利用边角地建设立体停车场，推动机关企事业单位停车场错时共享。"),
    ("关于推进社区养老服务站全覆盖的提案", "社会民生",
     "我市60岁以上人口占比持续上升，社区养老服务供给不足。",
     "每个街道建设综合养老服务中心，社区设立养老服务站，推广助餐服务。"),
    ("关于设立社区图书角的提案", "文化",
     "部分社区缺少公共阅读空间。", "利用社区党群服务中心设立图书角，与市图书馆通借通还。"),
]


def _user(username):
    return db.session.scalar(select(User).where(User.username == username))


def _unit(name):
    return db.session.scalar(select(HandlingUnit).where(HandlingUnit.name == name))


def seed_proposals(meeting):
    delegates = db.session.scalars(select(Delegate).where(on_roster(meeting))
                                   .order_by(Delegate.id)).all()
    committee = _user("committee")
    ndrc, education, housing = (_unit("市发展和改革委员会"), _unit("市教育局"),
                                _unit("市住房和城乡建设局"))
    needed = meeting.min_signers

    def filed_draft(lead_index, text, signers=needed, pending=()):
        lead = delegates[lead_index]
        title, category, grounds, measures = text
        p = services.create_draft(lead.user, meeting, title=title, category=category,
                                  grounds=grounds, measures=measures)
        # co-signers from the same delegation first, then the next ones
        skip = {lead.id} | {delegates[i].id for i in pending}
        others = [d for d in delegates
                  if d.id not in skip and d.delegation_id == lead.delegation_id]
        for d in others[:signers - 1]:
            services.invite(lead.user, p, d)
            services.sign(d.user, p)
        for index in pending:
            services.invite(lead.user, p, delegates[index])
        return p

    def submitted(lead_index, text):
        p = filed_draft(lead_index, text)
        services.submit(delegates[lead_index].user, p)
        return p

    # delegate 1 leads a draft one signature short; delegate 2 is invited to sign it
    filed_draft(0, TEXTS[7], signers=needed - 1, pending=(1,))
    # the committee's queue: two proposals on the same stairs (the hint suggests a merge)
    submitted(40, TEXTS[0])
    submitted(80, TEXTS[1])
    accepted = submitted(120, TEXTS[3])
    handling.review(committee, accepted, "accept", "同意立案，建议由市发展改革委牵头办理。")
    # being handled: one in time, one overdue (the follow-up list shows it)
    lift = submitted(2, TEXTS[2])
    handling.review(committee, lift, "accept", "同意立案。")
    handling.assign(committee, lift, housing, [ndrc])
    party = submitted(160, TEXTS[4])
    handling.review(committee, party, "accept", None)
    handling.assign(committee, party, ndrc, [])
    for a in party.current_assignments:
        a.due_on = services.local_today() - timedelta(days=5)  # demo only: already overdue
    # delegate 1's proposal was replied to: the reply waits for delegate 1's rating
    parking = submitted(0, TEXTS[6])
    handling.review(committee, parking, "accept", "同意立案。")
    handling.assign(committee, parking, housing, [education])
    handling.send_opinion(_user("unit2"), parking,
                          "市教育局意见：可推动学校停车场在节假日向周边居民开放。")
    handling.reply(_user("unit3"), parking, "B",
                   "已将中心城区停车设施建设列入明年计划，新增泊位2000个，"
                   "并制定机关单位停车场错时共享办法。")
    # closed with a satisfied rating
    lake = submitted(200, TEXTS[5])
    handling.review(committee, lake, "accept", "同意立案。")
    handling.assign(committee, lake, ndrc, [])
    handling.reply(_user("unit1"), lake, "A",
                   "已实施巢湖流域面源污染综合治理工程，建成生态沟渠120公里。")
    handling.rate(delegates[200].user, lake, "satisfied", "答复具体，措施有力。")
    # not accepted: becomes a suggestion
    library = submitted(240, TEXTS[8])
    handling.review(committee, library, "reject",
                    "属于社区具体事务，转为意见建议交有关部门研究办理。")
    db.session.flush()
    return db.session.scalar(select(func.count(Proposal.id)).where(
        Proposal.meeting_id == meeting.id))
