"""Loading organisations and congresses, checked, for both doors (pages and the API):
load (404 for what the user does not reach) → check (403)."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.core.auth import authorize
from congress.core.errors import Invalid, not_found
from congress.extensions import db
from congress.organisations.models import Congress, Organisation
from congress.organisations.services import below


def load_reached_organisation(oid):
    """The organisation, if the signed-in user reaches it (their own, or below it for an
    organiser); what they may do there is the caller's check."""
    organisation = db.session.get(Organisation, oid)
    if organisation is None or not current_user.reaches(organisation):
        raise not_found(Organisation)  # another organisation does not exist for the user
    return organisation


def load_organisation(oid):
    """The organisation, if the signed-in user reaches it and may view it."""
    organisation = load_reached_organisation(oid)
    authorize(current_user.can_view_organisation(organisation))
    return organisation


def load_congress(cid):
    congress = db.session.get(Congress, cid)
    if congress is None or not current_user.reaches(congress.organisation):
        raise not_found(Congress)
    authorize(current_user.can_view_congress(congress))
    return congress


def visible_organisations():
    """The organisations the signed-in user sees: their own, and for an organiser every one
    below it (in tree order)."""
    own = current_user.organisation
    if own is None:
        return []
    return [o for o in below(own) if current_user.reaches(o)]


def visible_tree(organisation):
    """(depth, organisation) of the organisation's part of the tree the user may name: its
    children (their names belong to its own record) and, for an organiser, every level
    below."""
    if current_user.reads_below:  # an organiser reaches every level below (one query)
        return _descendants(organisation)
    return [(1, child) for child in organisation.children]


def _descendants(organisation):
    base = organisation.path.count("/")
    return [(o.path.count("/") - base, o) for o in below(organisation)
            if o.id != organisation.id]


def parent_target(parent_id):
    """The parent named by a body's `parent_id`: one the user reaches (an unknown or
    unreachable id is a wrong field, 422, as every id of a body)."""
    parent = db.session.get(Organisation, parent_id)
    if parent is None or not current_user.reaches(parent):
        raise Invalid(_l("parent_id: no such organisation"), field="parent_id")
    authorize(current_user.can_manage_organisation(parent))
    return parent


def account_target(organisation_id):
    """The organisation a new account goes into: the caller's own (no id), or one the caller
    may create accounts in (their own, or one below for a secretariat or organiser above);
    any other id is a wrong field (422)."""
    if organisation_id is None:
        organisation = current_user.organisation
    else:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None or not (current_user.reaches(organisation)
                                        or current_user.can_manage_organisation(organisation)):
            raise Invalid(_l("organisation_id: no such organisation"), field="organisation_id")
    authorize(current_user.can_create_users_in(organisation))
    return organisation


def account_organisations():
    """The organisations a page offers for a new account: the user's own and, for a
    secretariat or organiser, its children (where they set up the first accounts)."""
    own = current_user.organisation
    return [own] + [child for child in own.children
                    if current_user.can_create_users_in(child)]


def congress_target(congress_id):
    """The congress named by a body's `congress_id` for a new meeting: one of the caller's
    own organisation (any other id is a wrong field, 422)."""
    congress = db.session.get(Congress, congress_id)
    if congress is None or not current_user.acts_in(congress.organisation):
        raise Invalid(_l("congress_id: no such congress"), field="congress_id")
    return congress
