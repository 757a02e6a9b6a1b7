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


def _queue(client, room, qid):
    return client.get(f"/api/v1/queues/{qid}", headers=room.headers(room.chair)).get_json()


def test_moving_on_with_questioners_waiting_asks_keeps_them_and_can_be_undone(client, room):
    from tests.debriefs.conftest import new_debrief
    d = room.delegates
    debrief = new_debrief(client, room, questioner_ids=[d[1].delegate_id])
    advance_to(client, room, debrief, "questions")
    qid, url = debrief["queue_id"], f"/debriefs/{debrief['id']}"
    for delegate in (d[0], d[1], d[2]):
        assert ask(client, room, delegate, qid).status_code == 201
    login(client, room.chair)
    post_form(client, f"{url}/next", page=url)          # d[1] (designated) has the floor
    panel = client.get(f"{url}/panel").get_data(as_text=True)
    confirm = re.search(r'data-confirm="([^"]*)"', panel).group(1)
    assert "进入“点评”环节？" in confirm and f"{d[1].name}仍在发言" in confirm
    assert "仍有2位代表在等候提问（其中指定提问代表0位）" in confirm
    post_form(client, f"{url}/timer/answer", page=url)  # the reporter answers d[1]
    panel = client.get(f"{url}/panel").get_data(as_text=True)
    confirm = re.search(r'data-confirm="([^"]*)"', panel).group(1)
    assert f"对{d[1].name}提问的答复仍在进行，将就此结束。" in confirm
    assert 'data-testid="undo-phase"' not in panel      # delegates have asked: no undo
    before = _queue(client, room, qid)
    assert [r["delegate"]["id"] for r in before["waiting"]] == [d[0].delegate_id,
                                                             d[2].delegate_id]
    post_form(client, f"{url}/phase", {"phase": "comment"}, page=url)
    after = _queue(client, room, qid)
    assert after["waiting"] == [] and after["current"] is None
    panel = client.get(f"{url}/panel").get_data(as_text=True)
    assert 'data-testid="undo-phase"' in panel and "撤销：回到“提问”" in panel

    r = post_form(client, f"{url}/phase/undo", {"phase": "comment"}, page=url)
    assert r.status_code == 302
    back = _queue(client, room, qid)
    assert back["open"] and back["current"]["delegate"]["id"] == d[1].delegate_id
    assert [r["id"] for r in back["waiting"]] == [r["id"] for r in before["waiting"]]
    body = client.get(f"/api/v1/debriefs/{debrief['id']}", headers=room.headers(room.chair))
    assert body.get_json()["phase"] == "questions"

    # a stale undo after the step is taken again and the comment recorded: refused, clearly
    post_form(client, f"{url}/phase", {"phase": "comment"}, page=url)
    login(client, room.secretariat)  # the secretariat records the comment (and may undo too)
    post_form(client, f"{url}/comment", {"speaker": "市委书记", "text": "很好"}, page=url)
    panel = client.get(f"{url}/panel").get_data(as_text=True)
    assert 'data-testid="undo-phase"' not in panel
    post_form(client, f"{url}/phase/undo", {"phase": "comment"}, page=url)
    assert "点评已记录，这一步不能撤销。" in client.get(url).get_data(as_text=True)
    assert client.get(f"/api/v1/debriefs/{debrief['id']}", headers=room.headers(room.chair)
                      ).get_json()["phase"] == "comment"


def test_designated_questioner_not_called_stays_in_the_record(client, room):
    from tests.debriefs.conftest import new_debrief
    d = room.delegates
    debrief = new_debrief(client, room, questioner_ids=[d[3].delegate_id])
    advance_to(client, room, debrief, "questions")
    assert ask(client, room, d[3], debrief["queue_id"], kind="challenge").status_code == 201
    advance_to(client, room, debrief, "comment")
    login(client, room.chair)
    panel = client.get(f"/debriefs/{debrief['id']}/panel").get_data(as_text=True)
    record = re.search(r'data-testid="not-called">(.*?)</div>', panel, re.S).group(1)
    assert "未安排发言的指定提问代表" in record and d[3].name in record and "质询" in record
    # and in the minutes' record of the debrief, in print
    from congress.extensions import db
    from congress.meetings.models import Meeting
    from congress.records import services as records
    from tests import pdftools
    with client.application.test_request_context():
        meeting = db.session.get(Meeting, room.mid)
        content, digest, _, _ = records.minutes_state(meeting)
        assert content["debriefs"][0]["not_called"] == [d[3].name]
        text = pdftools.text(records.render_minutes(meeting, content, digest)).replace(" ", "")
    assert f"未安排发言的指定提问代表：{d[3].name}。" in text


def test_a_moved_on_step_without_losses_asks_nothing_and_undo_is_refused_once_asked(
        client, room, debrief):
    advance_to(client, room, debrief, "report")
    url = f"/debriefs/{debrief['id']}"
    login(client, room.chair)
    panel = client.get(f"{url}/panel").get_data(as_text=True)
    assert "data-confirm" not in panel.split('data-testid="next-phase"')[0].rsplit("<form", 1)[1]
    post_form(client, f"{url}/phase", {"phase": "questions"}, page=url)
    assert ask(client, room, room.delegates[0], debrief["queue_id"]).status_code == 201
    post_form(client, f"{url}/phase/undo", {"phase": "questions"}, page=url)
    assert "已有代表申请发言" in client.get(url).get_data(as_text=True)
