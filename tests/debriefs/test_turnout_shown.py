"""Issue 18, point 13: the projector shows 收回 / 实到 beside the 好评率, and the console's close
step asks with how many of those present have voted."""
import html
import re

from tests.debriefs.conftest import advance_to, step
from tests.helpers import login


def _score_one(client, room, debrief):
    bid = advance_to(client, room, debrief, "scoring")["ballot_id"]
    ballot = client.get(f"/api/v1/ballots/{bid}", headers=room.headers(room.chair)).get_json()
    r = client.post(f"/api/v1/ballots/{bid}/votes", headers=room.headers(room.delegates[0]),
                    json={"choices": {str(ballot["subjects"][0]["id"]):
                                      ballot["options"][0]["id"]}})
    assert r.status_code == 201
    return bid


def test_close_step_asks_with_the_turnout(client, room, debrief):
    _score_one(client, room, debrief)
    login(client, room.chair)
    panel = client.get(f"/debriefs/{debrief['id']}/panel").get_data(as_text=True)
    form = re.search(r'<form[^>]*action="[^"]*/phase"[^>]*>', panel, re.S).group(0)
    confirm = html.unescape(re.search(r'data-confirm="([^"]*)"', form).group(1))
    assert "实到 {eligible} 人，已投票 {voted} 人。" in confirm
    box = html.unescape(re.search(r"data-confirm-from='([^']*)'", form).group(1))
    assert box.startswith("[data-turnout-ballot=")
    turnout = panel[panel.index('data-testid="turnout"') - 200:]
    assert re.search(r'data-field="voted">1<', turnout)
    assert re.search(r'data-field="eligible">4<', turnout)


def test_projector_shows_returned_and_present_beside_the_rate(client, room, debrief):
    _score_one(client, room, debrief)
    step(client, room, debrief, "closed")
    login(client, room.chair)
    panel = client.get(f"/projector/{room.mid}/panel").get_data(as_text=True)
    counts = re.search(r'data-testid="projector-counts">([^<]*)<', panel).group(1)
    assert counts == "收回 1 / 实到 4"
    assert panel.index("好评率") < panel.index('data-testid="projector-counts"')


def test_ballot_console_close_asks_with_the_turnout(client, room):
    bid = client.post(f"/api/v1/meetings/{room.mid}/ballots",
                      headers=room.headers(room.secretariat),
                      json={"title": "关于决议的表决", "kind": "motion",
                            "subjects": [{"title": "决议草案"}]}).get_json()["id"]
    assert client.post(f"/api/v1/ballots/{bid}/open",
                       headers=room.headers(room.chair)).status_code == 200
    login(client, room.chair)
    page = client.get(f"/ballots/{bid}").get_data(as_text=True)
    form = re.search(r'<form[^>]*action="[^"]*/close"[^>]*>', page).group(0)
    assert 'data-confirm-from="[data-turnout-url]"' in form
    assert "实到 {eligible} 人，已投票 {voted} 人。 确定现在结束投票吗？" in html.unescape(form)
