"""The ballots area's API bodies and answers (typed: congress/api/schemas.py)."""
from typing import Annotated, Literal

from pydantic import Field

from congress.api.schemas import NO_CONTROL, Count, Flag, Id, Model, Number, Out, Text
from congress.ballots.models import Ballot, BallotOption, BallotSubject

BallotKindName = Literal["rating", "motion"]
BallotStatusName = Literal["draft", "open", "closed"]
# A subject id as a JSON object's key (a string); the service checks that it is the ballot's.
SubjectKey = Annotated[str, Field(max_length=10)]
IdempotencyKey = Annotated[str, Field(strict=True, min_length=16, max_length=200,
                                      pattern=NO_CONTROL)]
MAX_SUBJECTS = 1000  # far above any ballot of a congress (a rating ballot has one per secretary)
MAX_OPTIONS = 20


class NewSubject(Model):
    # blank titles are dropped by the service (a form's empty line), as before typing
    title: Text(column=BallotSubject.title, blank=True)


class NewOption(Model):
    label: Text(column=BallotOption.label, blank=True)  # the service says which option
    weight: Number(ge=0, le=1) = 0
    favourable: Flag = False


class NewBallot(Model):
    title: Text(column=Ballot.title)
    kind: BallotKindName
    subjects: Annotated[list[NewSubject], Field(max_length=MAX_SUBJECTS)]
    options: Annotated[list[NewOption], Field(max_length=MAX_OPTIONS)] | None = None
    # a motion passes when its favourable votes exceed this share of those present
    pass_ratio: Number(ge=0, le=1) = 0.5


class NewVote(Model):
    """{subject id: option id}; a subject left out (or given null) is an abstention."""

    choices: dict[SubjectKey, Id | None]
    idempotency_key: IdempotencyKey | None = None


class BallotSubjectOut(Out):
    id: int
    title: str


class BallotOptionOut(Out):
    id: int
    label: str
    weight: float
    favourable: bool


class BallotTurnout(Out):
    eligible: int
    voted: int


class SubjectResultOut(Out):
    id: int
    title: str
    counts: dict[str, int]
    abstain: int
    favourable_rate: float | None
    score: float | None
    rank: int | None
    passed: bool | None = None  # motions only


class BallotResults(Out):
    quorum_met: bool
    subjects: list[SubjectResultOut]


class BallotOut(Out):
    id: int
    meeting_id: int
    title: str
    kind: BallotKindName
    status: BallotStatusName
    subjects: list[BallotSubjectOut]
    options: list[BallotOptionOut]
    turnout: BallotTurnout
    results: BallotResults | None
    # once closed: 应到, 实到, papers cast, blank papers, the receipts' digest
    due: int | None = None
    present: int | None = None
    cast: int | None = None
    blank: int | None = None
    receipts_digest: str | None = None
    voted: bool | None = None  # for a delegate: whether they have voted


class BallotList(Out):
    ballots: list[BallotOut]


class VoteReceipt(Out):
    receipt: str


class NotVoted(Out):
    id: int
    name: str
    delegation: str
    seat: str | None


class TurnoutOut(Out):
    eligible: Count
    voted: Count
    not_voted: list[NotVoted]


class ReceiptList(Out):
    receipts: list[str]
    digest: str
