"""The minutes' write path (header, sections, finalising) and the print log.

A finalised version stores the content it was made from, its hash and the PDF, so what was
finalised never changes; any later change of the data or the text makes the next version.
"""
import hashlib

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import defer

from congress.core.audit import AuditEntry, record
from congress.core.database import dialect_name, end_reading
from congress.core.errors import Conflict, Invalid, NotFound
from congress.core.pdf import render_pdf
from congress.core.time import utcnow
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.records.minutes import (
    DEFAULT_SECTIONS,
    content_hash,
    header_of,
    minutes_content,
    minutes_helpers,
)
from congress.records.models import MinutesSection, MinutesVersion, Placement, RecordPrint

HEADING_LIMIT = 100
BODY_LIMIT = 20_000


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
        raise Invalid(_l("placement: must be “opening” or “closing”"), field="placement") from None


def add_section(actor, meeting, *, heading, body, placement):
    """A new section, after the default ones (saved first when they are still unsaved)."""
    ensure_default_sections(actor, meeting)
    return _new_section(actor, meeting, heading=heading, body=body, placement=placement)


def _new_section(actor, meeting, *, heading, body, placement):
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
    """Save the summary and decisions sections every minutes has (until then they are shown
    unsaved) when no section is saved yet; returns the sections it saved."""
    exists = db.session.scalar(select(MinutesSection.id).where(
        MinutesSection.meeting_id == meeting.id).limit(1))
    if exists is not None:
        return []
    return [_new_section(actor, meeting, heading=heading, body="", placement=placement.value)
            for placement, heading in DEFAULT_SECTIONS]


def save_minutes(actor, meeting, *, header, sections, new=None):
    """The whole editor in one save, so saving one part never drops an unsaved change of
    another: the header, each section as shown (`sections`: (saved section or default
    index, data with `remove` for a saved one)) and an optional new section. Only what
    changed is written, each change with its own audit entry."""
    if _header_changed(header_of(meeting), header):
        update_header(actor, meeting, **header)
    defaults = []
    for shown, data in sections:
        remove = data.pop("remove", False)
        if isinstance(shown, int):
            if _changed_default(shown, data):
                defaults.append((shown, data))
        elif remove:
            delete_section(actor, shown)
        elif _section(shown) != _section_data(data):
            update_section(actor, shown, **data)
    _save_defaults(actor, meeting, defaults)
    if new is not None:
        _new_section(actor, meeting, **new)


def _header_changed(row, header):
    lines = "\n".join(line.strip() for line in (header["non_voting"] or "").splitlines()
                      if line.strip())
    return ((row.chair or "", row.recorder or "", row.non_voting or "")
            != ((header["chair"] or "").strip(), (header["recorder"] or "").strip(), lines))


def _section_data(data):
    return {"placement": data["placement"], "heading": (data["heading"] or "").strip(),
            "body": (data["body"] or "").replace("\r\n", "\n").strip()}


def _changed_default(index, data):
    placement, heading = DEFAULT_SECTIONS[index]
    return _section_data(data) != {"placement": placement.value, "heading": heading, "body": ""}


def _save_defaults(actor, meeting, changed):
    """The default sections the editor showed unsaved, with their changed text (all saved
    once; a text becomes a section of its own when someone saved sections in the meantime,
    so nothing typed is lost)."""
    if not changed:
        return
    saved = ensure_default_sections(actor, meeting)
    for index, data in changed:
        if saved:
            update_section(actor, saved[index], **data)
        else:
            _new_section(actor, meeting, **data)


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
    """Freeze the minutes as they are now as the next numbered version.

    The PDF is rendered first (the view is @reads_first: on SQLite in a reader transaction,
    so seconds of rendering hold no write lock); then, under the write lock (and on
    PostgreSQL the meeting's row lock), the content is read again: if it or the latest
    version changed meanwhile, nothing is saved and the secretariat finalises again."""
    content, digest, latest, changed = minutes_state(meeting)
    if not changed:
        raise _unchanged(latest)
    version = MinutesVersion(meeting_id=meeting.id, number=(latest.number if latest else 0) + 1,
                             content=content, content_hash=digest,
                             finalised_at=utcnow(), finalised_by_id=getattr(actor, "id", None),
                             pdf=b"")
    version.pdf = render_minutes(meeting, content, digest, version)
    end_reading()
    db.session.expire_all()  # what the reader loaded may be out of date
    _lock_meeting(meeting)
    _content, digest_now, latest_now, changed_now = minutes_state(meeting)
    if not changed_now:
        raise _unchanged(latest_now)
    if digest_now != digest or getattr(latest_now, "number", 0) + 1 != version.number:
        raise Conflict(_l("The minutes changed while they were being finalised; finalise "
                          "them again."), code="minutes_changed")
    version.data_version = data_version(meeting)
    db.session.add(version)
    db.session.flush()
    record(actor, "minutes.finalise", version, meeting=meeting,
           after={"number": version.number, "sha256": digest})
    return version


def _unchanged(latest):
    return Conflict(_l("Nothing has changed since version %(n)s; it is still the final text.",
                       n=latest.number), code="minutes_unchanged")


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
    """Enter a document in the print log, with the data version it was made from (read before
    it was rendered: on SQLite in the same reader snapshot the document was built from)."""
    end_reading()
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
