"""Loading a congress and a delegate of its term, checked, for both doors (pages and the
API): another organisation's congress or delegate is not found (404), then the role is
checked (403). The delegates of the term live beside the meetings area: their pages show the
meetings of the term and the attendance at each."""
from flask_login import current_user
from sqlalchemy.orm import joinedload

from congress.core.auth import authorize
from congress.core.errors import not_found
from congress.extensions import db
from congress.organisations.models import Congress
from congress.people.models import Delegate


def load_congress(cid, manage=False):
    """The congress, if the user reaches its organisation; `manage`: to add, edit or
    terminate its delegates (its own secretariat)."""
    congress = db.session.get(Congress, cid)
    if congress is None or not current_user.reaches(congress.organisation):
        raise not_found(Congress)
    authorize(current_user.can_manage_congress(congress) if manage
              else current_user.can_view_congress(congress))
    return congress


def load_term_delegate(did, manage=False):
    """A delegate of the term, if the user reaches its congress's organisation; `manage`: to
    edit or terminate them."""
    # with its congress and organisation (the scope check reads both) and its delegation
    # (every page and answer about a delegate names it)
    delegate = db.session.get(Delegate, did, options=[
        joinedload(Delegate.congress).joinedload(Congress.organisation),
        joinedload(Delegate.delegation)])
    if delegate is None or not current_user.reaches(delegate.congress.organisation):
        raise not_found(Delegate)
    authorize(current_user.can_manage_congress(delegate.congress) if manage
              else current_user.can_view_delegate(delegate))
    return delegate
