"""Permission matrix: the delegates of the term (API and pages). The machinery is in
tests/core/matrix.py; "did" is a delegate of the meeting's congress, "me" the signed-in
delegate, "cid" the meeting's congress."""
from tests.core.matrix import OUTSIDER, STAFF, D, Ok, S, every, matrix_tests, row


def _today(w):
    from congress.core.time import local_today
    with w.app.app_context():
        return local_today().isoformat()


def _terminated(w):
    return w.get("Delegate", w.ids["did"], "terminated_on") is not None


ROWS = [
    # the API
    row("POST /api/v1/congresses/<int:cid>/delegates", "/api/v1/congresses/{congress}/delegates",
        {S: Ok(201, shows='"pin"', check=lambda w: w.count("Delegate", name="任期代表") == 1)},
        data={"name": "任期代表", "delegation": "瑶海区代表团", "group": "第一小组"}),
    row("GET /api/v1/congresses/<int:cid>/delegates", "/api/v1/congresses/{congress}/delegates",
        every(STAFF, Ok(200, shows="被签到代表"))),
    row("GET /api/v1/delegates/<int:did>", "/api/v1/delegates/{me}",
        every(STAFF | {D}, Ok(200, shows="张代表"))),
    row("PATCH /api/v1/delegates/<int:did>", "/api/v1/delegates/{did}",
        {S: Ok(200, shows="Z-9", check=lambda w: w.get("Delegate", w.ids["did"], "seat")
               == "Z-9")},
        data={"seat": "Z-9"}),
    row("POST /api/v1/delegates/<int:did>/termination", "/api/v1/delegates/{did}/termination",
        {S: Ok(200, shows='"terminated"', check=_terminated)},
        data=lambda w: {"on": _today(w), "reason": "调离本行政区域"}),
    # the pages
    row("GET /delegates/<int:did>", "/delegates/{did}", every(STAFF, Ok(200, shows="被签到代表"))),
    row("POST /delegates/<int:did>/edit", "/delegates/{did}/edit",
        {S: Ok(302, location="/delegates/{did}",
               check=lambda w: w.get("Delegate", w.ids["did"], "name") == "改名的代表")},
        data={"name": "改名的代表", "delegation_id": "{gid}", "gender": "", "seat": "Z-1"}),
    row("POST /delegates/<int:did>/terminate", "/delegates/{did}/terminate",
        {S: Ok(302, location="/delegates/{did}", check=_terminated)},
        data=lambda w: {"on": _today(w), "reason": "调离本行政区域"}),
    row("POST /meetings/<int:mid>/delegates/<int:did>/seat", "/meetings/{mid}/delegates/{did}/seat",
        {S: Ok(302, location="/meetings/{mid}/delegates",
               check=lambda w: w.count("MeetingSeat", delegate_id=w.ids["did"], seat="Q-7") == 1)},
        data={"seat": "Q-7"}),
    row("GET /my/term", "/my/term",
        {D: Ok(200, shows="张代表"), OUTSIDER: Ok(200, shows="别处代表")}),
]

test_route_permissions = matrix_tests(ROWS)
