"""The archive: one zip with every PDF of the meeting (each finalised version of the minutes
too), the XLSX exports and the JSON export of the whole meeting, for the secretariat's
files. Login cards stay out: they carry PINs.

Built by a job (congress/records/jobs.py): each document is read and rendered in a reader
stretch of its own (no write lock on SQLite), progress after each; the print log is written
at the end in one short transaction."""
import io
import json
import re
import zipfile

from flask import current_app
from flask_babel import force_locale, gettext as _

from congress.core import web
from congress.core.job_worker import reading
from congress.core.time import to_local, utcnow
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.records import documents, services
from congress.records.export import meeting_export


def member_name(title, key, taken=()):
    """A file's name inside the archive: its title in the meeting's language ("纪要.pdf",
    "提案登记表.xlsx"), safe on every file system, unique among `taken`."""
    name = re.sub(r"\s*[（(]XLSX[）)]", "", str(title))
    name = re.sub(r'[\\/:*?"<>|：]', "_", name).strip() or key
    name += key[key.rindex("."):]
    return name if name not in taken else f"{name[:name.rindex('.')]}_{key}"


def _in_meeting_language():
    return force_locale(current_app.config["BABEL_DEFAULT_LOCALE"])


def file_name(meeting):
    """The zip's own name: "<meeting>归档包_20260302-1830.zip" (in the meeting's language)."""
    return web.file_name(meeting.title, _("Archive (ZIP)"),
                         f"_{to_local(utcnow()):%Y%m%d-%H%M}", ext=".zip")


def pack(meeting_id, progress=lambda fraction: None):
    """(the zip's bytes, its file name, the print log entries [(key, bytes, data version)]).
    Opens and closes its own reader stretches: call it with no transaction open."""
    with reading():
        meeting = db.session.get(Meeting, meeting_id)
        keys = [d.key for d in documents.documents(meeting)]  # login cards are not among them
        numbers = [v.number for v in services.versions_of(meeting)]
        names = {}
        with _in_meeting_language():
            name = file_name(meeting)
            for document in documents.documents(meeting):
                names[document.key] = member_name(document.title, document.key,
                                                  set(names.values()))
            for number in numbers:
                key = f"minutes-v{number}.pdf"
                names[key] = member_name(_("Minutes, version %(n)s", n=number), key,
                                         set(names.values()))
            names["meeting.json"] = _("Meeting data") + ".json"
            names["README.txt"] = _("About this archive") + ".txt"
    steps = len(keys) + len(numbers) + 1
    buffer = io.BytesIO()
    prints = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, key in enumerate(keys, start=1):
            with reading():
                meeting = db.session.get(Meeting, meeting_id)
                document = documents.find(meeting, key)
                version = services.data_version(meeting, document.prefixes)
                data = document.build(meeting)
            archive.writestr(names[key], data)
            prints.append((key, data, version))
            progress(done / steps)
        with reading():
            meeting = db.session.get(Meeting, meeting_id)
            for number in numbers:
                archive.writestr(names[f"minutes-v{number}.pdf"],
                                 services.version_of(meeting, number).pdf)
            version = services.data_version(meeting)
            export = meeting_export(meeting, version)
            title = meeting.title
        archive.writestr(names["meeting.json"], json.dumps(export, ensure_ascii=False, indent=1))
        with _in_meeting_language():
            readme = _readme(title, version, archive.namelist())
        archive.writestr(names["README.txt"], readme)
    data = buffer.getvalue()
    prints.append(("archive.zip", data, version))
    return data, name, prints


def log_prints(actor, meeting, prints):
    """The print log of a packed archive (in the caller's transaction)."""
    for key, data, version in prints:
        services.log_print(actor, meeting, key, data, version)


def _readme(title, version, names):
    made = f"{to_local(utcnow()):%Y-%m-%d %H:%M}"
    lines = [title, _("Data version %(version)s, packed on %(at)s.", version=version, at=made),
             "", _("Files in this archive:")]
    return "\n".join(lines + sorted(names)) + "\n"
