"""Permission matrix, part 8: the term's follow-up (congress/followup) and the notifications
(core): the inbox, 督办, recurring concerns, a draft's evidence. Every account of the world is
in the meeting's organisation; another organisation's concern (404) is tested in
tests/followup. The machinery is in tests/core/matrix.py."""
from tests.core.matrix import (
    ANON,
    COMMITTEE,
    OBSERVER,
    OUTSIDER,
    SIGNED_IN,
    UNIT,
    C,
    D,
    Ok,
    S,
    every,
    matrix_tests,
    row,
)

PARTS = ("followup",)
NOT_THE_OWNER = {role: 404 for role in SIGNED_IN - {S}}  # another's reminder does not exist


def _read(w):
    from congress.core.notifications import Notification
    return w.get("Notification", w.ids["nid"], "read_at") is not None and \
        w.value(lambda s: s.get(Notification, w.ids["nid"]).user_id) == w.accounts[S].id


def _none_unread(w):
    from sqlalchemy import func, select

    from congress.core.notifications import Notification
    user_id = w.accounts[w.role].id
    return w.value(lambda s: s.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)))) == 0


def _email_set(w):
    return w.get("User", w.accounts[w.role].id, "email") == "matrix@example.org"


ROWS = [
    row("GET /notifications", "/notifications",
        every(SIGNED_IN, Ok(200, shows='data-testid="notifications"')), parts=PARTS),
    row("POST /notifications/<int:nid>/read", "/notifications/{nid}/read",
        {S: Ok(303, location="/notifications", check=_read)}, refuse=NOT_THE_OWNER | {ANON: 302},
        parts=PARTS),
    row("POST /notifications/read", "/notifications/read",
        every(SIGNED_IN, Ok(303, location="/notifications", check=_none_unread)), parts=PARTS),
    row("POST /notifications/email", "/notifications/email",
        every(SIGNED_IN, Ok(303, location="/notifications", check=_email_set)),
        data={"email": "matrix@example.org"}, parts=PARTS),
    row("GET /organisations/<int:oid>/concerns/overdue", "/organisations/{oid}/concerns/overdue",
        {S: Ok(200, shows=('data-concern="{concern}"', "矩阵小区楼梯湿滑"))}, parts=PARTS),
    row("POST /concerns/<int:cid>/follow-up", "/concerns/{concern}/follow-up",
        {S: Ok(303, location="/organisations/{oid}/concerns/overdue",
               check=lambda w: w.count("ConcernFollowUp", concern_id=w.ids["concern"]) == 1)},
        data={"note": "请尽快答复"}, parts=PARTS),
    row("GET /organisations/<int:oid>/concerns/recurring",
        "/organisations/{oid}/concerns/recurring",
        every({S, C, D, COMMITTEE, OUTSIDER}, Ok(200, shows="反复出现的诉求")),
        refuse={UNIT: 403, OBSERVER: 403}, parts=PARTS),
    row("GET /proposals/<int:pid>/evidence", "/proposals/{pid}/evidence",
        {D: Ok(200, shows=('data-concern="{concern}"', "提案依据"))}, parts=PARTS),
    row("POST /proposals/<int:pid>/evidence", "/proposals/{pid}/evidence",
        {D: Ok(303, location="/proposals/{pid}/evidence",
               check=lambda w: w.count("ProposalConcern", proposal_id=w.ids["pid"],
                                       concern_id=w.ids["concern"]) == 1)},
        data={"concern_id": "{concern}", "action": "cite"}, parts=PARTS),
]

test_route_permissions = matrix_tests(ROWS)

