"""The ballots area's API bodies and answers (typed: congress/api/schemas.py)."""
from typing import Annotated, Literal

from pydantic import Field

from congress.api.schemas import (
    NO_CONTROL,
    Count,
    Flag,
    Id,
    Integer,
    Model,
    Number,
    Out,
    Text,
)
from congress.ballots.count_models import BallotOfficer, BallotWriteIn, PaperTally
from congress.ballots.models import (
    Ballot,
    BallotOption,
    BallotSubject,
)

BallotKindName = Literal["rating", "motion", "election"]
ElectBaseName = Literal["due", "present"]
OfficerRoleName = Literal["chief_scrutineer", "scrutineer", "teller"]
MAX_WRITE_INS = 100  # names written in on one paper: never more than the seats
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


class NewOfficer(Model):
    """总监票人, 监票人 or 计票人 of an election; a scrutineer may not be a candidate."""
    role: OfficerRoleName
    name: Text(column=BallotOfficer.name)
    delegate_id: Id | None = None


class NewBallot(Model):
    title: Text(column=Ballot.title)
    kind: BallotKindName
    subjects: Annotated[list[NewSubject], Field(max_length=MAX_SUBJECTS)]
    options: Annotated[list[NewOption], Field(max_length=MAX_OPTIONS)] | None = None
    # a motion passes when its favourable votes exceed this share of those present
    pass_ratio: Number(ge=0, le=1) = 0.5
    # elections: the seats to fill, whether names may be written in, the base of the majority
    seats: Integer(ge=1, le=MAX_SUBJECTS) | None = None
    write_ins: Flag = False
    elect_base: ElectBaseName = "due"
    officers: Annotated[list[NewOfficer], Field(max_length=50)] = []


class NewVote(Model):
    """{subject id: option id}; a subject left out (or given null) is an abstention. In an
    election, `write_ins` are the names written in (另选他人) where it allows them."""

    choices: dict[SubjectKey, Id | None]
    idempotency_key: IdempotencyKey | None = None
    write_ins: Annotated[list[Text(column=BallotWriteIn.name)],
                         Field(max_length=MAX_WRITE_INS)] | None = None


class NewRound(Model):
    """The next round of an election: its candidates when the seats are left for 另选 (the
    tied candidates otherwise), and a title (default: the first round's, numbered)."""
    subjects: Annotated[list[NewSubject], Field(max_length=MAX_SUBJECTS)] | None = None
    title: Text(column=Ballot.title) | None = None


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
    voted: int  # on the tablet
    papers: int = 0  # paper ballots issued


class PaperFigures(Out):
    """发出 while open; 收回 and 无效 too once closed."""
    issued: int
    returned: int | None = None
    invalid: int | None = None


class SubjectResultOut(Out):
    id: int
    title: str
    counts: dict[str, int]
    abstain: int
    favourable_rate: float | None
    score: float | None
    rank: int | None
    passed: bool | None = None  # motions only
    votes_for: int | None = None  # elections only: 赞成 votes
    elected: bool | None = None   # elections only


class WriteInResult(Out):
    name: str
    votes: int
    elected: bool


class RunoffNeeded(Out):
    seats: int
    subject_ids: list[int]


class BallotResults(Out):
    quorum_met: bool
    subjects: list[SubjectResultOut]
    # elections only: valid and invalid papers, names written in, the further round needed
    valid: int | None = None
    invalid: int | None = None
    write_ins: list[WriteInResult] | None = None
    runoff_needed: RunoffNeeded | None = None


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
    voted: bool | None = None  # for a delegate: whether they have voted (or hold a paper)
    paper: bool | None = None  # for a delegate: whether they vote on paper
    papers: PaperFigures | None = None  # when paper ballots were issued
    valid: int | None = None  # once closed: tablet votes + papers returned − invalid
    # elections only
    seats: int | None = None
    write_ins: bool | None = None
    elect_base: ElectBaseName | None = None
    round_of: int | None = None


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
    papers: Count = 0
    not_voted: list[NotVoted]


class ReceiptList(Out):
    receipts: list[str]
    digest: str


# --- paper ballots ---------------------------------------------------------------------------

OptionKey = Annotated[str, Field(max_length=10)]
WriteInName = Annotated[str, Field(min_length=1, max_length=32, pattern=NO_CONTROL)]


class NewPaperIssue(Model):
    delegate_id: Id


class PaperIssueOut(Out):
    ballot_id: int
    delegate_id: int
    name: str
    papers_issued: int


class PaperTallyIn(Model):
    """One teller's entry of the paper ballots' counts; entry 1 and entry 2 must agree."""

    entry: Literal[1, 2]
    teller: Text(column=PaperTally.teller)
    returned: Count
    invalid: Count
    counts: Annotated[dict[SubjectKey, dict[OptionKey, Count]],
                      Field(max_length=MAX_SUBJECTS)]
    write_ins: Annotated[dict[WriteInName, Count], Field(max_length=MAX_SUBJECTS)] | None = None


class TallyCellOut(Out):
    key: str
    label: str
    entry_1: int | None
    entry_2: int | None


class PaperTallyOut(Out):
    entry: int
    teller: str
    returned: int
    invalid: int
    counts: dict[str, dict[str, int]]
    write_ins: dict[str, int]
    papers_issued: int
    # null until both entries are in; then whether they agree, and where they differ
    entries_agree: bool | None
    differences: list[TallyCellOut]
