"""Issue 18, point 12: the delegate's own proposals and invitations come before the inbox,
whose older messages fold away; an under-signed draft's primary action is inviting co-signers;
不满意 asks for a reason (and the page asks for confirmation), and the units see the reason."""
import re

from tests.helpers import csrf_from, english, login, post_form


def _page(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code)
    return r.get_data(as_text=True)


def test_my_proposals_come_before_the_inbox_and_old_messages_fold(client, desk):
    lead, me = desk.delegates[0], desk.delegates[1]
    for n in range(7):                       # seven invitations: seven messages for me
        pid = desk.draft(lead, title=f"关于第{n + 1}条公交线路的提案")["id"]
        desk.invite(pid, lead, me)
    desk.draft(me, title="关于社区食堂建设的提案")
    login(client, me)
    english(client)
    page = _page(client, f"/meetings/{desk.mid}/proposals/mine")
    invitations = page.index('data-testid="invitations"')
    led = page.index("Proposals I lead")
    inbox = page.index('data-testid="inbox"')
    assert invitations < led < inbox
    assert page.index("关于社区食堂建设的提案") < inbox
    assert "Earlier messages (2)" in page
    shown, folded = page[inbox:].split('data-testid="more-notices"')
    assert shown.count("<time>") == 5 and folded.count("<time>") == 2


def test_under_signed_draft_makes_inviting_the_primary_action(client, desk):
    lead = desk.delegates[0]
    pid = desk.draft(lead)["id"]
    login(client, lead)
    english(client)
    page = _page(client, f"/proposals/{pid}")
    invite = re.search(r'<a class="([^"]*)"[^>]*data-testid="invite-link"', page).group(1)
    assert "primary" in invite
    suggest = re.search(r'<button class="([^"]*)">File as a suggestion instead', page).group(1)
    assert "primary" not in suggest
    # once enough have signed, filing is the primary action and inviting is not
    full = desk.signed_draft(lead, pending=False)["id"]
    page = _page(client, f"/proposals/{full}")
    invite = re.search(r'<a class="([^"]*)"[^>]*data-testid="invite-link"', page).group(1)
    assert "primary" not in invite
    assert re.search(r'<button class="primary[^"]*">File the proposal', page)


def test_unsatisfied_needs_a_reason_asks_to_confirm_and_the_unit_sees_it(app, client, desk):
    pid = desk.replied()["id"]
    login(client, desk.delegates[0])
    english(client)
    page = _page(client, f"/proposals/{pid}")
    form = re.search(r'<form[^>]*class="rate-form"[^>]*>', page).group(0)
    assert 'data-confirm-if="rating=unsatisfied"' in form and "handled again" in form

    r = post_form(client, f"/proposals/{pid}/rate", {"rating": "unsatisfied", "comment": " "},
                  page=f"/proposals/{pid}")
    assert r.status_code == 422
    assert "Give the reason why you are unsatisfied" in r.get_data(as_text=True)
    assert desk.ok("GET", f"/api/v1/proposals/{pid}", desk.delegates[0])["status"] == "replied"

    r = post_form(client, f"/proposals/{pid}/rate",
                  {"rating": "unsatisfied", "comment": "加装进度没有时间表"},
                  page=f"/proposals/{pid}")
    assert r.status_code == 302
    assert desk.ok("GET", f"/api/v1/proposals/{pid}", desk.delegates[0])["status"] == "assigned"

    unit = app.test_client()
    login(unit, desk.unit_staff[0])
    english(unit)
    inbox = _page(unit, "/handling")
    assert re.search(r'data-testid="unsatisfied-reason">Rated Unsatisfied\. '
                     r'Reason: 加装进度没有时间表<', inbox)
    page = _page(unit, f"/proposals/{pid}")
    assert "The lead sponsor rated the reply: Unsatisfied. Reason: 加装进度没有时间表" in page
    assert re.search(r'data-testid="feedback">Rating: <strong>Unsatisfied</strong><br>'
                     r'Reason: 加装进度没有时间表', page)


def test_satisfied_needs_no_reason_and_the_chinese_page_says_why(client, desk):
    pid = desk.replied()["id"]
    login(client, desk.delegates[0])
    page = _page(client, f"/proposals/{pid}")
    assert "确定评价为不满意吗？提案将退回承办单位重新办理。" in page
    assert "意见（评价为不满意时须说明理由）" in page
    token = csrf_from(client, f"/proposals/{pid}")
    r = client.post(f"/proposals/{pid}/rate", data={"csrf_token": token,
                                                   "rating": "unsatisfied", "comment": ""})
    assert r.status_code == 422 and "请说明不满意的理由：承办单位将据此重新办理。" in r.get_data(
        as_text=True)
    r = client.post(f"/proposals/{pid}/rate", data={"csrf_token": token, "rating": "satisfied"})
    assert r.status_code == 302
