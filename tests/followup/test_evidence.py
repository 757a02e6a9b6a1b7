"""From concerns to proposals: a draft's lead sponsor cites concerns and activities as evidence
(shown on the proposal, to the committee and in the compendium, never with the resident's
name), and a page groups similar concerns across studios."""
import pytest
from sqlalchemy import func, select

from congress.core.audit import AuditEntry
from congress.extensions import db
from congress.followup.models import ProposalConcern
from tests import pdftools
from tests.followup import world as w
from tests.helpers import csrf_from, login
from tests.proposals.conftest import desk  # noqa: F401 (a fixture)

LIFT = "老旧小区没有电梯，老人上下楼困难，希望加装电梯"
LIFT_AGAIN = "我们小区也想加装电梯，老人上下楼太困难"
LIFT_THIRD = "加装电梯审批难，老人上下楼困难"
NOISE = "夜市油烟太大，影响居民休息"


def _organisation(app, mid):
    from congress.meetings.models import Meeting
    with app.app_context():
        return db.session.get(Meeting, mid).organisation_id


def _concern(app, studio_id, text):
    from congress.studios.models import Studio
    from congress.studios.services import take_concern
    with app.app_context():
        row = take_concern(None, db.session.get(Studio, studio_id), channel="phone", text=text,
                           resident_name="李师傅", contact="13912345678")
        db.session.commit()
        return row.id


@pytest.fixture
def studios(app, desk):  # noqa: F811
    oid = _organisation(app, desk.mid)
    return [w.studio(app, oid, "瑶海区代表工作室"), w.studio(app, oid, "庐阳区代表工作室")]


def _cite(client, pid, cid, action="cite", field="concern_id"):
    url = f"/proposals/{pid}/evidence"
    return client.post(url, data={field: cid, "action": action,
                                  "csrf_token": csrf_from(client, url)})


def _activity(app, mid, delegate_ids, title="老旧小区加装电梯专题调研"):
    from congress.activities.services import create_activity
    from congress.core.time import local_today
    from congress.organisations.models import Organisation
    with app.app_context():
        row = create_activity(None, db.session.get(Organisation, _organisation(app, mid)),
                              kind="research", title=title, on=local_today(),
                              delegate_ids=delegate_ids, place="瑶海区")
        db.session.commit()
        return row.id


def test_the_lead_sponsor_cites_a_concern_and_everyone_who_reads_the_proposal_sees_it(
        app, client, desk, studios):  # noqa: F811
    lift = _concern(app, studios[0], LIFT)
    _concern(app, studios[1], NOISE)
    p = desk.signed_draft()
    login(client, desk.delegates[0])
    page = client.get(f"/proposals/{p['id']}/evidence").get_data(as_text=True)
    similar = page.split('data-testid="similar"')[1].split("</ul>")[0]
    assert f'data-concern="{lift}"' in similar and NOISE not in similar  # the lift matches
    assert "李师傅" not in page and "13912345678" not in page
    assert _cite(client, p["id"], lift).status_code == 303
    assert _cite(client, p["id"], lift).status_code == 409  # twice: refused
    research = _activity(app, desk.mid, [desk.delegates[0].delegate_id])
    others = _activity(app, desk.mid, [desk.delegates[2].delegate_id], title="别人的视察")
    page = client.get(f"/proposals/{p['id']}/evidence").get_data(as_text=True)
    assert f'data-activity="{research}"' in page and f'data-activity="{others}"' not in page
    assert _cite(client, p["id"], research, field="activity_id").status_code == 303
    show = client.get(f"/proposals/{p['id']}").get_data(as_text=True)
    assert f'data-number="{lift}"' in show and LIFT in show and "李师傅" not in show
    assert 'data-kind="activity"' in show and "老旧小区加装电梯专题调研" in show and "调研" in show
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "proposal.cite_concern")) == 1
    # filed: the committee sees the evidence on the page it reviews from
    desk.ok("POST", f"/api/v1/proposals/{p['id']}/submit", desk.delegates[0], None, 200)
    assert _cite(client, p["id"], lift, "uncite").status_code == 409  # no longer a draft
    committee = app.test_client()
    login(committee, desk.committee)
    review = committee.get(f"/proposals/{p['id']}").get_data(as_text=True)
    assert f'data-number="{lift}"' in review and 'id="review"' in review
    assert 'data-testid="evidence-link"' not in review
    # accepted: the compendium prints it
    desk.review(p["id"], "accept")
    r = desk.call("GET", f"/api/v1/meetings/{desk.mid}/records/proposals.pdf", desk.secretariat)
    text = "".join(pdftools.text(r.data).split())
    assert "履职依据" in text and "老旧小区没有电梯" in text and "李师傅" not in text
    assert "老旧小区加装电梯专题调研" in text


def test_only_the_lead_sponsor_cites_and_only_concerns_that_exist(
        app, client, desk, studios):  # noqa: F811
    lift = _concern(app, studios[0], LIFT)
    p = desk.signed_draft()
    login(client, desk.delegates[1])  # a co-signer
    assert client.get(f"/proposals/{p['id']}/evidence").status_code == 403
    other = app.test_client()
    login(other, desk.delegates[0])
    assert _cite(other, p["id"], 999999).status_code == 404
    assert _cite(other, p["id"], lift).status_code == 303
    assert _cite(other, p["id"], lift, "uncite").status_code == 303
    assert _cite(other, p["id"], 999999, field="activity_id").status_code == 404
    research = _activity(app, desk.mid, [desk.delegates[0].delegate_id])
    assert _cite(other, p["id"], research, "uncite", field="activity_id").status_code == 409
    url = f"/proposals/{p['id']}/evidence"
    both = other.post(url, data={"concern_id": lift, "activity_id": research, "action": "cite",
                                 "csrf_token": csrf_from(other, url)})
    assert both.status_code == 400  # one thing at a time
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProposalConcern)) == 0


def test_similar_concerns_across_studios_are_grouped(app, client, desk, studios):  # noqa: F811
    ids = [_concern(app, studios[0], LIFT), _concern(app, studios[1], LIFT_AGAIN),
           _concern(app, studios[1], LIFT_THIRD), _concern(app, studios[0], NOISE)]
    oid = _organisation(app, desk.mid)
    login(client, desk.delegates[0])
    page = client.get(f"/organisations/{oid}/concerns/recurring").get_data(as_text=True)
    groups = page.split('data-testid="recurring-group"')[1:]
    assert len(groups) == 1
    assert 'data-size="3"' in groups[0] and 'data-studios="2"' in groups[0]
    for cid in ids[:3]:
        assert f'data-concern="{cid}"' in groups[0]
    assert f'data-concern="{ids[3]}"' not in page
    assert "李师傅" not in page
    unit = app.test_client()
    login(unit, desk.unit_staff[0])
    assert unit.get(f"/organisations/{oid}/concerns/recurring").status_code == 403
    assert client.get(f"/organisations/{oid}/concerns/recurring?days=7").status_code == 404
