"""Loading what the follow-up pages act on, checked: load (404 for what the user does not
reach) → check (403)."""
from flask_login import current_user

from congress.activities.models import Activity
from congress.core.auth import authorize
from congress.core.errors import not_found
from congress.extensions import db
from congress.organisations.models import Organisation
from congress.studios.models import Concern

CHECKS = {
    "overdue": "can_view_overdue_concerns",
    "follow_up": "can_follow_up_concerns",
    "recurring": "can_view_recurring_concerns",
}


def load_organisation_for(oid, purpose):
    """The organisation, if the user reaches it (else 404) and may do `purpose` there."""
    organisation = db.session.get(Organisation, oid)
    if organisation is None or not current_user.reaches(organisation):
        raise not_found(Organisation)
    authorize(getattr(current_user, CHECKS[purpose])(organisation))
    return organisation


def load_concern_for(cid, purpose):
    """A concern of an organisation the user reaches (else 404), for `purpose` (403)."""
    concern = db.session.get(Concern, cid)
    if concern is None or not current_user.reaches(concern.organisation):
        raise not_found(Concern)
    authorize(getattr(current_user, CHECKS[purpose])(concern.organisation))
    return concern


def load_citable_concern(proposal, cid):
    """A concern the proposal may cite: one of its meeting's organisation or below (404
    otherwise: a concern elsewhere does not exist for the proposal)."""
    concern = db.session.get(Concern, cid) if isinstance(cid, int) else None
    if concern is None or not proposal.meeting.organisation.contains(concern.organisation):
        raise not_found(Concern)
    return concern


def load_citable_activity(proposal, aid):
    """An activity the proposal may cite: one of its meeting's organisation or below."""
    activity = db.session.get(Activity, aid) if isinstance(aid, int) else None
    if activity is None or not proposal.meeting.organisation.contains(activity.organisation):
        raise not_found(Activity)
    return activity
