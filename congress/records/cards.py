"""Login cards (代表登录卡): eight to an A4 sheet, to cut apart, each with the delegate's
username, a PIN and a QR code that opens the tablet sign-in with the username filled in.

PINs are stored only as hashes, so a card can only be printed with a PIN issued for it:
printing cards gives the chosen delegates new PINs, and their old PINs stop working.
"""
from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from congress.core.audit import record
from congress.core.errors import Conflict, NotFound
from congress.core.pdf import render_pdf
from congress.core.time import utcnow
from congress.extensions import db
from congress.meetings.models import on_roster
from congress.meetings.seats import seats_at
from congress.people.models import Delegate, Delegation, User, hash_password
from congress.people.services import end_sessions, generate_pin

CARDS_PER_PAGE = 8  # 2 across, 4 down
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

def delegates_for_cards(meeting, *, delegation_id=None, delegation_name=None, delegate_ids=()):
    """The delegates whose cards to print, in roster order: the whole meeting, one
    delegation (by id or by name), or the given delegates. An id or name that is not in this
    meeting is a 404, so a mistyped one changes nobody's PIN."""
    if delegation_name is not None:
        delegation_id = db.session.scalar(select(Delegation.id).where(
            Delegation.congress_id == meeting.congress_id, Delegation.name == delegation_name))
        if delegation_id is None:
            raise NotFound(_l("No such delegation in this meeting."))
    query = (select(Delegate).join(Delegation, Delegate.delegation_id == Delegation.id)
             .where(on_roster(meeting))
             .order_by(Delegation.position, Delegation.id, Delegate.id)
             .options(joinedload(Delegate.user), joinedload(Delegate.delegation)))
    if delegation_id is not None:
        if db.session.scalar(select(Delegation.id).where(
                Delegation.id == delegation_id,
                Delegation.congress_id == meeting.congress_id)) is None:
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


# --- issuing the PINs (a job: congress/records/jobs.py) ----------------------------------------
# The slow part, hashing (scrypt, ~0.09 s a PIN), runs with no transaction open; the hashes are
# then written in short transactions of WRITE_BATCH delegates, so the database's write lock is
# held for milliseconds at a time, never for the whole run.
WRITE_BATCH = 50


@dataclass(frozen=True)
class CardTarget:
    """A delegate to print a card for, as read before hashing (plain values: the session
    that read them is closed while the PINs are hashed)."""

    delegate_id: int
    user_id: int
    name: str
    delegation: str
    seat: str | None
    username: str


def card_targets(meeting, delegate_ids):
    """The delegates with the given ids, in roster order, as plain values."""
    query = (select(Delegate).join(Delegation, Delegate.delegation_id == Delegation.id)
             .where(on_roster(meeting), Delegate.id.in_(delegate_ids))
             .order_by(Delegation.position, Delegation.id, Delegate.id)
             .options(joinedload(Delegate.user), joinedload(Delegate.delegation)))
    seats = seats_at(meeting)  # the seat at this meeting, else the term's
    return [CardTarget(d.id, d.user_id, d.name, d.delegation.name, seats.get(d.id) or d.seat,
                       d.user.username)
            for d in db.session.scalars(query).unique()]


def hash_pins(pins, progress=None):
    """The PINs' hashes with the configured method, one after the other (a job leaves the
    other core to the requests); progress(done, total) after each."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    hashes = []
    for pin in pins:
        hashes.append(hash_password(pin, method))
        if progress is not None:
            progress(len(hashes), len(pins))
    return hashes


def write_pins(actor, meeting, targets, hashes):
    """Store the new hashes of some delegates (one short transaction's worth): the old PINs
    stop working, their tokens and sessions end, one audit entry per delegate without the PIN.
    Never commits."""
    by_id = {t.delegate_id: h for t, h in zip(targets, hashes, strict=True)}
    delegates = db.session.scalars(select(Delegate).where(Delegate.id.in_(by_id))
                                   .options(joinedload(Delegate.user))).unique()
    for delegate in delegates:
        delegate.user.password_hash = by_id[delegate.id]
        record(actor, "delegate.issue_card", delegate, meeting=meeting,
               after={"username": delegate.user.username})
    _end_card_holders_sessions([t.user_id for t in targets])


def issue_cards(actor, meeting, delegates):
    """Give each delegate a new PIN for their card in the current transaction; returns the
    cards, in the given order. For a few delegates (tests, the demo): a meeting's worth goes
    through the cards job, which hashes outside any transaction. Never commits."""
    seats = seats_at(meeting)
    targets = [CardTarget(d.id, d.user_id, d.name, d.delegation.name, seats.get(d.id) or d.seat,
                          d.user.username) for d in delegates]
    pins = [generate_pin() for _ in targets]
    write_pins(actor, meeting, targets, hash_pins(pins))
    return cards_for(targets, pins)


def cards_for(targets, pins):
    return [LoginCard(delegate_id=t.delegate_id, name=t.name, delegation=t.delegation,
                      seat=t.seat, username=t.username, pin=pin)
            for t, pin in zip(targets, pins, strict=True)]


def _end_card_holders_sessions(user_ids):
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
