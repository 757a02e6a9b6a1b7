"""A proposal's evidence (the concerns and activities it cites) and the follow-ups (督办)
of overdue concerns."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db

NOTE_LENGTH = 500


class ProposalConcern(db.Model):
    """A concern a proposal cites as its evidence (a good proposal grows out of studio work).
    Cited while the proposal is a draft, by its lead sponsor; shown on the proposal, in the
    compendium and to the committee."""

    __tablename__ = "proposal_concerns"
    label = _l("evidence")
    __table_args__ = (UniqueConstraint("proposal_id", "concern_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id", ondelete="CASCADE"),
                                            index=True)
    cited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal = relationship("Proposal")
    concern = relationship("Concern", lazy="joined")

    def __repr__(self):
        return f"<ProposalConcern proposal={self.proposal_id} concern={self.concern_id}>"


class ProposalActivity(db.Model):
    """An activity (调研, 督查, 评议 ...) a proposal cites as its evidence, like a concern."""

    __tablename__ = "proposal_activities"
    label = _l("evidence")
    __table_args__ = (UniqueConstraint("proposal_id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"),
                                             index=True)
    cited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal = relationship("Proposal")
    activity = relationship("Activity", lazy="joined")

    def __repr__(self):
        return f"<ProposalActivity proposal={self.proposal_id} activity={self.activity_id}>"


class ConcernFollowUp(db.Model):
    """One follow-up (督办) of an overdue concern by the secretariat: who, when, the note
    sent to those who must act (the delegate who took it, or the unit it went to)."""

    __tablename__ = "concern_follow_ups"
    label = _l("follow-up")

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id", ondelete="CASCADE"),
                                            index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(String(NOTE_LENGTH))

    by_user = relationship("User")

    def __repr__(self):
        return f"<ConcernFollowUp {self.id} concern={self.concern_id}>"
