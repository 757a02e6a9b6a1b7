"""The debrief area's API bodies and answers (typed: congress/api/schemas.py)."""
from typing import Annotated, Literal

from pydantic import Field

from congress.api.schemas import Id, Model, Out, Text
from congress.debriefs.models import Debrief, FloorRequest
from congress.debriefs.queue import MAX_TEXT, MOVES
from congress.debriefs.services import TIMER_ACTIONS

DebriefPhase = Literal["pending", "report", "questions", "comment", "scoring", "closed"]
TimerKind = Literal["report", "question", "answer", "comment"]
FloorRequestKind = Literal["question", "challenge"]
FloorRequestStatus = Literal["waiting", "speaking", "done", "withdrawn", "rejected"]
MAX_QUESTIONERS = 1000  # designated questioners of one debrief: a handful in practice

# --- bodies ---------------------------------------------------------------------------------------


class NewDebrief(Model):
    reporter_name: Text(column=Debrief.reporter_name)
    reporter_title: Text(column=Debrief.reporter_title)
    questioner_ids: Annotated[list[Id], Field(max_length=MAX_QUESTIONERS)] | None = None


class DebriefPhaseChange(Model):
    phase: DebriefPhase


class DebriefTimerAction(Model):
    action: Literal[TIMER_ACTIONS]


class DebriefComment(Model):
    speaker: Text(column=Debrief.comment_speaker)
    text: Text(column=Debrief.comment_text)


class NewFloorRequest(Model):
    kind: FloorRequestKind
    text: Text(MAX_TEXT, blank=True) | None = None


class FloorRequestMove(Model):
    to: Literal[MOVES]


class FloorRequestAnswer(Model):
    text: Text(column=FloorRequest.answer)


# --- answers --------------------------------------------------------------------------------------

class QuestionerOut(Out):
    id: int
    name: str


class FloorRequestOut(Out):
    id: int
    delegate: QuestionerOut
    kind: FloorRequestKind
    text: str | None
    status: FloorRequestStatus
    designated: bool
    answer: str | None
    position: int | None = None  # among the waiting, when it waits


class FloorQueueOut(Out):
    id: int
    debrief_id: int
    open: bool
    current: FloorRequestOut | None
    waiting: list[FloorRequestOut]


class FloorQueueNext(Out):
    current: FloorRequestOut | None


class DebriefTimerOut(Out):
    kind: TimerKind
    seconds: int
    remaining: float
    running: bool
    overrun: bool


class DebriefTimer(Out):
    timer: DebriefTimerOut | None


class DebriefCommentOut(Out):
    speaker: str
    text: str


class DebriefOut(Out):
    id: int
    meeting_id: int
    position: int
    phase: DebriefPhase
    reporter_name: str
    reporter_title: str
    queue_id: int
    ballot_id: int | None
    comment: DebriefCommentOut | None
    questioners: list[QuestionerOut]
    timer: DebriefTimerOut | None
    questions: list[FloorRequestOut]
    # designated questioners whose requests were not called (rejected, or still waiting when
    # the questions step ended): kept beside the questions so none disappears from the record
    not_called: list[FloorRequestOut]


class DebriefList(Out):
    debriefs: list[DebriefOut]
