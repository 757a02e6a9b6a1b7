"""Ballots. Secrecy lives in the schema: Participation says *who* voted, BallotPaper and
BallotMark say *what* was chosen, BallotReceipt proves that a paper was counted, and nothing
joins the three — no voter column, no time column, no receipt on a paper, random paper ids,
and (on SQLite) no rowid that would keep the order of arrival.

The schema alone is not enough: rows written by one vote share PostgreSQL's transaction id
(`xmin`), they sit in storage in the order of voting, and SQLite's WAL keeps every vote's pages.
So the close rewrites the ballot's rows under its own transaction in an order that is not the
order of voting, and after it commits, rewrites their storage (see ballots/sealing.py)."""
import enum
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.ballots.strokes import stroke_sorted
from congress.core.errors import Conflict
from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db


class BallotKind(str, enum.Enum):
    rating = "rating"
    motion = "motion"
    election = "election"

    @property
    def title(self):
        return {BallotKind.rating: _l("Rating ballot"), BallotKind.motion: _l("Motion"),
                BallotKind.election: _l("Election")}[self]


class ElectBase(str, enum.Enum):
    """Of whom a candidate needs more than half the 赞成 votes: the delegates due (应到, the
    rule for a congress) or those present (实到, grassroots-style elections)."""
    due = "due"
    present = "present"

    @property
    def title(self):
        return {ElectBase.due: _l("Delegates due"),
                ElectBase.present: _l("Delegates present")}[self]


class OfficerRole(str, enum.Enum):
    chief_scrutineer = "chief_scrutineer"   # 总监票人
    scrutineer = "scrutineer"               # 监票人
    teller = "teller"                       # 计票人

    @property
    def title(self):
        return {OfficerRole.chief_scrutineer: _l("Chief scrutineer"),
                OfficerRole.scrutineer: _l("Scrutineer"), OfficerRole.teller: _l("Teller")}[self]


class BallotStatus(str, enum.Enum):
    draft = "draft"
    open = "open"
    closed = "closed"

    @property
    def title(self):
        return {BallotStatus.draft: _l("Not yet open"), BallotStatus.open: _l("Voting"),
                BallotStatus.closed: _l("Closed")}[self]


