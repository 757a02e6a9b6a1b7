"""Proposal fixtures: a meeting (3 signers needed) with delegates, the committee, three
handling units with their staff, and helpers that drive a proposal to any state via the API."""
from dataclasses import dataclass, field

import pytest

from tests.helpers import ApiCalls

GOOD = {"title": "关于加快老旧小区加装电梯的提案", "category": "社会民生",
        "grounds": "我市老旧小区多为六层以下住宅，没有电梯，老年人上下楼困难。",
        "measures": "一是简化审批；二是财政补贴；三是协调低层住户利益。"}
STATES = ("draft", "submitted", "accepted", "assigned", "replied", "closed", "rejected",
          "merged", "withdrawn", "suggestion")


@dataclass
class Desk(ApiCalls):
    client: object
    mid: int
    delegates: list          # [0] is the usual lead sponsor, [1..] co-signers
    outsider: object         # a delegate of the same meeting with nothing to do with it
    committee: object
    secretariat: object
    units: list              # unit ids
    unit_staff: list         # one account per unit
    tokens: dict = field(default_factory=dict)

    # --- driving a proposal ---------------------------------------------------------------
    def draft(self, lead=None, **values):
        body = GOOD | values
        return self.ok("POST", f"/api/v1/meetings/{self.mid}/proposals", lead or self.delegates[0],
                       body, 201)

    def invite(self, pid, lead, delegate):
        return self.ok("POST", f"/api/v1/proposals/{pid}/invitations", lead,
                       {"delegate_id": delegate.delegate_id}, 201)

    def sign(self, pid, delegate):
        return self.ok("POST", f"/api/v1/proposals/{pid}/signatures", delegate, None, 201)

    def signed_draft(self, lead=None, signers=2, pending=True, **values):
        """A draft with `signers` co-signers who signed (enough to file with the lead) and,
        when `pending`, one more invited who has not answered (delegates[3])."""
        lead = lead or self.delegates[0]
        p = self.draft(lead, **values)
        others = [d for d in self.delegates if d is not lead]
        for d in others[:signers]:
            self.invite(p["id"], lead, d)
            p = self.sign(p["id"], d)
        if pending:
            p = self.invite(p["id"], lead, others[signers])
        return p

    def submitted(self, lead=None, **values):
        lead = lead or self.delegates[0]
        p = self.signed_draft(lead, **values)
        return self.ok("POST", f"/api/v1/proposals/{p['id']}/submit", lead, None, 200)

    def review(self, pid, decision, **extra):
        return self.ok("POST", f"/api/v1/proposals/{pid}/review", self.committee,
                       {"decision": decision, "reason": extra.pop("reason", "同意立案")} | extra,
                       200)

    def accepted(self, **values):
        return self.review(self.submitted(**values)["id"], "accept")

    def assigned(self, assisting=True, **values):
        p = self.accepted(**values)
        return self.ok("POST", f"/api/v1/proposals/{p['id']}/assignment", self.committee,
                       {"lead_unit_id": self.units[0],
                        "assisting_unit_ids": [self.units[1]] if assisting else [],
                        "due_on": "2099-12-31"}, 200)

    def replied(self, **values):
        p = self.assigned(**values)
        return self.ok("POST", f"/api/v1/proposals/{p['id']}/replies", self.unit_staff[0],
                       {"outcome": "B", "text": "已列入明年计划，正在推进。"}, 201)

    def closed(self, **values):
        p = self.replied(**values)
        return self.ok("POST", f"/api/v1/proposals/{p['id']}/feedback", self.delegates[0],
                       {"rating": "satisfied"}, 201)

    def in_state(self, state):
        if state == "draft":
            return self.signed_draft()
        if state in ("submitted", "accepted", "assigned", "replied", "closed"):
            return getattr(self, state)()
        if state == "rejected":
            return self.review(self.submitted()["id"], "reject", reason="属于意见建议")
        if state == "merged":
            target = self.submitted(title="关于老旧小区电梯加装补贴的提案")
            return self.review(self.submitted()["id"], "merge", merge_into=target["id"])
        if state == "withdrawn":
            p = self.submitted()
            return self.ok("POST", f"/api/v1/proposals/{p['id']}/withdraw", self.delegates[0])
        if state == "suggestion":
            p = self.signed_draft()
            return self.ok("POST", f"/api/v1/proposals/{p['id']}/suggestion", self.delegates[0])
        raise ValueError(state)


@pytest.fixture
def desk(client, make):
    mid = make.meeting(min_signers=3)
    delegates = make.delegates(mid, 4)
    outsider = make.delegate(mid, name="无关代表", delegation="庐阳区代表团")
    units = [make.unit(name) for name in ("市住房和城乡建设局", "市财政局", "市教育局")]
    staff = [make.user("unit", unit_id=u) for u in units]
    return Desk(client, mid, delegates, outsider, make.user("committee"),
                make.user("secretariat"), units, staff)
