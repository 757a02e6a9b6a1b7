"""The report review API's bodies and answers (typed: congress/api/schemas.py)."""
from typing import Annotated, Literal

from pydantic import Field

from congress.api.schemas import MAX_ID, Count, Id, Model, Omittable, Out, Text, Timestamp
from congress.reports.services import MAX_COMMENT_CHARS

ReportKindName = Literal["party_committee", "discipline", "development", "other"]


# --- requests --------------------------------------------------------------------------------

class ReportQuery(Model):
    version: Annotated[int, Field(ge=1, le=MAX_ID)] | None = Field(None, description=(
        "A version's number (default: the current one); drafts are the secretariat's"))


class NewReviewComment(Model):
    text: Text(MAX_COMMENT_CHARS)
    paragraph_id: Id | None = Field(None, description=(
        "A numbered paragraph (or table) of the current version; omit for the whole report"))


class ReviewCommentText(Model):
    text: Text(MAX_COMMENT_CHARS)


# --- answers ---------------------------------------------------------------------------------

class ReportBlockOut(Out):
    id: int
    kind: Literal["heading", "paragraph", "table"]
    level: int | None
    number: int | None
    text: str
    rows: Omittable(list[list[str]]) = None


class ReportVersionBrief(Out):
    number: int
    tabled: bool
    tabled_at: Timestamp | None
    note: str | None


class ReportVersionOut(ReportVersionBrief):
    blocks: list[ReportBlockOut]


class ResolutionOutcome(Out):
    id: int
    title: str
    ballot_id: int | None
    status: Literal["draft", "open", "closed"]
    passed: bool | None
    counts: dict[str, Count] | None = Field(description="Votes by answer, once counted")
    unmarked: Omittable(Count) = None
    present: Omittable(Count | None) = None


class ReportOut(Out):
    id: int
    meeting_id: int
    title: str
    kind: ReportKindName
    current_version: int | None
    versions: list[ReportVersionBrief]


class ReportDetail(ReportOut):
    version: ReportVersionOut
    resolutions: list[ResolutionOutcome]


class ReportList(Out):
    reports: list[ReportOut]


class ReviewAuthor(Out):
    id: int
    name: str


class ReviewCommentOut(Out):
    id: int
    report_id: int
    version: int
    paragraph_id: int | None
    paragraph: int | None
    text: str
    delegate: ReviewAuthor
    delegation: str
    created_at: Timestamp
    updated_at: Timestamp | None
    editable: bool


class ReviewCommentList(Out):
    comments: list[ReviewCommentOut]


class GroupDelegation(Out):
    id: int
    name: str


class GroupRecorder(Out):
    id: int
    name: str


class GroupProgressOut(Out):
    delegation: GroupDelegation
    status: Literal["pending", "open", "closed"]
    recorder: GroupRecorder | None
    members: Count
    present: Count
    comments: Count
    commenters: Count
    notes_chars: Count
    notes_updated_at: Timestamp | None


class GroupProgressList(Out):
    groups: list[GroupProgressOut]
