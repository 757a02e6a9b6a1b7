"""The demo meeting shows the proposals feature: every role finds something to do."""
from sqlalchemy import select

from congress.extensions import db
from congress.people.models import Delegate
from congress.proposals import queries
from congress.proposals.models import Proposal


def test_demo_has_proposals_in_every_interesting_state(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "9 proposals" in result.output
    with app.app_context():
        proposals = db.session.scalars(select(Proposal).order_by(Proposal.id)).all()
        statuses = [p.status.value for p in proposals]
        assert statuses == ["draft", "submitted", "submitted", "accepted", "assigned", "assigned",
                            "replied", "closed", "rejected"]
        draft = proposals[0]
        assert len(draft.signed) == draft.meeting.min_signers - 1
        second = db.session.scalars(select(Delegate).order_by(Delegate.id)).all()[1]
        assert [s.delegate_id for s in draft.invitations] == [second.id]  # 20260002 when fresh
        # the two proposals on the same stairs hint at each other
        hint = queries.similar_to(proposals[2])
        assert hint and hint[0][1].id == proposals[1].id
        overdue, _soon = queries.follow_up(draft.meeting)
        assert [p.title for p, _lead, _days in overdue] == ["关于加强基层党组织书记队伍建设的提案"]
        assert queries.statistics(draft.meeting)["total"].satisfaction_rate == 1
