"""The archive: one zip with every PDF of the meeting (each finalised version of the minutes
too), the XLSX exports and the JSON export of the whole meeting, for the secretariat's
files. Login cards stay out: they carry PINs."""
import io
import json
import zipfile

from congress.core.time import to_local, utcnow
from congress.records import documents, services
from congress.records.export import meeting_export


def file_name(meeting):
    return f"meeting-{meeting.id}-archive-{to_local(utcnow()):%Y%m%d-%H%M}.zip"


def build(actor, meeting):
    version = services.data_version(meeting)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in documents.documents(meeting):  # login cards are not among them
            archive.writestr(document.key, documents.generate(actor, meeting, document))
        for listed in services.versions_of(meeting):
            version_row = services.version_of(meeting, listed.number)
            archive.writestr(f"minutes-v{listed.number}.pdf", version_row.pdf)
        export = meeting_export(meeting, version)
        archive.writestr("meeting.json", json.dumps(export, ensure_ascii=False, indent=1))
        archive.writestr("README.txt", _readme(meeting, version, archive.namelist()))
    data = buffer.getvalue()
    services.log_print(actor, meeting, "archive.zip", data, version)
    return data


def _readme(meeting, version, names):
    lines = [meeting.title, f"data version {version}, made {utcnow().isoformat()}", ""]
    return "\n".join(lines + sorted(names)) + "\n"
