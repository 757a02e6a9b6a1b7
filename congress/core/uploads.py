"""Uploaded Office files (.xlsx rosters, .docx reports) are ZIP archives whose parts can expand
a thousandfold: a 166 KB workbook that opens to 48 MB, or a 74 KB document of 400,000
paragraphs, keeps a parser busy for tens of seconds and a gigabyte of memory. So before any
parser sees one, its central directory is checked (what every part says it expands to, how
tightly each is compressed, how many parts there are) and, where asked, the tags that make
rows or paragraphs are counted in a streaming pass that stops at the limit.

zipfile never inflates a part past the size its central directory declares (it stops there,
and a wrong CRC raises), so the declared sizes bound what the parsers will read.
"""
import io
import re
import zipfile

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from congress.core.errors import Invalid

# A small part may be compressed as tightly as it likes; past this size the ratio counts
# (Apache POI's ZipSecureFile uses the same idea: ratio 100, checked after a grace of 100 KB)
RATIO_GRACE_BYTES = 100 * 1024
CHUNK = 64 * 1024
MEGABYTE = 1024 * 1024


def limit(name):
    """An import limit from the app's configuration (config.Config's value outside an app,
    e.g. a parser called from a script)."""
    if has_app_context():
        return current_app.config[name]
    from config import Config

    return getattr(Config, name)


def open_office_file(data, unreadable):
    """The upload as an open ZipFile once its central directory is within the limits;
    Invalid(`unreadable`) when it is no ZIP archive at all."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise Invalid(unreadable, field="file") from error
    entries = limit("IMPORT_MAX_ZIP_ENTRIES")
    if len(members) > entries:
        raise Invalid(_l("file: the file holds %(n)s parts, more than the %(limit)s an "
                         "ordinary document has; it is not imported",
                         n=len(members), limit=entries), field="file")
    expanded, most = sum(m.file_size for m in members), limit("IMPORT_MAX_UNCOMPRESSED_BYTES")
    if expanded > most:
        raise Invalid(_l("file: opened, the file would take %(size)s MB; at most %(limit)s MB "
                         "are accepted. Split it into smaller files",
                         size=round(expanded / MEGABYTE, 1), limit=round(most / MEGABYTE, 1)),
                      field="file")
    ratio = limit("IMPORT_MAX_COMPRESSION_RATIO")
    for member in members:
        if member.file_size > RATIO_GRACE_BYTES and \
                member.file_size > ratio * max(member.compress_size, 1):
            raise Invalid(_l("file: part of the file is compressed more than %(ratio)s times, "
                             "which ordinary documents never are; it is not imported",
                             ratio=ratio), field="file")
    return archive


def count_tags(archive, names, pattern, most):
    """How often the bytes `pattern` matches in the parts `names`, read as a stream without
    parsing; counting stops once it passes `most`. `pattern` must match at most 32 bytes (an
    XML start tag's name)."""
    count = 0
    for name in names:
        count += _count_in_part(archive, name, pattern, most - count)
        if count > most:
            break
    return count


def _count_in_part(archive, name, pattern, most):
    count, tail = 0, b""
    with archive.open(name) as stream:
        while count <= most:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            buffer = tail + chunk
            # a match lying wholly in the tail was counted with the previous chunk
            count += sum(1 for match in pattern.finditer(buffer) if match.end() > len(tail))
            tail = buffer[-32:]
    return count


def part_names(archive, prefix, suffix=".xml"):
    return [n for n in archive.namelist() if n.startswith(prefix) and n.endswith(suffix)]


# A WordprocessingML paragraph (<w:p> or <w:p ...>, not <w:pPr>), whatever the prefix
DOCX_PARAGRAPH = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?p[\s>/]")
# A shared string of a workbook (<si>)
XLSX_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?si[\s>/]")
