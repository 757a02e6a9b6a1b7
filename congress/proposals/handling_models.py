"""The handling side of a proposal (办理): each unit's assignment per handling round, the
lead unit's reply, an assisting unit's views and the lead sponsor's rating of the reply.
Their rules are guarded on `Proposal` (models.py) and run by handling.py."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db
from congress.proposals.models import stored_enum


class Outcome(str, enum.Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def title(self):
        return OUTCOME_TITLES[self]


OUTCOME_TITLES = {
    Outcome.A: _l("A: solved or largely solved"),
    Outcome.B: _l("B: being solved or planned"),
    Outcome.C: _l("C: not possible now (with reasons)"),
    Outcome.D: _l("D: kept for reference"),
}


class Rating(str, enum.Enum):
    satisfied = "satisfied"
    basically_satisfied = "basically_satisfied"
    unsatisfied = "unsatisfied"

    @property
    def title(self):
        return {Rating.satisfied: _l("Satisfied"),
                Rating.basically_satisfied: _l("Basically satisfied"),
                Rating.unsatisfied: _l("Unsatisfied")}[self]


class Assignment(db.Model):
    """One unit's part in one handling round: the lead unit (主办) or an assisting unit (协办).
    A return or the end of the round sets `ended_at`; history is never deleted."""

    __tablename__ = "proposal_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_units.id"), index=True)
    is_lead: Mapped[bool]
    round: Mapped[int]
    due_on: Mapped[date]
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                  ondelete="SET NULL"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    return_reason: Mapped[str | None] = mapped_column(Text)

    proposal = relationship("Proposal", back_populates="assignments")
    unit = relationship("HandlingUnit")

    def __repr__(self):
        return f"<Assignment {self.proposal_id} unit={self.unit_id} r{self.round}>"


class Reply(db.Model):
    """The lead unit's answer (答复) in one round; one per round, by the database."""

    __tablename__ = "proposal_replies"
    __table_args__ = (UniqueConstraint("proposal_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    round: Mapped[int]
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_units.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[Outcome] = mapped_column(stored_enum(Outcome, "reply_outcome", 1))
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date]
    is_on_time: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal = relationship("Proposal", back_populates="replies")
    unit = relationship("HandlingUnit")

    def __repr__(self):
        return f"<Reply {self.proposal_id} r{self.round} {self.outcome.value}>"


class UnitOpinion(db.Model):
    """An assisting unit's views, sent to the lead unit."""

    __tablename__ = "proposal_opinions"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    round: Mapped[int]
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_units.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit = relationship("HandlingUnit")

    def __repr__(self):
        return f"<UnitOpinion {self.proposal_id} unit={self.unit_id}>"


class Feedback(db.Model):
    """The lead sponsor's rating of one round's reply."""

    __tablename__ = "proposal_feedback"
    __table_args__ = (UniqueConstraint("proposal_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    round: Mapped[int]
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("delegates.id",
                                                               ondelete="SET NULL"))
    rating: Mapped[Rating] = mapped_column(stored_enum(Rating, "feedback_rating", 24))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self):
        return f"<Feedback {self.proposal_id} r{self.round} {self.rating.value}>"
