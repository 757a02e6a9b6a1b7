"""The write path for reports and review comments: import a report (preview as a draft
version), table it (frozen), correct it (a new version), and the delegates' comments on it.
Group sessions, the digest and resolutions have their own modules beside this one."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from congress.core import live
from congress.core.audit import record
from congress.core.database import end_reading
from congress.core.errors import Conflict, Invalid
from congress.core.time import utcnow
from congress.extensions import db
from congress.people.delegates import check_active
from congress.reports.group_models import GroupSession
from congress.reports.importing import parse_upload
from congress.reports.models import (
    BlockKind,
    Report,
    ReportBlock,
    ReportKind,
    ReportVersion,
    ReviewComment,
)

MAX_COMMENT_CHARS = 2000
MAX_NOTE_CHARS = 500


# --- reports and versions -------------------------------------------------------------------

def _blocks(parsed):
    blocks, number = [], 0
    for position, block in enumerate(parsed.blocks):
        if block.kind == "heading":
            blocks.append(ReportBlock(position=position, kind=BlockKind.heading,
                                      level=block.level, text=block.text))
        else:
            number += 1
            blocks.append(ReportBlock(position=position, kind=BlockKind(block.kind),
                                      number=number, text=block.text,
                                      rows=block.rows if block.kind == "table" else None))
    return blocks


def _version_summary(version):
    counts = {"headings": 0, "paragraphs": 0, "tables": 0}
    for block in version.blocks:
        counts[{"heading": "headings", "paragraph": "paragraphs",
                "table": "tables"}[block.kind.value]] += 1
    return {"report": version.report.title, "version": version.number,
            "source": version.source_name, "format": version.source_format} | counts


def create_report(actor, meeting, *, kind, title, filename, data):
    """A new report from an uploaded file, as draft version 1 for the preview. The file is
    parsed before the write lock is taken (the views are @reads_first)."""
    try:
        kind = ReportKind(kind)
    except ValueError:
        raise Invalid(_l("kind: unknown kind of report"), field="kind") from None
    parsed = parse_upload(filename, data)
    end_reading()
    title = (title or "").strip() or (parsed.title or "").strip()
    if not title:
        raise Invalid(_l("title: give the report a title (the file has none)"), field="title")
    if len(title) > 200:
        raise Invalid(_l("title: at most 200 characters"), field="title")
    position = db.session.scalar(select(func.coalesce(func.max(Report.position), 0)).where(
        Report.meeting_id == meeting.id)) + 1
    report = Report(meeting=meeting, kind=kind, title=title, position=position)
    version = ReportVersion(report=report, number=1, source_name=(filename or "")[-200:],
                            source_format=parsed.format, blocks=_blocks(parsed))
    db.session.add(report)
    db.session.flush()
    record(actor, "report.create", report, meeting=meeting,
           after={"kind": kind.value} | _version_summary(version))
    return report


def import_version(actor, report, *, filename, data, note=None):
    """Replace the draft's text with a new upload, or start a correction (a new version) when
    every existing version is tabled. A correction must say what it changes."""
    parsed = parse_upload(filename, data)
    end_reading()
    db.session.expire(report, ["versions"])  # read again under the write lock
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE_CHARS:
        raise Invalid(_l("note: at most %(n)s characters", n=MAX_NOTE_CHARS), field="note")
    draft = report.draft_version
    if draft is None:
        if report.is_tabled and not note:
            raise Invalid(_l("note: say what the correction changes"), field="note")
        number = max((v.number for v in report.versions), default=0) + 1
        draft = ReportVersion(report=report, number=number)
        db.session.add(draft)
        action = "report.correct" if report.is_tabled else "report.import"
    else:
        draft.ensure_draft()
        draft.blocks = []
        db.session.flush()
        action = "report.reimport"
    draft.source_name, draft.source_format = (filename or "")[-200:], parsed.format
    draft.note = note
    draft.blocks = _blocks(parsed)
    draft.created_at = utcnow()
    db.session.flush()
    record(actor, action, draft, meeting=report.meeting, after=_version_summary(draft)
           | {"note": note})
    return draft


def table_version(actor, version):
    """Table a draft: from now on it is frozen and is what the tablets show."""
    report = version.report
    version.table(actor, utcnow())
    db.session.flush()
    record(actor, "report.table", version, meeting=report.meeting,
           after=_version_summary(version) | {"note": version.note})
    return version


def discard_draft(actor, version):
    version.ensure_draft()
    report = version.report
    record(actor, "report.discard", version, meeting=report.meeting,
           before=_version_summary(version))
    report.versions.remove(version)
    db.session.delete(version)
    db.session.flush()
    if not report.versions:
        record(actor, "report.delete", report, meeting=report.meeting,
               before={"title": report.title})
        db.session.delete(report)
        db.session.flush()


def reports_of(meeting, tabled_only=False):
    reports = db.session.scalars(select(Report).where(Report.meeting_id == meeting.id)
                                 .order_by(Report.position, Report.id)).all()
    return [r for r in reports if r.is_tabled] if tabled_only else reports


def version_of(report, number):
    for version in report.versions:
        if version.number == number:
            return version
    return None


# --- review comments ------------------------------------------------------------------------

def group_session_of(meeting_id, delegation_id):
    """The delegation's group session at the meeting, or None before its first use."""
    return db.session.scalar(select(GroupSession).where(
        GroupSession.meeting_id == meeting_id, GroupSession.delegation_id == delegation_id))


