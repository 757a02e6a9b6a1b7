"""A small meeting that has happened: two delegations, a debrief with a question, a challenge,
answers, the comment and the scoring, a filed proposal; played through the real services."""
from dataclasses import dataclass

import pytest

from congress.extensions import db



@dataclass
class Held:
    mid: int
    secretariat: object
    chair: object
    delegates: list
    names: dict


def hold_meeting(app, make, delegates_per_delegation=7):
    from congress.debriefs.services import create_debrief
    from congress.meetings.models import Meeting
    from congress.meetings.services import add_agenda_item
    from congress.people.models import Delegate
    from congress.proposals import services as proposals
    from congress.records.demo import play_meeting

    mid = make.meeting(title="合肥市测试年会", venue="市政务中心", min_signers=1,
                       starts_on=__import__("datetime").date(2026, 12, 28))
    accounts = []
    for delegation in ("瑶海区代表团", "庐阳区代表团"):
        accounts += make.delegates(mid, delegates_per_delegation, delegation=delegation,
                                   is_grassroots=True)
    secretariat, chair = make.user("secretariat"), make.user("chair")
    with app.app_context():
        meeting = db.session.get(Meeting, mid)
        add_agenda_item(None, meeting, kind="debrief", title="瑶海区委书记述职评议")
        create_debrief(None, meeting, reporter_name="郭志文", reporter_title="瑶海区委书记",
                       questioner_ids=[accounts[-1].delegate_id])
        lead = db.session.get(Delegate, accounts[0].delegate_id)
        draft = proposals.create_draft(lead.user, meeting, title="关于加快老旧小区改造的提案",
                                       category="社会民生", grounds="案据文字", measures="方案文字")
        proposals.submit(lead.user, draft)
        db.session.commit()
        play_meeting(meeting, seed=7, on_leave=2, absent=1)
        on_leave = [a.name for a in meeting.delegates
                    if a.attendance and a.attendance.status.value == "on_leave"]
    return Held(mid, secretariat, chair, accounts,
                {"questioner": accounts[-1].name, "lead": accounts[0].name,
                 "on_leave": on_leave})


@pytest.fixture
def held(app, make):
    return hold_meeting(app, make)


