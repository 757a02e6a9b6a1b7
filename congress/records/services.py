"""The minutes' write path (header, sections, finalising) and the print log.

A finalised version stores the content it was made from, its hash and the PDF, so what was
finalised never changes; any later change of the data or the text makes the next version.
"""
import hashlib

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import defer

from congress.core.audit import AuditEntry, record
from congress.core.database import dialect_name
from congress.core.errors import Conflict, Invalid, NotFound
from congress.core.pdf import render_pdf
from congress.core.time import utcnow
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.records.minutes import content_hash, header_of, minutes_content, minutes_helpers
from congress.records.models import (MinutesSection, MinutesVersion, Placement,
                                     RecordPrint)

HEADING_LIMIT = 100
BODY_LIMIT = 20_000
DEFAULT_SECTIONS = ((Placement.opening, "会议概况"), (Placement.closing, "会议决定事项"))


def _text(value, name, limit, *, required=False):
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(_l("%(name)s: must be text", name=name), field=name)
    value = value.replace("\r\n", "\n").strip()
    if required and not value:
        raise Invalid(_l("%(name)s: must not be empty", name=name), field=name)
    if len(value) > limit:
        raise Invalid(_l("%(name)s: at most %(n)s characters", name=name, n=limit), field=name)
    return value


# --- the minutes' own text ------------------------------------------------------------------

def update_header(actor, meeting, *, chair, recorder, non_voting):
    header = header_of(meeting)
    before = {"chair": header.chair, "recorder": header.recorder,
              "non_voting": header.non_voting}
    header.chair = _text(chair, "chair", 200)
    header.recorder = _text(recorder, "recorder", 100)
    header.non_voting = "\n".join(
        line.strip() for line in _text(non_voting, "non_voting", 5000).splitlines()
        if line.strip())
    header.updated_at = utcnow()
    db.session.add(header)
    db.session.flush()
    record(actor, "minutes.header", header, meeting=meeting, before=before,
           after={"chair": header.chair, "recorder": header.recorder,
                  "non_voting": header.non_voting})
    return header


def _placement(value):
    try:
        return Placement(value)
    except ValueError:
        raise Invalid(_l("placement: must be “opening” or “closing”"), field="placement")


def add_section(actor, meeting, *, heading, body, placement):
    placement = _placement(placement)
    last = db.session.scalar(select(func.max(MinutesSection.position)).where(
        MinutesSection.meeting_id == meeting.id))
    section = MinutesSection(meeting_id=meeting.id, placement=placement,
                             position=(last or 0) + 1,
                             heading=_text(heading, "heading", HEADING_LIMIT, required=True),
                             body=_text(body, "body", BODY_LIMIT))
    db.session.add(section)
    db.session.flush()
    record(actor, "minutes.section_add", section, meeting=meeting, after=_section(section))
    return section


def update_section(actor, section, *, heading, body, placement):
    before = _section(section)
    section.placement = _placement(placement)
    section.heading = _text(heading, "heading", HEADING_LIMIT, required=True)
    section.body = _text(body, "body", BODY_LIMIT)
    section.updated_at = utcnow()
    db.session.flush()
    record(actor, "minutes.section_update", section, meeting=_meeting(section), before=before,
           after=_section(section))
    return section


def delete_section(actor, section):
    record(actor, "minutes.section_delete", section, meeting=_meeting(section),
           before=_section(section))
    db.session.delete(section)
    db.session.flush()


def ensure_default_sections(actor, meeting):
    """The summary and decisions sections every minutes has, added once for the secretariat
    to fill in."""
    exists = db.session.scalar(select(MinutesSection.id).where(
        MinutesSection.meeting_id == meeting.id).limit(1))
    if exists is None:
        for placement, heading in DEFAULT_SECTIONS:
            add_section(actor, meeting, heading=heading, body="", placement=placement.value)


def _section(section):
    return {"placement": section.placement.value, "heading": section.heading,
            "body": section.body}


def _meeting(section):
    return db.session.get(Meeting, section.meeting_id)


# --- versions ---------------------------------------------------------------------------------

def versions_of(meeting):
    """The finalised versions, newest first (the PDFs are not loaded)."""
    return db.session.scalars(
        select(MinutesVersion).where(MinutesVersion.meeting_id == meeting.id)
        .options(defer(MinutesVersion.pdf), defer(MinutesVersion.content))
        .order_by(MinutesVersion.number.desc())).all()


def version_of(meeting, number):
    version = db.session.scalar(select(MinutesVersion).where(
        MinutesVersion.meeting_id == meeting.id, MinutesVersion.number == number))
    if version is None:
        raise NotFound(_l("The minutes have no version %(n)s.", n=number))
    return version


def latest_version(meeting):
    versions = versions_of(meeting)
    return versions[0] if versions else None


def minutes_state(meeting):
    """(content, hash, latest version or None, whether the draft differs from it)."""
    content = minutes_content(meeting)
    digest = content_hash(content)
    latest = latest_version(meeting)
    return content, digest, latest, latest is None or latest.content_hash != digest


def render_minutes(meeting, content, digest, version=None):
    return render_pdf("records/minutes.html", meeting=meeting, content=content, digest=digest,
                      version=version, **minutes_helpers())


def finalise_minutes(actor, meeting):
    """Freeze the minutes as they are now as the next numbered version."""
    _lock_meeting(meeting)
    content, digest, latest, changed = minutes_state(meeting)
    if not changed:
        raise Conflict(_l("Nothing has changed since version %(n)s; it is still the final "
                          "text.", n=latest.number), code="minutes_unchanged")
    version = MinutesVersion(meeting_id=meeting.id, number=(latest.number if latest else 0) + 1,
                             content=content, content_hash=digest,
                             data_version=data_version(meeting),
                             finalised_at=utcnow(), finalised_by_id=getattr(actor, "id", None),
                             pdf=b"")
    version.pdf = render_minutes(meeting, content, digest, version)
    db.session.add(version)
    db.session.flush()
    record(actor, "minutes.finalise", version, meeting=meeting,
           after={"number": version.number, "sha256": digest})
    return version


def _lock_meeting(meeting):
    """Two secretaries finalising at once get consecutive numbers (PostgreSQL row lock; SQLite
    writers are serialised by BEGIN IMMEDIATE; the unique (meeting, number) backs both)."""
    if dialect_name() == "postgresql":
        db.session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())


# --- data versions and the print log ----------------------------------------------------------

def data_version(meeting, prefixes=None):
    """The id of the meeting's newest audit entry (of the given actions): every change writes
    one, so the id names the state of the data a document was made from."""
    query = select(func.max(AuditEntry.id)).where(AuditEntry.meeting_id == meeting.id)
    if prefixes:
        query = query.where(or_(*(AuditEntry.action.startswith(p) for p in prefixes)))
    return db.session.scalar(query) or 0


def log_print(actor, meeting, document, data, version):
    entry = RecordPrint(meeting_id=meeting.id, document=document, data_version=version,
                        sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                        generated_at=utcnow(), by_user_id=getattr(actor, "id", None))
    db.session.add(entry)
    return entry


def last_prints(meeting):
    """{document key: its newest RecordPrint}, in one query."""
    newest = (select(RecordPrint.document, func.max(RecordPrint.id).label("id"))
              .where(RecordPrint.meeting_id == meeting.id)
              .group_by(RecordPrint.document).subquery())
    rows = db.session.scalars(select(RecordPrint).join(newest, newest.c.id == RecordPrint.id))
    return {row.document: row for row in rows}
