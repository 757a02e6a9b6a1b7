"""Loading a meeting's records, checked, for both doors (pages and the API): load (404) →
check (403), one function per purpose."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.schemas import MAX_ID
from congress.core.auth import authorize
from congress.core.errors import NotFound
from congress.meetings.access import load_meeting
from congress.records import documents, services


def _meeting(mid, may):
    meeting = load_meeting(mid)
    authorize(may(meeting))
    return meeting


def meeting_records(mid):
    """The records centre and its documents: the minutes, result sheets, the digest."""
    return _meeting(mid, current_user.can_view_records)


def meeting_attendance(mid):
    """The attendance sheet and register: they name the absentees."""
    return _meeting(mid, current_user.can_print_attendance)


def meeting_cards(mid):
    """Printing login cards issues new PINs."""
    return _meeting(mid, current_user.can_print_cards)


def meeting_archive(mid):
    return _meeting(mid, current_user.can_download_archive)


def meeting_minutes(mid):
    """The minutes' own text: header, sections, finalising."""
    return _meeting(mid, current_user.can_keep_minutes)


def load_document(meeting, key):
    """One of the meeting's printable documents, by its key (the file name)."""
    document = documents.find(meeting, key)
    if document is None:
        raise NotFound(_l("No such document."))
    return document


def load_minutes_version(meeting, number):
    """A finalised version of the minutes (404 when there is none of that number)."""
    if number > MAX_ID:  # beyond the integer column: no such version, not a database error
        raise NotFound(_l("The minutes have no version %(n)s.", n=number))
    return services.version_of(meeting, number)

