"""A small meeting that has happened: two delegations, a debrief with a question, a challenge,
answers, the comment and the scoring, a filed proposal; played through the real services."""
import re
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
    from congress.meetings.services import add_agenda_item, roll_call
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
        on_leave = [delegate.name for delegate, row in roll_call(meeting)
                    if row is not None and row.status.value == "on_leave"]
    return Held(mid, secretariat, chair, accounts,
                {"questioner": accounts[-1].name, "lead": accounts[0].name,
                 "on_leave": on_leave})


@pytest.fixture
def held(app, make):
    return hold_meeting(app, make)




def job_file_from_centre(app, client, mid):
    """Run the queued jobs as a worker would and download the newest job's file through the
    records centre's link."""
    from tests.helpers import run_queued_jobs

    run_queued_jobs(app)
    panel = client.get(f"/meetings/{mid}/records/jobs").get_data(as_text=True)
    return client.get(re.search(r'href="(/api/v1/jobs/\w+/result)"', panel).group(1))


def archive_of(app, client, mid):
    """The archive as the secretariat gets it: the centre's button queues the job, the
    worker builds it, the centre links the file."""
    from tests.helpers import post_form

    r = post_form(client, f"/meetings/{mid}/records/archive", page=f"/meetings/{mid}/records")
    assert r.status_code == 302, r.get_data(as_text=True)[:300]
    return job_file_from_centre(app, client, mid)
