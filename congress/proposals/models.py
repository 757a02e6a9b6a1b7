"""Proposals (提案): the draft and its sponsors, the committee's decision, the assignment to
handling units per handling round, replies, the sponsor's rating, a timeline and an inbox.

State lives on `Proposal.status`; every transition is a guarded method that raises Conflict
(409) in the wrong state. Who may act on one proposal is asked of the proposal
(`proposal.can_sign(user)` ..., permissions.py); the role-wide rules (who lists, reviews,
handles) are `User.can_*` (core/auth.py). The handling rows live in handling_models.py."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.errors import Conflict
from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db
from congress.proposals.permissions import ProposalPermissions


def stored_enum(cls, name, length=24):
    return Enum(cls, native_enum=False, length=length, create_constraint=True, name=name,
                validate_strings=True)


class ProposalStatus(str, enum.Enum):
    draft = "draft"
    submitted = "submitted"      # filed, waiting for the committee
    withdrawn = "withdrawn"
    suggestion = "suggestion"    # filed as a suggestion (意见建议) instead of a proposal
    accepted = "accepted"        # 立案, waiting for assignment
    rejected = "rejected"        # 不予立案, converted to a suggestion
    merged = "merged"            # 并案 into another proposal
    assigned = "assigned"        # 交办, being handled
    replied = "replied"          # 答复, waiting for the sponsor's rating
    closed = "closed"

    @property
    def title(self):
        return STATUS_TITLES[self]


STATUS_TITLES = {
    ProposalStatus.draft: _l("Draft"),
    ProposalStatus.submitted: _l("Filed, under review"),
    ProposalStatus.withdrawn: _l("Withdrawn"),
    ProposalStatus.suggestion: _l("Filed as a suggestion"),
    ProposalStatus.accepted: _l("Accepted, to be assigned"),
    ProposalStatus.rejected: _l("Not accepted (now a suggestion)"),
    ProposalStatus.merged: _l("Merged"),
    ProposalStatus.assigned: _l("Being handled"),
    ProposalStatus.replied: _l("Replied"),
    ProposalStatus.closed: _l("Closed"),
}
# Statuses of a proposal that was filed and not taken back
FILED = (ProposalStatus.submitted, ProposalStatus.accepted, ProposalStatus.rejected,
         ProposalStatus.merged, ProposalStatus.assigned, ProposalStatus.replied,
         ProposalStatus.closed)
# ... of one another proposal may be merged into (并案): under review, accepted or being handled
MERGE_TARGETS = (ProposalStatus.submitted, ProposalStatus.accepted, ProposalStatus.assigned)
# ... and of one the committee accepted (立案)
ACCEPTED = (ProposalStatus.accepted, ProposalStatus.assigned, ProposalStatus.replied,
            ProposalStatus.closed)


class SignerRole(str, enum.Enum):
    lead = "lead"
    cosigner = "cosigner"


class SignerStatus(str, enum.Enum):
    invited = "invited"
    signed = "signed"
    declined = "declined"

    @property
    def title(self):
        return {SignerStatus.invited: _l("Invited"), SignerStatus.signed: _l("Signed"),
                SignerStatus.declined: _l("Declined")}[self]


class Proposal(ProposalPermissions, db.Model):
    __tablename__ = "proposals"
    label = _l("proposal")
    __table_args__ = (
        UniqueConstraint("meeting_id", "number"),
        CheckConstraint("(status = 'merged') = (merged_into_id IS NOT NULL)",
                        name="merged_has_target"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_self_merged"),
        Index("ix_proposals_meeting_id_status", "meeting_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    lead_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"),
                                         index=True)
    number: Mapped[int | None]  # 立案号, given at acceptance
    status: Mapped[ProposalStatus] = mapped_column(stored_enum(ProposalStatus, "proposal_status"),
                                                   default=ProposalStatus.draft)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(50))
    grounds: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=1)  # bumped by every save of the draft
    round: Mapped[int] = mapped_column(default=0)  # handling round: 1 first, 2+ re-handling
    review_reason: Mapped[str | None] = mapped_column(Text)  # the committee's opinion
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                  ondelete="SET NULL"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting = relationship("Meeting")
    lead = relationship("Delegate")
    merged_into = relationship("Proposal", remote_side=[id], back_populates="merged")
    merged = relationship("Proposal", back_populates="merged_into", order_by="Proposal.id")
    signers = relationship("ProposalSigner", back_populates="proposal",
                           order_by="ProposalSigner.id",
                           cascade="all, delete-orphan")
    assignments = relationship("Assignment", back_populates="proposal",
                               order_by="Assignment.id", cascade="all, delete-orphan")
    replies = relationship("Reply", back_populates="proposal", order_by="Reply.round",
                           cascade="all, delete-orphan")
    opinions = relationship("UnitOpinion", order_by="UnitOpinion.id",
                            cascade="all, delete-orphan")
    feedback = relationship("Feedback", order_by="Feedback.round", cascade="all, delete-orphan")
    events = relationship("ProposalEvent", order_by="ProposalEvent.id",
                          cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Proposal {self.id} {self.status.value} {self.title[:20]}>"

    # --- reading ---------------------------------------------------------------------------
    @property
    def is_draft(self):
        return self.status is ProposalStatus.draft

    @property
    def is_submitted(self):
        """Filed and waiting for the committee's review."""
        return self.status is ProposalStatus.submitted

    @property
    def is_accepted(self):
        """Accepted (立案) and waiting to be assigned."""
        return self.status is ProposalStatus.accepted

    @property
    def is_assigned(self):
        return self.status is ProposalStatus.assigned

    @property
    def is_replied(self):
        """Replied to and waiting for the sponsor's rating."""
        return self.status is ProposalStatus.replied

    @property
    def is_turned_down(self):
        """Reviewed without being accepted on its own: rejected or merged into another."""
        return self.status in (ProposalStatus.rejected, ProposalStatus.merged)

    @property
    def is_filed(self):
        return self.status in FILED

    @property
    def signed(self):
        return [s for s in self.signers if s.status is SignerStatus.signed]

    @property
    def invitations(self):
        return [s for s in self.signers if s.role is SignerRole.cosigner
                and s.status is not SignerStatus.signed]

    def signer_for(self, delegate):
        return next((s for s in self.signers if delegate is not None
                     and s.delegate_id == delegate.id), None)

    @property
    def body_length(self):
        return len(self.grounds or "") + len(self.measures or "")

    @property
    def current_assignments(self):
        return [a for a in self.assignments if a.round == self.round and a.ended_at is None]

    @property
    def lead_assignment(self):
        return next((a for a in self.current_assignments if a.is_lead), None)

    @property
    def assisting_assignments(self):
        return [a for a in self.current_assignments if not a.is_lead]

    @property
    def current_reply(self):
        return next((r for r in self.replies if r.round == self.round), None)

    @property
    def latest_reply(self):
        return self.replies[-1] if self.replies else None

    @property
    def latest_feedback(self):
        return self.feedback[-1] if self.feedback else None

    def is_overdue(self, today):
        lead = self.lead_assignment
        return (self.status is ProposalStatus.assigned and lead is not None
                and lead.due_on < today)

    @property
    def display_number(self):
        return f"{self.number:03d}" if self.number else "—"

    # --- guarded transitions ---------------------------------------------------------------
    def _require(self, *statuses, message, code="wrong_state"):
        if self.status not in statuses:
            raise Conflict(message, code=code)

    def require_lead_assignment(self):
        """The current lead unit's assignment: the assignment notice (交办单) exists once the
        proposal is assigned."""
        lead = self.lead_assignment
        if lead is None:
            raise Conflict(_l("The assignment notice exists once the proposal is assigned."),
                           code="not_assigned")
        return lead

    def require_draft(self):
        self._require(ProposalStatus.draft, message=_l(
            "This proposal has been filed; it can no longer be changed."), code="not_draft")

    def file(self, now):
        self.require_draft()
        self.status, self.submitted_at = ProposalStatus.submitted, now

    def file_as_suggestion(self, now):
        self.require_draft()
        self.status, self.submitted_at = ProposalStatus.suggestion, now

    def withdraw(self):
        self._require(ProposalStatus.draft, ProposalStatus.submitted, message=_l(
            "A proposal can be withdrawn only until the committee has reviewed it."))
        self.status = ProposalStatus.withdrawn

    def _require_submitted(self):
        self._require(ProposalStatus.submitted, message=_l(
            "Only a filed proposal that has not been reviewed can be reviewed."),
            code="not_submitted")

    def accept(self, now, number):
        self._require_submitted()
        self.status, self.reviewed_at, self.number = ProposalStatus.accepted, now, number

    def reject(self, now):
        self._require_submitted()
        self.status, self.reviewed_at = ProposalStatus.rejected, now

    def merge_into(self, target, now):
        self._require_submitted()
        self.status, self.reviewed_at, self.merged_into = ProposalStatus.merged, now, target
        self.merged_into_id = target.id

    def assign(self):
        self._require(ProposalStatus.accepted, message=_l(
            "Only an accepted proposal waiting for assignment can be assigned."),
            code="not_accepted")
        self.status = ProposalStatus.assigned
        self.round = max(self.round, 1)

    def returned(self):
        self._require(ProposalStatus.assigned, message=_l("The proposal is not being handled."),
                      code="not_assigned")
        self.status = ProposalStatus.accepted

    def replied(self):
        self._require(ProposalStatus.assigned, message=_l(
            "Only a proposal being handled can be replied to."), code="not_assigned")
        self.status = ProposalStatus.replied

    def rated(self, now, *, satisfied):
        """The sponsor's rating: satisfied (or basically) closes it; unsatisfied starts the
        next handling round."""
        self._require(ProposalStatus.replied, message=_l(
            "There is no reply waiting for your rating."), code="not_replied")
        if not satisfied:
            self.status, self.round = ProposalStatus.assigned, self.round + 1
        else:
            self.status, self.closed_at = ProposalStatus.closed, now


