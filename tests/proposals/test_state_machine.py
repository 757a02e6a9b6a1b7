"""The proposal's state machine as a table: in each state, which action by which actor
succeeds, and what the others get (403: the actor may not do it at all or cannot even see the
proposal; 409: the actor may, but not in this state). A refused action changes nothing."""
import pytest

from tests.proposals.conftest import STATES

# action → (actor, method, url, body); "{pid}" is the proposal, actors are Desk attributes
ACTIONS = {
    "edit": ("lead", "PATCH", "/api/v1/proposals/{pid}", {"grounds": "补充的案据。"}),
    "invite": ("lead", "POST", "/api/v1/proposals/{pid}/invitations", {"delegate_id": "outsider"}),
    "sign": ("pending", "POST", "/api/v1/proposals/{pid}/signatures", None),
    "decline": ("pending", "POST", "/api/v1/proposals/{pid}/decline", None),
    "submit": ("lead", "POST", "/api/v1/proposals/{pid}/submit", None),
    "suggest": ("lead", "POST", "/api/v1/proposals/{pid}/suggestion", None),
    "withdraw": ("lead", "POST", "/api/v1/proposals/{pid}/withdraw", None),
    "accept": ("committee", "POST", "/api/v1/proposals/{pid}/review", {"decision": "accept"}),
    "reject": ("committee", "POST", "/api/v1/proposals/{pid}/review",
               {"decision": "reject", "reason": "不属于提案范围"}),
    "assign": ("committee", "POST", "/api/v1/proposals/{pid}/assignment",
               {"lead_unit_id": "unit0", "assisting_unit_ids": [], "due_on": "2099-06-30"}),
    "reply": ("lead_unit", "POST", "/api/v1/proposals/{pid}/replies",
              {"outcome": "A", "text": "已解决。"}),
    "opinion": ("assisting_unit", "POST", "/api/v1/proposals/{pid}/opinions",
                {"text": "协办意见：同意主办单位方案。"}),
    "return": ("lead_unit", "POST", "/api/v1/proposals/{pid}/return",
               {"reason": "不属于本单位职责"}),
    "rate": ("lead", "POST", "/api/v1/proposals/{pid}/feedback", {"rating": "satisfied"}),
}
# state → {action: status reached}
ALLOWED = {
    "draft": {"edit": "draft", "invite": "draft", "sign": "draft", "decline": "draft",
              "submit": "submitted", "suggest": "suggestion", "withdraw": "withdrawn"},
    "submitted": {"withdraw": "withdrawn", "accept": "accepted", "reject": "rejected"},
    "accepted": {"assign": "assigned"},
    "assigned": {"reply": "replied", "opinion": "assigned", "return": "accepted"},
    "replied": {"rate": "closed"},
}
UNIT_SEES = {"assigned", "replied", "closed"}


def _expected(state, action):
    if action in ALLOWED.get(state, {}):
        return (201 if ACTIONS[action][1] == "POST" and action in (
            "invite", "sign", "reply", "opinion", "rate") else 200), ALLOWED[state][action]
    actor = ACTIONS[action][0]
    if actor.endswith("_unit") and state not in UNIT_SEES:
        return 403, state  # a unit sees only what was assigned to it
    if actor == "committee" and state == "draft":
        return 403, state  # drafts are the sponsors' own
    return 409, state


def _actor(desk, name):
    return {"lead": desk.delegates[0], "pending": desk.delegates[3], "committee": desk.committee,
            "lead_unit": desk.unit_staff[0], "assisting_unit": desk.unit_staff[1]}[name]


def _body(desk, body):
    if body is None:
        return None
    ids = {"outsider": desk.outsider.delegate_id, "unit0": desk.units[0]}
    return {k: ids.get(v, v) if isinstance(v, str) else v for k, v in body.items()}


CASES = [(s, a) for s in STATES for a in ACTIONS]


@pytest.mark.parametrize("state, action", CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_who_may_do_what_in_which_state(desk, state, action):
    proposal = desk.in_state(state)
    assert proposal["status"] == state
    pid = proposal["id"]
    before = desk.ok("GET", f"/api/v1/proposals/{pid}", desk.delegates[0])
    actor_name, method, url, body = ACTIONS[action]
    r = desk.call(method, url.format(pid=pid), _actor(desk, actor_name), _body(desk, body))
    code, status = _expected(state, action)
    assert r.status_code == code, r.get_json()
    after = desk.ok("GET", f"/api/v1/proposals/{pid}", desk.delegates[0])
    assert after["status"] == status
    if code >= 400:
        assert r.get_json()["error"]["code"]
        assert after["history"] == before["history"]  # refused: nothing changed
        assert after["revision"] == before["revision"]
    elif action == "edit":  # saves bump the revision; the timeline keeps the steps
        assert after["revision"] == before["revision"] + 1
    else:
        assert len(after["history"]) > len(before["history"])


# Roles that may never do an action, whatever the state it is in
WRONG_ACTORS = [
    ("submitted", "accept", "lead"), ("submitted", "accept", "secretariat"),
    ("submitted", "accept", "lead_unit"), ("submitted", "accept", "cosigner"),
    ("accepted", "assign", "secretariat"), ("accepted", "assign", "lead"),
    ("draft", "submit", "cosigner"), ("draft", "edit", "cosigner"), ("draft", "invite", "cosigner"),
    ("draft", "sign", "outsider"), ("draft", "submit", "outsider"),
    ("assigned", "reply", "assisting_unit"), ("assigned", "reply", "other_unit"),
    ("assigned", "reply", "committee"), ("assigned", "reply", "lead"),
    ("assigned", "opinion", "lead_unit"), ("assigned", "return", "other_unit"),
    ("replied", "rate", "cosigner"), ("replied", "rate", "committee"),
    ("replied", "rate", "lead_unit"),
]


@pytest.mark.parametrize("state, action, who", WRONG_ACTORS,
                         ids=[f"{s}-{a}-{w}" for s, a, w in WRONG_ACTORS])
def test_wrong_actors_are_refused(desk, state, action, who):
    pid = desk.in_state(state)["id"]
    actor = {"lead": desk.delegates[0], "cosigner": desk.delegates[1], "outsider": desk.outsider,
             "secretariat": desk.secretariat, "committee": desk.committee,
             "lead_unit": desk.unit_staff[0], "assisting_unit": desk.unit_staff[1],
             "other_unit": desk.unit_staff[2]}[who]
    _n, method, url, body = ACTIONS[action]
    r = desk.call(method, url.format(pid=pid), actor, _body(desk, body))
    assert r.status_code == 403, r.get_json()
    assert r.get_json()["error"]["code"] == "forbidden"
    assert desk.ok("GET", f"/api/v1/proposals/{pid}", desk.delegates[0])["status"] == state
