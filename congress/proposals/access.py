"""Loading a proposal (and what the proposal pages print) checked, for both doors: load (404)
→ may the user see it (403) → may the user do this to it (403). The pages (views.py, desk.py)
and the API (api.py) call the same functions, so they cannot disagree."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.core.auth import authorize
from congress.core.errors import NotFound
from congress.extensions import db
from congress.meetings.access import load_meeting, reached
from congress.people.models import HandlingUnit
from congress.proposals import queries
from congress.proposals.models import Proposal

# what the user means to do with the proposal → who may (besides seeing it)
PURPOSES = {
    "view": lambda proposal, user: True,
    "edit": Proposal.can_edit,  # the draft, invitations, filing, withdrawing
    "sign": Proposal.can_sign,  # co-sign or decline
    "review": lambda proposal, user: user.can_review_proposals(proposal.meeting),
    "compare": lambda proposal, user: user.can_list_proposals(proposal.meeting),
    "reply": Proposal.can_reply,
    "opinion": Proposal.can_send_opinion,
    "return": Proposal.can_return,
    "rate": Proposal.can_rate,
    "print": Proposal.can_print_notice,
}


def load_proposal(pid, for_="view"):
    """The proposal, if the signed-in user may see it and act on it `for_` a purpose above."""
    proposal = db.session.get(Proposal, pid)
    reached(proposal, proposal and proposal.meeting, Proposal)
    authorize(proposal.can_view(current_user))
    authorize(PURPOSES[for_](proposal, current_user))
    return proposal


def load_follow_up_meeting(mid):
    """A meeting whose follow-up list, statistics and printed proposal records the signed-in
    user may see."""
    meeting = load_meeting(mid)
    authorize(current_user.can_follow_up_proposals(meeting))
    return meeting


def load_unit(uid):
    """A handling unit whose assignment notices the signed-in user may print."""
    unit = db.session.get(HandlingUnit, uid)
    if unit is None or not current_user.reaches(unit.organisation):
        raise NotFound(_l("No such %(thing)s.", thing=HandlingUnit.label))
    authorize(current_user.can_print_unit_notice(unit))
    return unit


def own_unit():
    """The signed-in handling unit user's own unit (its inbox)."""
    authorize(current_user.can_handle_proposals())
    return db.session.get(HandlingUnit, current_user.unit_id)


def own_delegate():
    """The signed-in delegate (their notices and invitations)."""
    delegate = current_user.delegate
    authorize(delegate is not None)
    return delegate


def sees_unit_work(user, meeting):
    """Assignments and the assisting units' views are shown to the committee and staff and to
    the units, not to the sponsors."""
    return user.can_list_proposals(meeting) or user.can_handle_proposals()


def visible_proposals(user, meeting):
    """The proposals of a meeting the user may list: every filed one for the committee and
    staff, one's own (led or co-signed) for a delegate, the assigned ones for a unit."""
    if user.can_list_proposals(meeting):
        return queries.meeting_proposals(meeting)
    if user.can_draft_proposals(meeting):
        return queries.signed_by(user.delegate)
    if user.can_handle_proposals():
        return queries.assigned_to(user.unit_id, meeting)
    return []
