"""Report review (听取和审议): tabled reports and their versions, review comments, the
comment digest and resolutions on the reports (group sessions: group_models.py).

A tabled version is frozen. Services check it (`ReportVersion.ensure_draft`), and a flush
listener refuses any change to a tabled version's text or blocks that slipped past them."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Column,
    Enum,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from congress.core.errors import Conflict
from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db


class ReportKind(str, enum.Enum):
    party_committee = "party_committee"
    discipline = "discipline"
    development = "development"
    other = "other"

    @property
    def title(self):
        return {ReportKind.party_committee: _l("Party committee work report"),
                ReportKind.discipline: _l("Discipline commission work report"),
                ReportKind.development: _l("Development proposals"),
                ReportKind.other: _l("Other report")}[self]


class Report(db.Model):
    """A report put before the meeting; its text lives in versions."""

    __tablename__ = "reports"
    label = _l("report")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[ReportKind] = mapped_column(
        Enum(ReportKind, native_enum=False, length=32, create_constraint=True,
             name="report_kind"))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting")
    versions = relationship("ReportVersion", back_populates="report",
                            order_by="ReportVersion.number", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Report {self.id} {self.title}>"

    @property
    def tabled_versions(self):
        return [v for v in self.versions if v.is_tabled]

    @property
    def current_version(self):
        """The version delegates read: the newest tabled one (None before tabling)."""
        tabled = self.tabled_versions
        return tabled[-1] if tabled else None

    @property
    def draft_version(self):
        drafts = [v for v in self.versions if not v.is_tabled]
        return drafts[-1] if drafts else None

    @property
    def is_tabled(self):
        return self.current_version is not None


class ReportVersion(db.Model):
    """One text of a report. A draft can be replaced or discarded; once tabled it is frozen and
    a correction is a new version."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"),
                                           index=True)
    number: Mapped[int]
    source_name: Mapped[str | None] = mapped_column(String(200))
    source_format: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500))  # what a correction changed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    tabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    tabled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    report = relationship(Report, back_populates="versions")
    blocks = relationship("ReportBlock", back_populates="version",
                          order_by="ReportBlock.position", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<ReportVersion {self.id} report={self.report_id} v{self.number}>"

    @property
    def is_tabled(self):
        return self.tabled_at is not None

    @property
    def headings(self):
        return [b for b in self.blocks if b.is_heading]

    @property
    def numbered(self):
        return [b for b in self.blocks if b.number is not None]

    def ensure_draft(self):
        if self.is_tabled:
            raise Conflict(_l("Version %(n)s is tabled and frozen; upload a correction as a "
                              "new version.", n=self.number), code="version_frozen")

    def table(self, actor, when):
        self.ensure_draft()
        self.tabled_at, self.tabled_by_id = when, getattr(actor, "id", None)


class BlockKind(str, enum.Enum):
    heading = "heading"
    paragraph = "paragraph"
    table = "table"


class ReportBlock(db.Model):
    """A heading, paragraph or table of a version. Paragraphs and tables carry the number
    delegates cite (第N段); headings form the table of contents."""

    __tablename__ = "report_blocks"
    __table_args__ = (UniqueConstraint("version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int]
    kind: Mapped[BlockKind] = mapped_column(
        Enum(BlockKind, native_enum=False, length=16, create_constraint=True,
             name="block_kind"))
    level: Mapped[int | None]  # headings: 1 (一、), 2 (（一）), 3, 4
    number: Mapped[int | None]  # paragraphs and tables: 1, 2, 3 ...
    text: Mapped[str] = mapped_column(Text, default="")
    rows: Mapped[list | None] = mapped_column(JSON)  # tables: [[cell, ...], ...]

    version = relationship(ReportVersion, back_populates="blocks")

    def __repr__(self):
        return f"<ReportBlock {self.id} {self.kind.value} #{self.number or '-'}>"

    @property
    def is_heading(self):
        return self.kind is BlockKind.heading

    @property
    def is_table(self):
        return self.kind is BlockKind.table

    @property
    def anchor(self):
        return f"b{self.position}"


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_tabled_versions(session, flush_context, instances):
    """The backstop behind ensure_draft(): no flush may change what a tabled version says."""
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, ReportVersion):
            continue
        state = inspect(obj)
        history = state.attrs.tabled_at.history
        was_tabled = (history.deleted and history.deleted[0] is not None) if \
            history.has_changes() else obj.tabled_at is not None
        if was_tabled and (obj in session.deleted or any(
                state.attrs[name].history.has_changes()
                for name in ("number", "source_format", "source_name", "note", "report_id",
                             "tabled_at"))):
            raise Conflict(_l("A tabled version is frozen."), code="version_frozen")
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if not isinstance(obj, ReportBlock):
            continue
        with session.no_autoflush:
            version = obj.version if obj.version is not None else session.get(
                ReportVersion, obj.version_id)
        if version is None or version.tabled_at is None:
            continue
        if obj in session.new and inspect(version).attrs.tabled_at.history.added:
            continue  # imported and tabled in one transaction
        if obj in session.new or obj in session.deleted or session.is_modified(obj):
            raise Conflict(_l("A tabled version is frozen."), code="version_frozen")


# --- review comments and the digest ---------------------------------------------------------

class ReviewComment(db.Model):
    """A delegate's review comment (审议意见) on a report version, or on one paragraph of it."""

    __tablename__ = "review_comments"
    label = _l("review comment")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"),
                                           index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id", ondelete="CASCADE"))
    block_id: Mapped[int | None] = mapped_column(ForeignKey("report_blocks.id",
                                                            ondelete="CASCADE"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"),
                                             index=True)
    # the author's group when writing: the recorder of that group sees it
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"),
                                               index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting = relationship("Meeting")
    report = relationship(Report)
    version = relationship(ReportVersion)
    block = relationship(ReportBlock)
    delegate = relationship("Delegate")
    delegation = relationship("Delegation")

    def __repr__(self):
        return f"<ReviewComment {self.id} report={self.report_id} block={self.block_id}>"


class DigestItem(db.Model):
    """One entry of the digest (审议意见汇总): the secretariat's wording of one or more merged
    comments on the same report and paragraph. The count is the number of its sources."""

    __tablename__ = "digest_items"
    label = _l("digest entry")

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"),
                                           index=True)
    block_id: Mapped[int | None] = mapped_column(ForeignKey("report_blocks.id",
                                                            ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    report = relationship(Report)
    block = relationship(ReportBlock)
    sources = relationship("DigestSource", back_populates="item", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<DigestItem {self.id} report={self.report_id} n={len(self.sources)}>"

    @property
    def count(self):
        return len(self.sources)


class DigestSource(db.Model):
    """A comment counted in a digest entry; a comment counts in at most one entry."""

    __tablename__ = "digest_sources"

    comment_id: Mapped[int] = mapped_column(ForeignKey("review_comments.id", ondelete="CASCADE"),
                                            primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("digest_items.id", ondelete="CASCADE"),
                                         index=True)

    item = relationship(DigestItem, back_populates="sources")
    comment = relationship(ReviewComment)

    def __repr__(self):
        return f"<DigestSource comment={self.comment_id} item={self.item_id}>"


# --- resolution -----------------------------------------------------------------------------

resolution_reports = Table(
    "resolution_reports", db.metadata,
    Column("resolution_id", ForeignKey("resolutions.id", ondelete="CASCADE"), primary_key=True),
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
)


class Resolution(db.Model):
    """A draft resolution on the reports, put to a motion ballot (赞成/反对/弃权)."""

    __tablename__ = "resolutions"
    label = _l("resolution")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    ballot_id: Mapped[int | None] = mapped_column(ForeignKey("ballots.id", ondelete="SET NULL"),
                                                  unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting = relationship("Meeting")
    ballot = relationship("Ballot")
    reports = relationship(Report, secondary=resolution_reports, order_by=Report.position)

    def __repr__(self):
        return f"<Resolution {self.id} {self.title}>"

    @property
    def is_awaiting_vote(self):
        """Put to the vote: its motion ballot is prepared but not open yet."""
        return self.ballot is not None and not (self.ballot.is_open or self.ballot.is_closed)

    def ensure_editable(self):
        if self.ballot_id is not None:
            raise Conflict(_l("The resolution has been put to the vote; its text is final."),
                           code="resolution_final")
