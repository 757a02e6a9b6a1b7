"""The pages: the delegate's tablet (list, inbox, editor, invitations, signing, filing), the
committee's register and review, a unit's inbox and reply, the sponsor's rating, follow-up and
statistics. Same services as the API; messages appear beside their fields."""
import re

from sqlalchemy import func, select

from congress.extensions import db
from congress.proposals.models import Proposal
from tests.helpers import csrf_from, english, login, post_form
from tests.proposals.conftest import GOOD


def _page(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code)
    return r.get_data(as_text=True)


def test_tablet_home_links_to_proposals(client, desk):
    login(client, desk.delegates[0])
    english(client)
    page = _page(client, f"/meetings/{desk.mid}/tablet")
    assert f'href="/meetings/{desk.mid}/proposals/mine"' in page
    assert "My proposals" in page


def test_delegate_drafts_invites_and_files_through_the_pages(app, client, desk):
    lead, a, b = desk.delegates[:3]
    login(client, lead)
    english(client)
    page = _page(client, f"/meetings/{desk.mid}/proposals/new")
    assert "关于……的提案" in page and 'data-autosave' in page
    # a title in the wrong form is saved as a draft but listed as a problem
    r = post_form(client, f"/meetings/{desk.mid}/proposals/new",
                  {"title": "加装电梯", "category": "社会民生", "grounds": GOOD["grounds"],
                   "measures": GOOD["measures"]})
    assert r.status_code == 302
    with app.app_context():
        pid = db.session.scalar(select(Proposal.id))
    page = _page(client, f"/proposals/{pid}")
    assert "must have the form 关于……的提案" in page and "File the proposal" not in page
    r = post_form(client, f"/proposals/{pid}/edit", GOOD)
    assert r.status_code == 302
    page = _page(client, f"/proposals/{pid}")
    assert "1 of the 3 signers needed" in page and "File as a suggestion instead" in page
    # invite by delegation
    page = _page(client, f"/proposals/{pid}/invite?q=瑶海区")
    assert a.name in page and b.name in page
    assert f'name="delegate_ids" value="{lead.delegate_id}"' not in page
    token = csrf_from(client, f"/proposals/{pid}/invite?q=瑶海区")
    r = client.post(f"/proposals/{pid}/invite", data={
        "csrf_token": token, "delegate_ids": [str(a.delegate_id), str(b.delegate_id)]})
    assert r.status_code == 302
    # filing too early: a clear reason, nothing changes
    r = post_form(client, f"/proposals/{pid}/submit", page=f"/proposals/{pid}")
    assert r.status_code == 409 and "have signed" in r.get_data(as_text=True)
    # the co-signers sign on their own tablets
    for signer in (a, b):
        other = app.test_client()
        login(other, signer)
        english(other)
        mine = _page(other, f"/meetings/{desk.mid}/proposals/mine")
        assert "Invitations to co-sign" in mine and GOOD["title"] in mine
        r = post_form(other, f"/proposals/{pid}/sign", page=f"/proposals/{pid}")
        assert r.status_code == 302
        assert "You have signed this proposal" in _page(other, f"/proposals/{pid}")
    page = _page(client, f"/proposals/{pid}")
    assert "File the proposal" in page
    r = post_form(client, f"/proposals/{pid}/submit", page=f"/proposals/{pid}")
    assert r.status_code == 302
    page = _page(client, f"/proposals/{pid}")
    assert "Filed, under review" in page and "Edit the text" not in page
    mine = _page(client, f"/meetings/{desk.mid}/proposals/mine")
    assert "signed: 3 of the 3 signers needed" in mine  # the lead's inbox


