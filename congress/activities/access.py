"""Loading what term work acts on, checked, for both doors (pages and the API): another
organisation's organisation, congress, delegate or contact is not found (404), then the role is
checked (403)."""
from flask_login import current_user

from congress.activities.models import Contact
from congress.core.auth import authorize
from congress.core.errors import not_found
from congress.extensions import db
from congress.meetings.delegate_access import load_congress, load_term_delegate
from congress.organisations.models import Organisation


def load_term_organisation(oid, manage=False):
    """The organisation, if the user reaches it; `manage`: to record activities and set the
    requirements (its secretariat), else to read its activities, ledgers and statistics."""
    organisation = db.session.get(Organisation, oid)
    if organisation is None or not current_user.reaches(organisation):
        raise not_found(Organisation)
    authorize(current_user.can_manage_term_work(organisation) if manage
              else current_user.can_view_term_work(organisation))
    return organisation


def load_group_congress(cid):
    """The congress whose groups are formed: its own secretariat."""
    return load_congress(cid, manage=True)


def load_ledger_delegate(did):
    """A delegate whose ledger is read: the delegate, their organisation's staff, the
    organisers above (the same as the delegate's record)."""
    delegate = load_term_delegate(did)
    authorize(current_user.can_view_ledger(delegate))
    return delegate


def own_delegate():
    """The signed-in delegate, keeping their contact list."""
    authorize(current_user.can_keep_contacts())
    return current_user.delegate


def load_own_contact(contact_id):
    """One contact of the signed-in delegate's list; anyone else's is not found, whoever
    asks (the load before the role's check, as for every object)."""
    contact = db.session.get(Contact, contact_id)
    mine = getattr(current_user, "delegate", None)
    if contact is None or mine is None or contact.delegate_id != mine.id:
        raise not_found(Contact)
    own_delegate()
    return contact
