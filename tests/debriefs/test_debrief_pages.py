"""The debrief pages through HTTP: who sees what, forms that change state, and the fragments
the live client re-fetches."""
import re

from tests.debriefs.conftest import advance_to, ask
from tests.helpers import csrf_from, login, post_form


def test_secretariat_adds_a_debrief_with_designated_questioners(client, room):
    login(client, room.secretariat)
    page = client.get(f"/meetings/{room.mid}/debriefs")
    assert page.status_code == 200
    d = room.delegates[0]
    r = post_form(client, f"/meetings/{room.mid}/debriefs", {
        "reporter_name": "赵书记", "reporter_title": "包河区委书记",
        "questioners": [d.delegate_id]})
    assert r.status_code == 302
    listing = client.get(f"/meetings/{room.mid}/debriefs").get_data(as_text=True)
    assert "赵书记" in listing and d.name in listing
    r = post_form(client, f"/meetings/{room.mid}/debriefs", {"reporter_name": "",
                                                            "reporter_title": "x"})
    assert r.status_code == 200 and "has-error" in r.get_data(as_text=True)
    listed = client.get(f"/api/v1/meetings/{room.mid}/debriefs",
                        headers=room.headers(room.chair)).get_json()["debriefs"]
    assert [x["reporter_name"] for x in listed] == ["赵书记"]


def test_chair_runs_the_console_and_fragments_render(client, room, debrief):
    login(client, room.chair)
    url = f"/debriefs/{debrief['id']}"
    assert client.get(url).status_code == 200
    r = post_form(client, f"{url}/phase", {"phase": "report"}, page=url)
    assert r.status_code == 302
    panel = client.get(f"{url}/panel").get_data(as_text=True)
    assert 'data-testid="timer"' in panel
    # the report's eight minutes, counting down from when the phase began (a loaded machine
    # may take more than a second between the two requests)
    remaining = float(re.search(r'data-remaining="([0-9.]+)"', panel).group(1))
    assert 480 - 30 < remaining <= 480
    assert re.search(r'data-timer-value>(8:00|7:[3-5]\d)<', panel)
    r = post_form(client, f"{url}/timer/pause", page=url)
    assert r.status_code == 302
    assert "data-running=\"0\"" in client.get(f"{url}/panel").get_data(as_text=True)
    post_form(client, f"{url}/phase", {"phase": "questions"}, page=url)
    assert ask(client, room, room.delegates[0], debrief["queue_id"]).status_code == 201
    panel = client.get(f"{url}/panel").get_data(as_text=True)
    assert room.delegates[0].name in panel
    post_form(client, f"{url}/next", page=url)
    panel = client.get(f"{url}/panel").get_data(as_text=True)
    assert 'data-testid="speaker"' in panel
    # a wrong step from a stale page: a clear message, nothing changes
    r = post_form(client, f"{url}/phase", {"phase": "closed"}, page=url)
    page = client.get(url).get_data(as_text=True)
    assert "flash-error" in page
    assert client.get(f"/api/v1/debriefs/{debrief['id']}", headers=room.headers(room.chair)
                      ).get_json()["phase"] == "questions"


def test_delegate_requests_and_withdraws_on_the_tablet(client, room, debrief):
    advance_to(client, room, debrief, "questions")
    d = room.delegates[1]
    login(client, d)
    tablet = f"/meetings/{room.mid}/tablet"
    assert 'data-testid="request-floor"' in client.get(tablet).get_data(as_text=True)
    r = client.post(f"/queues/{debrief['queue_id']}/request",
                    data={"kind": "challenge", "text": "请说明",
                          "csrf_token": csrf_from(client, tablet)})
    assert r.status_code == 302
    live = client.get(f"/meetings/{room.mid}/tablet/live").get_data(as_text=True)
    assert 'data-testid="my-request"' in live and "withdraw" in live
    rid = client.get(f"/api/v1/queues/{debrief['queue_id']}",
                     headers=room.headers(d)).get_json()["waiting"][0]["id"]
    r = client.post(f"/requests/{rid}/withdraw", data={"csrf_token": csrf_from(client, tablet)})
    assert r.status_code == 302
    assert client.get(f"/api/v1/queues/{debrief['queue_id']}",
                      headers=room.headers(d)).get_json()["waiting"] == []


