"""A debrief moves through fixed phases; each step may run a countdown the chair controls."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Enum, ForeignKey, String, Table, Text
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
    def is_live(self):
        return self not in (Phase.pending, Phase.closed)


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting")
    ballot = relationship("Ballot")
    queue = relationship("FloorQueue", back_populates="debrief", uselist=False)
    questioners = relationship("Delegate", secondary=debrief_questioners,
                               order_by="Delegate.name")

    @property
    def title(self):
        return f"{self.reporter_name}（{self.reporter_title}）"

    def timer_remaining(self, now=None):
        if self.timer_seconds is None:
            return None
        elapsed = self.timer_elapsed or 0.0
        if self.timer_started_at is not None:
            elapsed += ((now or utcnow()) - self.timer_started_at).total_seconds()
        return self.timer_seconds - elapsed

    @property
    def timer_running(self):
        return self.timer_seconds is not None and self.timer_started_at is not None

    def __repr__(self):
        return f"<Debrief {self.id} {self.reporter_name} {self.phase.value}>"