class ProposalSigner(db.Model):
    """The lead sponsor (领衔) and each invited co-signer (附议), with their answer."""

    __tablename__ = "proposal_signers"
    __table_args__ = (UniqueConstraint("proposal_id", "delegate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"),
                                             index=True)
    role: Mapped[SignerRole] = mapped_column(stored_enum(SignerRole, "signer_role", 16))
    status: Mapped[SignerStatus] = mapped_column(stored_enum(SignerStatus, "signer_status", 16))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal = relationship(Proposal, back_populates="signers")
    delegate = relationship("Delegate")

    @property
    def is_lead(self):
        return self.role is SignerRole.lead

    @property
    def has_signed(self):
        return self.status is SignerStatus.signed

    @property
    def has_declined(self):
        return self.status is SignerStatus.declined

    def __repr__(self):
        return f"<ProposalSigner {self.proposal_id}:{self.delegate_id} {self.status.value}>"


class ProposalEvent(db.Model):
    """One step of a proposal's timeline, shown to everyone who may see the proposal."""

    __tablename__ = "proposal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User")

    def __repr__(self):
        return f"<ProposalEvent {self.proposal_id} {self.kind}>"


class ProposalNotice(db.Model):
    """A delegate's inbox entry: an invitation, a decision, a reply."""

    __tablename__ = "proposal_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"),
                                             index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal = relationship(Proposal)

    def __repr__(self):
        return f"<ProposalNotice {self.delegate_id} {self.kind}>"