def comments_open_for(meeting_id, delegation_id):
    """Comments can be written and changed until the delegation's group session ends."""
    session = group_session_of(meeting_id, delegation_id)
    return session is None or not session.is_closed


def _ensure_open(meeting_id, delegation_id):
    if not comments_open_for(meeting_id, delegation_id):
        raise Conflict(_l("Your group's session has ended; comments can no longer be written "
                          "or changed."), code="group_session_ended")


def _clean_text(text):
    text = (text or "").strip()
    if not text:
        raise Invalid(_l("text: write your comment first"), field="text")
    if len(text) > MAX_COMMENT_CHARS:
        raise Invalid(_l("text: at most %(n)s characters", n=MAX_COMMENT_CHARS), field="text")
    return text


def announce_group(meeting_id, delegation_id, action):
    """A `report` event: something the group progress shows changed (a comment, a group
    session's status, recorder, notes or attendance), in the change's transaction."""
    live.publish(meeting_id, "report", {"delegation_id": delegation_id, "action": action})


def add_comment(actor, delegate, report, *, text, block_id=None):
    """A comment on the report's current version, on the whole or on one paragraph (not by a
    delegate whose qualification has ended: `delegate_terminated`)."""
    check_active(delegate)
    text = _clean_text(text)
    version = report.current_version
    if version is None:
        raise Conflict(_l("The report has not been tabled yet."), code="report_not_tabled")
    if not delegate.on_roster_of(report.meeting):
        raise Invalid(_l("report: not a report of your meeting"), field="report")
    block = None
    if block_id is not None:
        block = db.session.get(ReportBlock, block_id)
        if block is None or block.version_id != version.id or block.number is None:
            raise Invalid(_l("paragraph_id: not a numbered paragraph of version %(n)s of this "
                             "report", n=version.number), field="paragraph_id")
    _ensure_open(report.meeting_id, delegate.delegation_id)
    comment = ReviewComment(meeting_id=report.meeting_id, report=report, version=version,
                            block=block, delegate=delegate,
                            delegation_id=delegate.delegation_id, text=text)
    db.session.add(comment)
    db.session.flush()
    record(actor, "comment.create", comment, meeting=report.meeting,
           after={"report_id": report.id, "version": version.number,
                  "paragraph": block.number if block else None, "text": text})
    announce_group(report.meeting_id, comment.delegation_id, "comment.create")
    return comment


def update_comment(actor, comment, *, text):
    check_active(comment.delegate)
    text = _clean_text(text)
    _ensure_open(comment.meeting_id, comment.delegation_id)
    before = {"text": comment.text}
    comment.text, comment.updated_at = text, utcnow()
    db.session.flush()
    record(actor, "comment.update", comment, meeting=comment.meeting, before=before,
           after={"text": text})
    announce_group(comment.meeting_id, comment.delegation_id, "comment.update")
    return comment


def delete_comment(actor, comment):
    from congress.reports.models import DigestItem, DigestSource

    _ensure_open(comment.meeting_id, comment.delegation_id)
    record(actor, "comment.delete", comment, meeting=comment.meeting,
           before={"text": comment.text, "report_id": comment.report_id})
    item_ids = db.session.scalars(select(DigestSource.item_id).where(
        DigestSource.comment_id == comment.id)).all()
    text = comment.text
    announce_group(comment.meeting_id, comment.delegation_id, "comment.delete")
    db.session.delete(comment)
    db.session.flush()
    for item in (db.session.get(DigestItem, i) for i in item_ids):
        db.session.refresh(item)
        if not item.sources:  # nothing left to count
            db.session.delete(item)
        elif item.text == text:  # unedited wording of the withdrawn comment: take the next
            item.text = min(item.sources, key=lambda s: s.comment_id).comment.text
    db.session.flush()


def visible_comments(user, report):
    """The comments on a report this user may read: the secretariat all, a delegate their own,
    a group recorder also their group's. Oldest first."""
    query = (select(ReviewComment).where(ReviewComment.report_id == report.id)
             .order_by(ReviewComment.id))
    if user.can_view_all_comments(report.meeting):
        return db.session.scalars(query).all()
    delegate = user.delegate
    if delegate is None or not delegate.on_roster_of(report.meeting):
        return []
    session = group_session_of(report.meeting_id, delegate.delegation_id)
    if session is not None and user.can_keep_group_record(session):
        return db.session.scalars(query.where(or_(
            ReviewComment.delegate_id == delegate.id,
            ReviewComment.delegation_id == delegate.delegation_id))).all()
    return db.session.scalars(query.where(ReviewComment.delegate_id == delegate.id)).all()


def own_comments(delegate, report):
    return db.session.scalars(select(ReviewComment).where(
        ReviewComment.report_id == report.id, ReviewComment.delegate_id == delegate.id)
        .order_by(ReviewComment.id)).all()


def comment_counts(*, meeting=None, delegate=None, report=None):
    """{report id: number of review comments}: of a meeting, of one delegate, or of a report."""
    query = select(ReviewComment.report_id, func.count(ReviewComment.id))
    if meeting is not None:
        query = query.where(ReviewComment.meeting_id == meeting.id)
    if delegate is not None:
        query = query.where(ReviewComment.delegate_id == delegate.id)
    if report is not None:
        query = query.where(ReviewComment.report_id == report.id)
    return dict(db.session.execute(query.group_by(ReviewComment.report_id)).all())
