"""The count's own tables beside the ballot box (ballots/models.py): the tellers' two entries
of the paper ballots (计票), the names written in on an election's papers (另选他人: as secret
as the marks) and an election's scrutineers and tellers."""
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.ballots.models import Ballot, OfficerRole
from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db


class PaperTally(db.Model):
    """One teller's entry of the paper ballots' counts (计票): entry 1 and entry 2 are made
    apart, and the ballot closes only when they agree (ballots/paper.py)."""

    __tablename__ = "ballot_paper_tallies"
    __table_args__ = (CheckConstraint("entry IN (1, 2)", name="entry"),
                      CheckConstraint("invalid <= returned AND invalid >= 0", name="invalid"))

    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"),
                                           primary_key=True)
    entry: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    teller: Mapped[str] = mapped_column(String(64))
    returned: Mapped[int]
    invalid: Mapped[int]
    counts: Mapped[dict] = mapped_column(JSON)  # {subject id: {option id: n}} (strings)
    write_ins: Mapped[dict] = mapped_column(JSON, default=dict)  # {name: n}
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self):
        return f"<PaperTally ballot={self.ballot_id} entry={self.entry}>"

    def figures(self):
        """What two entries must agree on."""
        return {"returned": self.returned, "invalid": self.invalid, "counts": self.counts,
                "write_ins": self.write_ins or {}}


class BallotWriteIn(db.Model):
    """A name written in on one paper (另选他人), beside the marks: like a mark it names its
    paper and nothing else — no voter, no time, no rowid on SQLite — and the close rewrites it
    with the papers (sealing.py)."""

    __tablename__ = "ballot_write_ins"
    __table_args__ = (
        ForeignKeyConstraint(["paper_id", "ballot_id"],
                             ["ballot_papers.id", "ballot_papers.ballot_id"],
                             ondelete="CASCADE", name="fk_ballot_write_ins_paper"),
        {"sqlite_with_rowid": False},
    )

    paper_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    ballot_id: Mapped[int] = mapped_column(index=True)

    def __repr__(self):
        return "<BallotWriteIn>"


class BallotOfficer(db.Model):
    """The election's chief scrutineer (总监票人), scrutineers (监票人) and tellers (计票人), named
    on the record and the result report; a delegate's id when they are one."""

    __tablename__ = "ballot_officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"),
                                           index=True)
    role: Mapped[OfficerRole] = mapped_column(
        Enum(OfficerRole, native_enum=False, length=24, create_constraint=True,
             name="officer_role"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(64))
    delegate_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegates.id", ondelete="SET NULL"))

    ballot = relationship(Ballot, back_populates="officers")

    def __repr__(self):
        return f"<BallotOfficer {self.role.value} {self.name}>"