def test_pages_refuse_the_wrong_roles(client, room, make, debrief):
    login(client, room.delegates[0])
    assert client.get(f"/debriefs/{debrief['id']}").status_code == 403
    assert client.get(f"/meetings/{room.mid}/debriefs").status_code == 403
    assert client.get(f"/projector/{room.mid}").status_code == 403
    chair_client = client.application.test_client()
    login(chair_client, room.chair)
    assert post_form(chair_client, f"/meetings/{room.mid}/debriefs",
                     {"reporter_name": "a", "reporter_title": "b"}).status_code == 403
    observer = make.user("observer")
    obs = client.application.test_client()
    login(obs, observer)
    assert obs.get(f"/projector/{room.mid}").status_code == 200
    assert obs.get(f"/projector/{room.mid}/panel").status_code == 200
    anonymous = client.application.test_client()
    assert anonymous.get(f"/projector/{room.mid}?key=wrong").status_code == 403
    assert anonymous.get(f"/projector/{room.mid}").status_code == 302


def _limit(client, room, n):
    from congress.extensions import db
    from congress.meetings.models import Meeting
    from congress.meetings.services import update_settings
    with client.application.app_context():
        update_settings(None, db.session.get(Meeting, room.mid), {"question_limit": n})
        db.session.commit()


def test_places_kept_for_designated_questioners_are_shown_and_named_in_the_refusal(
        client, room):
    from tests.debriefs.conftest import new_debrief
    d = room.delegates
    _limit(client, room, 3)
    debrief = new_debrief(client, room, name="张书记", title="蜀山区委书记",
                          questioner_ids=[d[2].delegate_id, d[3].delegate_id])
    advance_to(client, room, debrief, "questions")
    assert ask(client, room, d[0], debrief["queue_id"]).status_code == 201
    login(client, room.chair)
    panel = client.get(f"/debriefs/{debrief['id']}/panel").get_data(as_text=True)
    places = re.search(r'data-testid="places">(.*?)</span>', panel, re.S).group(1)
    assert "1 / 3" in places and "2个为指定提问代表保留" in places

    login(client, d[1])
    tablet = f"/meetings/{room.mid}/tablet"
    live = client.get(f"/meetings/{room.mid}/tablet/live").get_data(as_text=True)
    assert "1 人等候" in live and "0个向全体代表开放，2个为指定提问代表保留" in live
    r = client.post(f"/queues/{debrief['queue_id']}/request",
                    data={"kind": "challenge", "text": "请说明整改进度",
                          "csrf_token": csrf_from(client, tablet)}, follow_redirects=True)
    page = r.get_data(as_text=True)
    assert "3个提问名额已用1个；其余2个为指定提问代表保留。" in page
    # the refused delegate's choice and text survive, through the live block's refreshes too
    for html in (page, client.get(f"/meetings/{room.mid}/tablet/live").get_data(as_text=True)):
        assert re.search(r'value="challenge"[^>]*checked|checked[^>]*value="challenge"', html)
        assert "请说明整改进度</textarea>" in html
    # a designated questioner takes a kept place; then the count says so
    assert ask(client, room, d[2], debrief["queue_id"]).status_code == 201
    login(client, room.chair)
    panel = client.get(f"/debriefs/{debrief['id']}/panel").get_data(as_text=True)
    places = re.search(r'data-testid="places">(.*?)</span>', panel, re.S).group(1)
    assert "2 / 3" in places and "1个为指定提问代表保留" in places


def test_a_full_queue_says_all_places_are_taken(client, room):
    from tests.debriefs.conftest import new_debrief
    d = room.delegates
    _limit(client, room, 1)
    debrief = new_debrief(client, room)
    advance_to(client, room, debrief, "questions")
    assert ask(client, room, d[0], debrief["queue_id"]).status_code == 201
    refused = ask(client, room, d[1], debrief["queue_id"])
    assert refused.status_code == 409
    message = refused.get_json()["error"]["message"]
    assert "kept" not in message and "保留" not in message and "1" in message
