"""What the records centre keeps: the minutes' own text (header fields and sections the
secretariat writes), the finalised versions of the minutes, and a log of every generated
document with the data version it was made from."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Enum, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db


class MinutesHeader(db.Model):
    """The minutes' fields that no other record holds: who chaired, who kept the record, who
    attended without a vote (列席). One row per meeting, created on first edit."""

    __tablename__ = "minutes_headers"
    label = _l("minutes")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            unique=True)
    chair: Mapped[str] = mapped_column(String(200), default="")
    recorder: Mapped[str] = mapped_column(String(100), default="")
    non_voting: Mapped[str] = mapped_column(Text, default="")  # one name per line
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting = relationship("Meeting")

    def __repr__(self):
        return f"<MinutesHeader meeting={self.meeting_id}>"

    @property
    def non_voting_names(self):
        return [line.strip() for line in self.non_voting.splitlines() if line.strip()]


class Placement(str, enum.Enum):
    """Where a written section stands: after the header (概况) or after the generated items."""

    opening = "opening"
    closing = "closing"

    @property
    def title(self):
        return {Placement.opening: _l("Before the agenda items"),
                Placement.closing: _l("After the agenda items")}[self]


class MinutesSection(db.Model):
    """A text section the secretariat writes into the minutes (summary, decisions, ...)."""

    __tablename__ = "minutes_sections"
    label = _l("minutes section")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    placement: Mapped[Placement] = mapped_column(
        Enum(Placement, native_enum=False, length=16, create_constraint=True,
             name="minutes_placement"))
    position: Mapped[int] = mapped_column(default=0)
    heading: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self):
        return f"<MinutesSection {self.id} {self.heading}>"


class MinutesVersion(db.Model):
    """A finalised version of the minutes: the content it was rendered from (frozen), its
    SHA-256 (printed in the document) and the PDF itself, so a later change of the data can
    never change what was finalised."""

    __tablename__ = "minutes_versions"
    label = _l("minutes version")
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    number: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    data_version: Mapped[int] = mapped_column(default=0)
    finalised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                   ondelete="SET NULL"))

    finalised_by = relationship("User")

    def __repr__(self):
        return f"<MinutesVersion meeting={self.meeting_id} v{self.number}>"


class RecordPrint(db.Model):
    """One generated document: which, when, by whom, from which data version (the newest
    audit entry of the meeting at that moment) and the SHA-256 of the file."""

    __tablename__ = "record_prints"
    __table_args__ = (Index("ix_record_prints_meeting_id_document", "meeting_id", "document"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    document: Mapped[str] = mapped_column(String(64))
    data_version: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    by_user = relationship("User")

    def __repr__(self):
        return f"<RecordPrint {self.document} meeting={self.meeting_id} at {self.generated_at}>"