def test_an_invalid_page_form_shows_its_message_and_keeps_the_input(client, desk):
    login(client, desk.delegates[0])
    english(client)
    r = post_form(client, f"/meetings/{desk.mid}/proposals/new",
                  {"title": "", "category": "社会民生", "grounds": "我写的案据"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "This field is required." in page and "我写的案据" in page


def test_committee_reviews_and_assigns_on_the_pages(app, client, desk):
    pid = desk.submitted()["id"]
    login(client, desk.committee)
    english(client)
    assert client.get("/").location.endswith("/proposals")
    assert client.get("/proposals").location.endswith(f"/meetings/{desk.mid}/proposals")
    page = _page(client, f"/meetings/{desk.mid}/proposals")
    assert GOOD["title"] in page and "To review" in page
    r = post_form(client, f"/proposals/{pid}/review", {"decision": "reject", "reason": ""},
                  page=f"/proposals/{pid}")
    assert r.status_code == 422
    assert "reason" in r.get_data(as_text=True) and "must not be empty" in r.get_data(as_text=True)
    r = post_form(client, f"/proposals/{pid}/review", {"decision": "accept", "reason": "同意立案"},
                  page=f"/proposals/{pid}")
    assert r.status_code == 302
    page = _page(client, f"/proposals/{pid}")
    assert "Assign to handling units" in page and "No. 001" in page
    token = csrf_from(client, f"/proposals/{pid}")
    r = client.post(f"/proposals/{pid}/assign", data={
        "csrf_token": token, "lead_unit_id": str(desk.units[0]),
        "assisting_unit_ids": [str(desk.units[1])], "due_on": "2099-03-31"})
    assert r.status_code == 302
    page = _page(client, f"/proposals/{pid}")
    assert "市住房和城乡建设局" in page and "2099-03-31" in page
    assert "Assignment notice (PDF)" in page


def test_unit_replies_and_sponsor_rates_on_the_pages(app, client, desk):
    pid = desk.assigned()["id"]
    unit = app.test_client()
    login(unit, desk.unit_staff[0])
    english(unit)
    assert unit.get("/").location.endswith("/proposals")
    inbox = _page(unit, "/handling")
    assert GOOD["title"] in inbox and "Lead unit" in inbox
    assisting = app.test_client()
    login(assisting, desk.unit_staff[1])
    english(assisting)
    assert "Send my views" in _page(assisting, f"/proposals/{pid}")
    assert "Send the reply" not in _page(assisting, f"/proposals/{pid}")
    r = post_form(unit, f"/proposals/{pid}/reply", {"outcome": "A", "text": "已完成加装。"},
                  page=f"/proposals/{pid}")
    assert r.status_code == 302
    login(client, desk.delegates[0])
    english(client)
    mine = _page(client, f"/meetings/{desk.mid}/proposals/mine")
    assert "has replied (outcome A)" in mine
    page = _page(client, f"/proposals/{pid}")
    assert "已完成加装。" in page and "Send my rating" in page
    r = post_form(client, f"/proposals/{pid}/rate", {"rating": "satisfied"},
                  page=f"/proposals/{pid}")
    assert r.status_code == 302
    page = _page(client, f"/proposals/{pid}")
    assert "Closed" in page and "The lead sponsor rated the reply: Satisfied" in page


def test_staff_pages_render(client, desk):
    desk.closed()
    desk.assigned(title="关于增加公交线路的提案")
    desk.review(desk.submitted(title="关于设立社区食堂的提案")["id"], "reject", reason="转意见建议")
    login(client, desk.secretariat)
    english(client)
    for tab in ("queue", "assign", "handling", "done", "suggestions", "all"):
        _page(client, f"/meetings/{desk.mid}/proposals?tab={tab}")
    _page(client, f"/meetings/{desk.mid}/proposals?tab=nope", 404)
    assert "Nothing is overdue." in _page(client, f"/meetings/{desk.mid}/proposals/follow-up")
    stats = _page(client, f"/meetings/{desk.mid}/proposals/statistics")
    assert stats.count("<svg") == 2 and "社会民生" in stats
    assert re.search(r'data-field="filed">3<', stats)
    assert re.search(r'data-field="satisfaction_rate">100.0%<', stats)
    assert "Proposals" in _page(client, f"/meetings/{desk.mid}")  # the staff nav links here


def test_showing_the_inbox_changes_nothing_and_mark_as_read_is_a_post(app, client, desk):
    from congress.core.audit import AuditEntry
    from congress.proposals.models import ProposalNotice

    lead, invitee = desk.delegates[0], desk.delegates[1]
    pid = desk.draft(lead)["id"]
    desk.invite(pid, lead, invitee)

    def unread():
        with app.app_context():
            return db.session.scalar(select(func.count(ProposalNotice.id)).where(
                ProposalNotice.delegate_id == invitee.delegate_id,
                ProposalNotice.read_at.is_(None)))

    login(client, invitee)
    mine = f"/meetings/{desk.mid}/proposals/mine"
    assert unread() == 1
    for _ in range(2):
        page = client.get(mine).get_data(as_text=True)
        assert 'class="unread"' in page and unread() == 1
    r = post_form(client, f"/meetings/{desk.mid}/proposals/notices/read", page=mine)
    assert r.status_code == 302 and unread() == 0
    assert 'class="unread"' not in client.get(mine).get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "notice.read"))
        assert entry.after == {"count": 1} and entry.actor_id == invitee.id
