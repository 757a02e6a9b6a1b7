"""The demo's follow-up on top of the demo's year of studio work: reminders in the inboxes,
follow-ups by the secretariat, concerns cited in drafts."""
from sqlalchemy import func, select

from congress.core.notifications import Notification
from congress.extensions import db
from congress.followup.demo import FOLLOW_UPS_PER_ORGANISATION, seed_follow_up
from congress.followup.models import ConcernFollowUp, ProposalConcern
from congress.followup.queries import overdue_concerns
from congress.people.services import root_organisation
from congress.studios.demo import seed_term_work


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_demo_reminds_follows_up_and_cites(app, make):
    from congress.meetings.models import Meeting
    from congress.people.models import User
    from congress.proposals.services import create_draft

    mid = make.meeting()
    lead = make.delegates(mid, 3)[0]
    make.user("secretariat")
    with app.app_context():
        root = root_organisation()
        seed_term_work([root], concerns_per_organisation=80)
        meeting = db.session.get(Meeting, mid)
        create_draft(db.session.get(User, lead.id), meeting, title="关于老旧小区加装电梯的提案",
                     category="社会民生", grounds="多个小区居民反映老人上下楼困难。",
                     measures="简化加装电梯审批。")
        overdue = len(overdue_concerns(root))
        summary = seed_follow_up([root], meeting)
        db.session.commit()
        assert overdue > 0  # the year leaves some late ones (the studios' demo says so)
        assert _count(ConcernFollowUp) == min(overdue, FOLLOW_UPS_PER_ORGANISATION)
        assert _count(Notification) > 0
        assert f"{_count(ConcernFollowUp)} follow-ups" in summary
        cited = _count(ProposalConcern)
        assert 0 < cited <= 2 and f"{cited} concerns cited" in summary
