"""The proposals area's API bodies and answers (typed: congress/api/schemas.py). The answers
are exactly what api.py's serializers produce."""
from typing import Any, Literal

from congress.api.schemas import Count, Day, Id, Model, Out, Text, Timestamp
from congress.proposals.models import Proposal

Status = Literal["draft", "submitted", "withdrawn", "suggestion", "accepted", "rejected",
                 "merged", "assigned", "replied", "closed"]
Decision = Literal["accept", "reject", "merge"]
OutcomeCode = Literal["A", "B", "C", "D"]
RatingCode = Literal["satisfied", "basically_satisfied", "unsatisfied"]
Prose = Text(column=Proposal.grounds)  # a Text column: a page of prose at most
OptionalProse = Text(column=Proposal.grounds, blank=True)


# --- requests -------------------------------------------------------------------------------

class NewProposal(Model):
    title: Text(column=Proposal.title)
    category: Text(column=Proposal.category)
    grounds: OptionalProse | None = None
    measures: OptionalProse | None = None


class ProposalChanges(Model):
    """The editor's autosave: only the fields sent change; `revision` guards a stale tab."""
    title: Text(column=Proposal.title) | None = None
    category: Text(column=Proposal.category) | None = None
    grounds: OptionalProse | None = None
    measures: OptionalProse | None = None
    revision: Count | None = None


class NewInvitation(Model):
    delegate_id: Id


class ProposalReview(Model):
    decision: Decision
    reason: OptionalProse | None = None  # required (not blank) for a rejection
    merge_into: Id | None = None


class NewAssignment(Model):
    lead_unit_id: Id
    assisting_unit_ids: list[Id] | None = None
    due_on: Day | None = None  # default: the meeting's handling period


class AssignmentReturn(Model):
    reason: Prose


class NewOpinion(Model):
    text: Prose


class NewReply(Model):
    outcome: OutcomeCode
    text: Prose


class NewFeedback(Model):
    rating: RatingCode
    comment: OptionalProse | None = None


# --- answers --------------------------------------------------------------------------------

class ProposalPerson(Out):
    id: int
    name: str
    delegation: str


class SignerOut(ProposalPerson):
    role: Literal["lead", "cosigner"]
    status: Literal["invited", "signed", "declined"]
    invited_at: Timestamp | None
    answered_at: Timestamp | None


class ProposalUnit(Out):
    id: int
    name: str


class ProposalBrief(Out):
    id: int
    meeting_id: int
    number: int | None
    title: str
    category: str
    status: Status
    round: int
    lead: ProposalPerson
    signers: list[SignerOut]
    signed_count: int
    min_signers: int
    submitted_at: Timestamp | None
    updated_at: Timestamp | None
    merged_into: int | None


class ReviewOut(Out):
    decision: Decision
    reason: str | None
    reviewed_at: Timestamp | None


class MergedOut(Out):
    id: int
    title: str
    lead: ProposalPerson


class AssignmentSummary(Out):
    lead_unit: ProposalUnit
    assisting_units: list[ProposalUnit]
    due_on: Day
    round: int
    overdue: bool


class ReplyOut(Out):
    id: int
    proposal_id: int
    round: int
    unit: ProposalUnit
    outcome: OutcomeCode
    text: str
    due_on: Day
    on_time: bool
    created_at: Timestamp | None


class FeedbackOut(Out):
    round: int
    rating: RatingCode
    comment: str | None
    created_at: Timestamp | None


class HistoryEntry(Out):
    at: Timestamp | None
    kind: str
    actor: str | None
    data: dict[str, Any]


class AssignmentOut(Out):
    id: int
    unit: ProposalUnit
    lead: bool
    round: int
    due_on: Day
    assigned_at: Timestamp | None
    ended_at: Timestamp | None
    return_reason: str | None


class OpinionOut(Out):
    unit: ProposalUnit
    round: int
    text: str
    created_at: Timestamp | None


class Problem(Out):
    field: str
    message: str


class ProposalOut(ProposalBrief):
    """One proposal; `assignments` and `opinions` for the committee, staff and units only,
    `problems` and `can_file` while it is a draft."""
    grounds: str
    measures: str
    revision: int
    body_length: int
    invitations: list[SignerOut]
    review: ReviewOut | None
    merged: list[MergedOut]
    assignment: AssignmentSummary | None
    replies: list[ReplyOut]
    feedback: list[FeedbackOut]
    history: list[HistoryEntry]
    assignments: list[AssignmentOut] | None = None
    opinions: list[OpinionOut] | None = None
    problems: list[Problem] | None = None
    can_file: bool | None = None


class ProposalList(Out):
    proposals: list[ProposalBrief]


class SimilarProposal(ProposalBrief):
    score: float


class SimilarList(Out):
    similar: list[SimilarProposal]


class InboxItem(ProposalBrief):
    """A unit's current assignment: `lead` says whether the unit leads (not the sponsor)."""
    lead: bool  # type: ignore[assignment]
    due_on: Day
    overdue: bool
    waiting: bool


class UnitInbox(Out):
    unit: ProposalUnit
    assignments: list[InboxItem]


class NoticeOut(Out):
    id: int
    proposal_id: int
    kind: str
    data: dict[str, Any]
    created_at: Timestamp | None
    read: bool


class NoticeList(Out):
    notices: list[NoticeOut]
    invitations: list[ProposalBrief]


class Tally(Out):
    filed: int
    accepted: int
    merged: int
    rejected: int
    assigned: int
    replied: int
    replied_on_time: int
    overdue: int
    rated: int
    ratings: dict[str, int]
    on_time_rate: float | None
    reply_rate: float | None
    satisfaction_rate: float | None


class CategoryTally(Tally):
    category: str


class UnitTally(Tally):
    unit: str


class ProposalStatistics(Out):
    total: Tally
    by_category: list[CategoryTally]
    by_unit: list[UnitTally]


class FollowUpItem(ProposalBrief):
    lead_unit: str
    due_on: Day
    days: int


class FollowUp(Out):
    overdue: list[FollowUpItem]
    due_soon: list[FollowUpItem]
