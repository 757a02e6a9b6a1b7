"""The room the browser tests open their pages on: a meeting with delegates (checked in unless
told otherwise), its secretariat and chair, and what they set up through the API before the
browsers come in (a ballot, opened or not; a debrief moved to a step; a floor request)."""
from dataclasses import dataclass, field

from tests.helpers import ApiCalls


@dataclass
class Room(ApiCalls):
    client: object
    mid: int
    delegates: list
    secretariat: object
    chair: object
    tokens: dict = field(default_factory=dict)

    def ballot(self, title="关于决议的表决", kind="motion", subjects=("决议草案",), open=False):
        """A ballot of the meeting created by the secretariat (its JSON); `open`: the chair
        opens it too."""
        ballot = self.ok("POST", f"/api/v1/meetings/{self.mid}/ballots", self.secretariat,
                         {"title": title, "kind": kind,
                          "subjects": [{"title": s} for s in subjects]}, 201)
        if open:
            self.ok("POST", f"/api/v1/ballots/{ballot['id']}/open", self.chair, status=200)
        return ballot

    def debrief(self, name="王书记", title="瑶海区委书记", **extra):
        """A debrief of the meeting created by the secretariat (its JSON)."""
        return self.ok("POST", f"/api/v1/meetings/{self.mid}/debriefs", self.secretariat,
                       {"reporter_name": name, "reporter_title": title} | extra, 201)

    def step(self, debrief, *phases):
        """The chair moves the debrief through `phases`, in order."""
        for phase in phases:
            self.ok("POST", f"/api/v1/debriefs/{debrief['id']}/phase", self.chair,
                    {"phase": phase}, 200)

    def ask(self, delegate, debrief, kind="question", text=None):
        """`delegate` asks for the floor in the debrief's questions step."""
        return self.ok("POST", f"/api/v1/queues/{debrief['queue_id']}/requests", delegate,
                       {"kind": kind} | ({"text": text} if text else {}), 201)


def open_room(app, make, delegates=3, checked_in=None):
    """A meeting with `delegates` delegates, the first `checked_in` of them (all by default)
    checked in, and its secretariat and chair."""
    mid = make.meeting()
    people = make.delegates(mid, delegates)
    for delegate in people[:checked_in]:
        make.check_in(delegate)
    return Room(app.test_client(), mid, people, make.user("secretariat"), make.user("chair"))
