"""A debrief moves through fixed phases; each step may run a countdown the chair controls.
Its question step keeps a queue of floor requests: at most one waiting-or-speaking request per
delegate is enforced by a partial unique index, not only in code."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, Enum, ForeignKey, Index, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db


class Phase(str, enum.Enum):
    pending = "pending"
    report = "report"
    questions = "questions"
    comment = "comment"
    scoring = "scoring"
    closed = "closed"

    @property
    def title(self):
        return PHASE_TITLES[self]

    @property
    def next(self):
        order = list(Phase)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None

    @property
    def previous(self):
        order = list(Phase)
        index = order.index(self)
        return order[index - 1] if index > 0 else None

    @property
    def is_live(self):
        return self not in (Phase.pending, Phase.closed)

    @property
    def order(self):
        """0 for pending, 1 for report ...: the step's place in the machine."""
        return list(Phase).index(self)

    @property
    def asks_confirmation(self):
        """Entering scoring opens a ballot and closing closes it: the console asks first."""
        return self in (Phase.scoring, Phase.closed)


PHASE_TITLES = {
    Phase.pending: _l("Not started"),
    Phase.report: _l("Report"),
    Phase.questions: _l("Questions"),
    Phase.comment: _l("Leader's comment"),
    Phase.scoring: _l("Scoring"),
    Phase.closed: _l("Closed"),
}

TIMER_TITLES = {
    "report": _l("Report"),
    "question": _l("Question"),
    "answer": _l("Answer"),
    "comment": _l("Leader's comment"),
}

debrief_questioners = Table(
    "debrief_questioners", db.metadata,
    Column("debrief_id", ForeignKey("debriefs.id", ondelete="CASCADE"), primary_key=True),
    Column("delegate_id", ForeignKey("delegates.id", ondelete="CASCADE"), primary_key=True),
)


class Debrief(db.Model):
    __tablename__ = "debriefs"
    label = _l("debrief")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(default=0)
    reporter_name: Mapped[str] = mapped_column(String(100))
    reporter_title: Mapped[str] = mapped_column(String(200))
    phase: Mapped[Phase] = mapped_column(
        Enum(Phase, native_enum=False, length=16, create_constraint=True, name="debrief_phase"),
        default=Phase.pending)
    phase_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ballot_id: Mapped[int | None] = mapped_column(ForeignKey("ballots.id", ondelete="SET NULL"))
    comment_speaker: Mapped[str | None] = mapped_column(String(100))
    comment_text: Mapped[str | None] = mapped_column(Text)
    # the countdown of the current step: `timer_elapsed` seconds ran before `timer_started_at`
    # (None while paused); remaining = timer_seconds - elapsed, negative when overrun
    timer_kind: Mapped[str | None] = mapped_column(String(16))
    timer_seconds: Mapped[int | None]
    timer_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timer_elapsed: Mapped[float] = mapped_column(default=0.0)
    # the countdowns of the steps left behind, last one last, as they stood when the chair moved
    # on ({"kind", "seconds", "elapsed", "running"}): an undo of the step restores the time left
    timers_left: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting")
    ballot = relationship("Ballot")
    queue = relationship("FloorQueue", back_populates="debrief", uselist=False)
    questioners = relationship("Delegate", secondary=debrief_questioners,
                               order_by="Delegate.name")

    @property
    def title(self):
        return f"{self.reporter_name}（{self.reporter_title}）"

    @property
    def is_pending(self):
        return self.phase is Phase.pending

    @property
    def takes_questions(self):
        return self.phase is Phase.questions

    @property
    def is_scoring(self):
        return self.phase is Phase.scoring

    @property
    def is_closed(self):
        return self.phase is Phase.closed

    @property
    def comment_recordable(self):
        """The leader's comment is recorded from the comment step on."""
        return self.phase in (Phase.comment, Phase.scoring, Phase.closed)

    def timer_remaining(self, now=None):
        ran = self.timer_ran(now)
        return None if ran is None else self.timer_seconds - ran

    def timer_ran(self, now=None):
        """Seconds the current countdown has run (a pause not counted); None without one."""
        if self.timer_seconds is None:
            return None
        elapsed = self.timer_elapsed or 0.0
        if self.timer_started_at is not None:
            elapsed += ((now or utcnow()) - self.timer_started_at).total_seconds()
        return elapsed

    @property
    def timer_running(self):
        return self.timer_seconds is not None and self.timer_started_at is not None

    def __repr__(self):
        return f"<Debrief {self.id} {self.reporter_name} {self.phase.value}>"


# --- the question queue ------------------------------------------------------------------------


class RequestKind(str, enum.Enum):
    question = "question"
    challenge = "challenge"

    @property
    def title(self):
        return {RequestKind.question: _l("Question"), RequestKind.challenge: _l("Challenge")}[self]


class RequestStatus(str, enum.Enum):
    waiting = "waiting"
    speaking = "speaking"
    done = "done"
    withdrawn = "withdrawn"
    rejected = "rejected"

    @property
    def title(self):
        return REQUEST_STATUS_TITLES[self]


REQUEST_STATUS_TITLES = {
    RequestStatus.waiting: _l("Waiting"),
    RequestStatus.speaking: _l("Speaking"),
    RequestStatus.done: _l("Done"),
    RequestStatus.withdrawn: _l("Withdrawn"),
    RequestStatus.rejected: _l("Not called"),
}
# statuses that hold one of the debrief's questioner places
PLACE_STATUSES = (RequestStatus.waiting, RequestStatus.speaking, RequestStatus.done)
ACTIVE_WHERE = "status IN ('waiting', 'speaking')"


class FloorQueue(db.Model):
    __tablename__ = "floor_queues"
    label = _l("queue")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    debrief_id: Mapped[int] = mapped_column(ForeignKey("debriefs.id", ondelete="CASCADE"),
                                            unique=True)
    is_open: Mapped[bool] = mapped_column(default=False)

    meeting = relationship("Meeting")
    debrief = relationship("Debrief", back_populates="queue")
    requests = relationship("FloorRequest", back_populates="queue",
                            order_by="(FloorRequest.sort_key, FloorRequest.id)")


class FloorRequest(db.Model):
    __tablename__ = "floor_requests"
    label = _l("floor request")
    __table_args__ = (
        Index("uq_floor_requests_active_delegate", "queue_id", "delegate_id", unique=True,
              sqlite_where=text(ACTIVE_WHERE), postgresql_where=text(ACTIVE_WHERE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("floor_queues.id", ondelete="CASCADE"),
                                          index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[RequestKind] = mapped_column(
        Enum(RequestKind, native_enum=False, length=16, create_constraint=True,
             name="floor_request_kind"))
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[RequestStatus] = mapped_column(
        Enum(RequestStatus, native_enum=False, length=16, create_constraint=True,
             name="floor_request_status"), default=RequestStatus.waiting)
    sort_key: Mapped[int] = mapped_column(default=0)
    is_designated: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    admitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    queue = relationship(FloorQueue, back_populates="requests")
    delegate = relationship("Delegate")

    @property
    def is_active(self):
        return self.status in (RequestStatus.waiting, RequestStatus.speaking)

    @property
    def is_waiting(self):
        return self.status is RequestStatus.waiting

    @property
    def is_speaking(self):
        return self.status is RequestStatus.speaking

    @property
    def is_done(self):
        return self.status is RequestStatus.done

    @property
    def is_challenge(self):
        return self.kind is RequestKind.challenge
