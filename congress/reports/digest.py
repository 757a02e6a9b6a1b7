"""The digest (审议意见汇总): every comment becomes an entry; the secretariat merges
near-duplicates by hand (the count is the number of comments merged), edits the wording, and
prints it through render_pdf()."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from congress.core.audit import record
from congress.core.errors import Invalid
from congress.core.pdf import render_pdf
from congress.core.time import utcnow
from congress.extensions import db
from congress.reports.models import (
    DigestItem,
    DigestSource,
    Report,
    ReportBlock,
    ReportVersion,
    ReviewComment,
)

MAX_ITEM_CHARS = 4000


def compile_digest(actor, meeting):
    """Add an entry for every comment not yet in the digest; entries already edited or merged
    stay as they are. Returns the number of entries added."""
    pending = db.session.scalars(
        select(ReviewComment).where(
            ReviewComment.meeting_id == meeting.id,
            ~select(DigestSource.comment_id).where(
                DigestSource.comment_id == ReviewComment.id).exists())
        .order_by(ReviewComment.id)).all()
    for comment in pending:
        item = DigestItem(report_id=comment.report_id, block_id=comment.block_id,
                          text=comment.text)
        item.sources.append(DigestSource(comment=comment))
        db.session.add(item)
    db.session.flush()
    record(actor, "digest.compile", meeting, meeting=meeting,
           after={"added": len(pending), "comment_ids": [c.id for c in pending]})
    return len(pending)


def merge_items(actor, items, text=None):
    """Merge entries into the first one: its paragraph and (unless `text` is given) its
    wording are kept, every merged comment counts."""
    items = sorted({i.id: i for i in items}.values(), key=lambda i: i.id)
    if len(items) < 2:
        raise Invalid(_l("items: choose at least two entries to merge"), field="items")
    if len({i.report_id for i in items}) != 1:
        raise Invalid(_l("items: only entries on the same report can be merged"), field="items")
    target, others = items[0], items[1:]
    before = {"items": [{"id": i.id, "text": i.text, "count": i.count} for i in items]}
    for other in others:
        for source in list(other.sources):
            other.sources.remove(source)
            target.sources.append(DigestSource(comment_id=source.comment_id))
        db.session.delete(other)
        db.session.flush()  # the merged item's sources go before the target takes them
    if text is not None and text.strip():
        target.text = _clean(text)
    target.updated_at = utcnow()
    db.session.flush()
    record(actor, "digest.merge", target, meeting=target.report.meeting, before=before,
           after={"id": target.id, "text": target.text, "count": target.count})
    return target


def _clean(text):
    text = (text or "").strip()
    if not text:
        raise Invalid(_l("text: must not be empty"), field="text")
    if len(text) > MAX_ITEM_CHARS:
        raise Invalid(_l("text: at most %(n)s characters", n=MAX_ITEM_CHARS), field="text")
    return text


def edit_item(actor, item, text):
    text = _clean(text)
    before = {"text": item.text}
    item.text, item.updated_at = text, utcnow()
    db.session.flush()
    record(actor, "digest.edit", item, meeting=item.report.meeting, before=before,
           after={"text": text})
    return item


def split_item(actor, item):
    """Undo a merge: every comment but the first becomes its own entry again, worded as
    written and on its own paragraph."""
    sources = sorted(item.sources, key=lambda s: s.comment_id)
    if len(sources) < 2:
        raise Invalid(_l("items: this entry has only one comment"), field="items")
    created = []
    for source in sources[1:]:
        comment = source.comment
        item.sources.remove(source)
        db.session.flush()
        new = DigestItem(report_id=item.report_id, block_id=comment.block_id, text=comment.text)
        new.sources.append(DigestSource(comment_id=comment.id))
        db.session.add(new)
        created.append(new)
    db.session.flush()
    record(actor, "digest.split", item, meeting=item.report.meeting,
           after={"kept": item.id, "new": [n.id for n in created]})
    return created


def sections(meeting):
    """[(report, [(block or None, [item, ...]), ...])]: reports in order; within a report the
    entries on the whole report first, then by version and paragraph; most-counted first."""
    items = db.session.execute(
        select(DigestItem, Report, ReportBlock, ReportVersion)
        .join(Report, DigestItem.report_id == Report.id)
        .outerjoin(ReportBlock, DigestItem.block_id == ReportBlock.id)
        .outerjoin(ReportVersion, ReportBlock.version_id == ReportVersion.id)
        .where(Report.meeting_id == meeting.id)).all()
    by_report = {}
    for item, report, block, version in items:
        key = (0, 0, 0) if block is None else (1, version.number, block.position)
        by_report.setdefault(report, {}).setdefault((key, block), []).append(item)
    out = []
    for report in sorted(by_report, key=lambda r: (r.position, r.id)):
        groups = sorted(by_report[report].items(), key=lambda kv: kv[0][0])
        out.append((report, [(block, sorted(entries, key=lambda i: (-i.count, i.id)))
                             for (_key, block), entries in groups]))
    return out


def delegations_of(item):
    """The delegations whose delegates' comments an entry counts, in a stable order."""
    names = {}
    for source in item.sources:
        delegation = source.comment.delegation
        names[delegation.name] = (delegation.position, delegation.id)
    return sorted(names, key=names.get)


def digest_pdf(meeting):
    return render_pdf("records/report_digest.html", meeting=meeting, sections=sections(meeting),
                      delegations_of=delegations_of, generated_at=utcnow())


def uncompiled_count(meeting):
    """Review comments of the meeting not yet compiled into the digest."""
    return db.session.scalar(select(func.count(ReviewComment.id)).where(
        ReviewComment.meeting_id == meeting.id,
        ~select(DigestSource.comment_id).where(
            DigestSource.comment_id == ReviewComment.id).exists()))
