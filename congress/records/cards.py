"""Login cards (代表登录卡): eight to an A4 sheet, to cut apart, each with the delegate's
username, a PIN and a QR code that opens the tablet sign-in with the username filled in.

PINs are stored only as hashes, so a card can only be printed with a PIN issued for it:
printing cards gives the chosen delegates new PINs, and their old PINs stop working.
"""
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

import segno
from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.security import generate_password_hash

from congress.core.audit import record
from congress.core.errors import Conflict, NotFound
from congress.core.pdf import render_pdf
from congress.core.time import utcnow
from congress.extensions import db
from congress.people.models import Delegate, Delegation, User
from congress.people.services import end_sessions, generate_pin

CARDS_PER_PAGE = 8  # 2 across, 4 down
# scrypt is slow on purpose (~0.09 s a PIN); two threads halve the wait on a 2-core machine
HASH_THREADS = 2
# audit actions that change what cards would print (the records centre's data version)
AUDIT_PREFIXES = ("delegate.", "delegation.", "roster.")


@dataclass(frozen=True)
class LoginCard:
    """What one card shows. The PIN exists only here, on its way to the printer."""

    delegate_id: int
    name: str
    delegation: str
    seat: str | None
    username: str
    pin: str


# --- choosing the delegates -----------------------------------------------------------------

def delegates_for_cards(meeting, *, delegation_id=None, delegate_ids=()):
    """The delegates whose cards to print, in roster order: the whole meeting, one
    delegation, or the given delegates. An id that is not in this meeting is a 404, so a
    mistyped id changes nobody's PIN."""
    query = (select(Delegate).join(Delegation, Delegate.delegation_id == Delegation.id)
             .where(Delegate.meeting_id == meeting.id)
             .order_by(Delegation.position, Delegation.id, Delegate.id)
             .options(joinedload(Delegate.user), joinedload(Delegate.delegation)))
    if delegation_id is not None:
        if db.session.scalar(select(Delegation.id).where(
                Delegation.id == delegation_id, Delegation.meeting_id == meeting.id)) is None:
            raise NotFound(_l("No such delegation in this meeting."))
        query = query.where(Delegate.delegation_id == delegation_id)
    if delegate_ids:
        wanted = set(delegate_ids)
        query = query.where(Delegate.id.in_(wanted))
    delegates = list(db.session.scalars(query).unique())
    if delegate_ids and len(delegates) != len(wanted):
        missing = sorted(wanted - {d.id for d in delegates})
        raise NotFound(_l("No such delegate in this meeting: %(ids)s.",
                          ids=", ".join(map(str, missing))))
    if not delegates:
        raise Conflict(_l("There are no delegates to print cards for."), code="no_delegates")
    return delegates


# --- issuing the PINs -----------------------------------------------------------------------

def _hash_all(pins):
    method = current_app.config["PASSWORD_HASH_METHOD"]
    with ThreadPoolExecutor(max_workers=HASH_THREADS) as pool:
        return list(pool.map(partial(generate_password_hash, method=method), pins))


def issue_cards(actor, meeting, delegates):
    """Give each delegate a new PIN for their card; returns the cards, in the given order.

    The old PINs stop working and the delegates' API tokens are revoked, as with a PIN reset.
    One audit entry per delegate, without the PIN. Never commits: the caller commits once
    the cards are rendered, so a failure leaves every PIN as it was.
    """
    pins = [generate_pin() for _ in delegates]
    hashes = _hash_all(pins)
    for delegate, password_hash in zip(delegates, hashes):
        delegate.user.password_hash = password_hash
        record(actor, "delegate.issue_card", delegate, meeting=meeting,
               after={"username": delegate.user.username})
    _revoke_tokens([d.user_id for d in delegates])
    return [LoginCard(delegate_id=d.id, name=d.name, delegation=d.delegation.name, seat=d.seat,
                      username=d.user.username, pin=pin)
            for d, pin in zip(delegates, pins)]


def _revoke_tokens(user_ids):
    """End the users' page sessions and API tokens, as a PIN reset does: a lost tablet
    still signed in with the old PIN is cut off."""
    end_sessions(None, db.session.scalars(select(User).where(User.id.in_(user_ids))),
                 "login_card")


# --- the QR code and the PDF ----------------------------------------------------------------

def public_base_url():
    """Where tablets reach the app: CONGRESS_PUBLIC_URL, else the address of this request."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    raise RuntimeError("set CONGRESS_PUBLIC_URL to print login cards outside a request")


def login_url(base_url, username):
    """The sign-in page with the username filled in (the check-in desk reads it too)."""
    return f"{base_url}/login?{urlencode({'u': username})}"


def qr_data_uri(payload):
    """The QR code as an inline SVG, sized by the stylesheet (render_pdf fetches nothing)."""
    code = segno.make(payload, error="m", micro=False)
    return code.svg_data_uri(border=4, omitsize=True, svgclass=None, lineclass=None)


def cards_pdf(cards, meeting, base_url=None):
    base_url = base_url or public_base_url()
    entries = []
    for card in cards:
        url = login_url(base_url, card.username)
        entries.append({"card": card, "url": url, "qr": qr_data_uri(url)})
    pages = [entries[i:i + CARDS_PER_PAGE] for i in range(0, len(entries), CARDS_PER_PAGE)]
    return render_pdf("records/login_cards.html", meeting=meeting, pages=pages,
                      rows_per_page=CARDS_PER_PAGE // 2, generated_at=utcnow())