class Ballot(db.Model):
    __tablename__ = "ballots"
    label = _l("ballot")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[BallotKind] = mapped_column(
        Enum(BallotKind, native_enum=False, length=16, create_constraint=True, name="ballot_kind"))
    status: Mapped[BallotStatus] = mapped_column(
        Enum(BallotStatus, native_enum=False, length=16, create_constraint=True,
             name="ballot_status"), default=BallotStatus.draft)
    # a motion passes when its favourable votes exceed this share of those present
    pass_ratio: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=0.5)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # frozen at close: 应到, 实到 (= eligible, the ballots issued), cast
    due_at_close: Mapped[int | None]
    present_at_close: Mapped[int | None]
    cast_count: Mapped[int | None]
    blank_count: Mapped[int | None]
    receipts_digest: Mapped[str | None] = mapped_column(String(64))
    # frozen at close when papers were issued (ballots/paper.py): 发出, 收回 (the invalid
    # papers are invalid_count below, set for every kind)
    papers_issued: Mapped[int | None]
    papers_returned: Mapped[int | None]
    # elections (kind election; null or default for the other kinds)
    seats: Mapped[int | None]
    write_ins: Mapped[bool] = mapped_column(default=False)
    elect_base: Mapped[ElectBase] = mapped_column(
        Enum(ElectBase, native_enum=False, length=16, create_constraint=True, name="elect_base"),
        default=ElectBase.due)
    round_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("ballots.id", ondelete="SET NULL"), index=True)
    # frozen at close: valid (tablet votes + papers returned − invalid) and invalid papers
    # (every kind, ballots/services.close_ballot); elections: write-ins [{name, votes}] and
    # the further round needed (null, or {"seats", "subject_ids"})
    invalid_count: Mapped[int | None]
    valid_count: Mapped[int | None]
    write_in_results: Mapped[list | None] = mapped_column(JSON)
    runoff_needed: Mapped[dict | None] = mapped_column(JSON)

    meeting = relationship("Meeting")
    round_of = relationship("Ballot", remote_side=[id], foreign_keys=[round_of_id])
    officers = relationship("BallotOfficer", back_populates="ballot",
                            order_by="BallotOfficer.position", cascade="all, delete-orphan")
    subjects = relationship("BallotSubject", back_populates="ballot",
                            order_by="BallotSubject.position", cascade="all, delete-orphan")
    options = relationship("BallotOption", back_populates="ballot",
                           order_by="BallotOption.position", cascade="all, delete-orphan")
    results = relationship("SubjectResult", order_by="SubjectResult.position",
                           cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Ballot {self.id} {self.kind.value} {self.status.value}>"

    @property
    def is_draft(self):
        return self.status is BallotStatus.draft

    @property
    def is_open(self):
        return self.status is BallotStatus.open

    @property
    def is_closed(self):
        return self.status is BallotStatus.closed

    @property
    def is_rating(self):
        return self.kind is BallotKind.rating

    @property
    def elects_by_due(self):
        """The majority is of the delegates due (应到), not of those present (实到)."""
        return self.elect_base is ElectBase.due

    @property
    def is_election(self):
        return self.kind is BallotKind.election

    @property
    def elected_names(self):
        """The names elected in this closed election — candidates and names written in — in
        surname stroke order (the announcement, the projector, the result report)."""
        if not self.is_election or not self.is_closed:
            return []
        names = [r.subject.title for r in self.results if r.elected]
        names += [w["name"] for w in self.write_in_results or () if w.get("elected")]
        return stroke_sorted(names)

    @property
    def has_papers(self):
        """Whether paper ballots joined this closed ballot's count."""
        return bool(self.papers_issued)

    @property
    def paper_valid_count(self):
        """The valid paper ballots counted at close: returned less invalid."""
        return (self.papers_returned or 0) - (self.invalid_count or 0)

    def require_closed(self):
        """Receipts and the result sheet exist only once the ballot is closed (both doors
        ask here)."""
        if not self.is_closed:
            raise Conflict(_l("The ballot is not closed yet: its receipts and result sheet "
                              "are published when it closes."), code="ballot_not_closed")

    def open(self):
        if self.status is not BallotStatus.draft:
            raise Conflict(_l("Only a ballot that has not been opened can be opened."),
                           code="ballot_not_draft")
        self.status, self.opened_at = BallotStatus.open, utcnow()

    def close(self):
        if self.status is not BallotStatus.open:
            raise Conflict(_l("The ballot is not open."), code="ballot_not_open")
        self.status, self.closed_at = BallotStatus.closed, utcnow()


class BallotSubject(db.Model):
    """What is voted on: the person rated (测评对象) or the motion's text."""

    __tablename__ = "ballot_subjects"
    __table_args__ = (UniqueConstraint("id", "ballot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))

    ballot = relationship(Ballot, back_populates="subjects")

    def __repr__(self):
        return f"<BallotSubject {self.id} {self.title}>"


class BallotOption(db.Model):
    """A level of the scale (好/较好/一般/差) or a motion answer (赞成/反对/弃权)."""

    __tablename__ = "ballot_options"
    __table_args__ = (UniqueConstraint("id", "ballot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(32))
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 4))
    is_favourable: Mapped[bool] = mapped_column(default=False)

    ballot = relationship(Ballot, back_populates="options")

    def __repr__(self):
        return f"<BallotOption {self.id} {self.label}>"


class ParticipationChannel(str, enum.Enum):
    """How a delegate takes part in a ballot: on the tablet, or with a paper the secretariat
    issued (ballots/paper.py). One participation row per delegate and ballot, so one channel."""
    tablet = "tablet"
    paper = "paper"


class Participation(db.Model):
    """That a delegate voted — never what. One per delegate and ballot, by the primary key.

    While the ballot is open, `replay_check` and `receipt_box` let a resent submission (same
    client idempotency key) get its receipt back: the box is the receipt XOR a pad derived from
    the key, which the server does not keep, so the table alone does not reveal which receipt is
    whose. The close clears both (a closed ballot takes no resend) and rewrites the rows in
    delegate order.
    """

    __tablename__ = "ballot_participations"
    __table_args__ = {"sqlite_with_rowid": False}

    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"),
                                           primary_key=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"),
                                             primary_key=True)
    replay_check: Mapped[str | None] = mapped_column(String(64))
    receipt_box: Mapped[str | None] = mapped_column(String(64))
    # the vote's INSERT (casting.py) leaves it to the server default; a paper issue writes it
    channel: Mapped[ParticipationChannel] = mapped_column(
        Enum(ParticipationChannel, native_enum=False, length=8, create_constraint=True,
             name="participation_channel"), default=ParticipationChannel.tablet,
        server_default=ParticipationChannel.tablet.value)

    @property
    def is_paper(self):
        return self.channel is ParticipationChannel.paper

    def __repr__(self):
        return f"<Participation ballot={self.ballot_id} delegate={self.delegate_id}>"


class BallotPaper(db.Model):
    """One cast ballot paper: a random id; no voter, no time, no receipt. The close gives every
    paper of the ballot a new random id, so an id seen while the ballot was open names nothing
    after it."""

    __tablename__ = "ballot_papers"
    __table_args__ = (UniqueConstraint("id", "ballot_id"), {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"),
                                           index=True)

    def __repr__(self):
        return f"<BallotPaper {self.id[:6]}…>"


class BallotReceipt(db.Model):
    """A receipt handed to a voter: proof that their paper is in the count, nothing more. It
    names no paper and no voter, so the published list (and the archive) shows which receipts
    were counted, never what any of them chose."""

    __tablename__ = "ballot_receipts"
    __table_args__ = {"sqlite_with_rowid": False}

    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"),
                                           primary_key=True)
    receipt: Mapped[str] = mapped_column(String(16), primary_key=True)

    def __repr__(self):
        return f"<BallotReceipt ballot={self.ballot_id} {self.receipt}>"


class BallotMark(db.Model):
    """The option marked for one subject on one paper. An unmarked subject is an abstention.
    The composite foreign keys make a mark's paper, subject and option belong to one ballot."""

    __tablename__ = "ballot_marks"
    __table_args__ = (
        ForeignKeyConstraint(["paper_id", "ballot_id"],
                             ["ballot_papers.id", "ballot_papers.ballot_id"],
                             ondelete="CASCADE", name="fk_ballot_marks_paper"),
        ForeignKeyConstraint(["subject_id", "ballot_id"],
                             ["ballot_subjects.id", "ballot_subjects.ballot_id"],
                             ondelete="CASCADE", name="fk_ballot_marks_subject"),
        ForeignKeyConstraint(["option_id", "ballot_id"],
                             ["ballot_options.id", "ballot_options.ballot_id"],
                             ondelete="CASCADE", name="fk_ballot_marks_option"),
        {"sqlite_with_rowid": False},
    )

    paper_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject_id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(index=True)
    option_id: Mapped[int]

    def __repr__(self):
        return f"<BallotMark subject={self.subject_id} option={self.option_id}>"


class SubjectResult(db.Model):
    """The frozen result for one subject, computed from the marks at close."""

    __tablename__ = "ballot_subject_results"

    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"),
                                           primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("ballot_subjects.id", ondelete="CASCADE"),
                                            primary_key=True)
    position: Mapped[int]
    counts: Mapped[dict] = mapped_column(JSON)  # {option id (str): votes}
    abstain: Mapped[int]
    favourable_rate: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    score: Mapped[Decimal | None] = mapped_column(Numeric(9, 4))
    rank: Mapped[int | None]
    passed: Mapped[bool | None]
    # elections: 赞成 votes (tablet and paper) and whether the candidate is elected
    votes_for: Mapped[int | None]
    elected: Mapped[bool | None]
    # the part of `counts` that came from the paper ballots (None: no papers)
    paper_counts: Mapped[dict | None] = mapped_column(JSON)

    subject = relationship(BallotSubject)

    def electronic_count(self, option_id):
        return self.counts.get(str(option_id), 0) - self.paper_count(option_id)

    def paper_count(self, option_id):
        return (self.paper_counts or {}).get(str(option_id), 0)

    def __repr__(self):
        return f"<SubjectResult ballot={self.ballot_id} subject={self.subject_id}>"
