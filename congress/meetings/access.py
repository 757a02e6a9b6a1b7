"""Loading a meeting and what belongs to it, checked, for both doors (pages and the API):
load (404) → check (403), the first step of every request that acts on a meeting."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.core.auth import authorize
from congress.core.errors import NotFound
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.people.models import Delegate


def load_meeting(mid):
    """The meeting, if the signed-in user may view it."""
    meeting = db.session.get(Meeting, mid)
    if meeting is None:
        raise NotFound(_l("No such %(thing)s.", thing=Meeting.label))
    authorize(current_user.can_view_meeting(meeting))
    return meeting


def load_delegate(meeting, did):
    """A delegate of `meeting` (another meeting's delegate is not found here)."""
    delegate = db.session.get(Delegate, did)
    if delegate is None or delegate.meeting_id != meeting.id:
        raise NotFound(_l("No such %(thing)s.", thing=Delegate.label))
    return delegate
