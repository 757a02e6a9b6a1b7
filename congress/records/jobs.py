"""The records centre's long work as jobs (congress/core/jobs.py): login cards, which issue
new PINs, and the archive. Both read in reader stretches and write in short transactions, so
while they hash and render every other request is served as usual."""
from flask_babel import lazy_gettext as _l

from congress.core import jobs
from congress.core.errors import Conflict
from congress.core.job_worker import reading, writing
from congress.core.web import file_name
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.people.models import User
from congress.people.services import generate_pin
from congress.records import archive, cards, services

CARDS, ARCHIVE = "cards", "archive"
# the cards' file holds PINs: kept for the secretariat to download and print right away only
CARDS_KEEP_SECONDS = 15 * 60
ARCHIVE_KEEP_SECONDS = 24 * 60 * 60
# where the cards job's progress stands after each step: hashing is most of the work
HASHED, RENDERED = 0.75, 0.9


# --- enqueueing (the request side) -----------------------------------------------------------

def enqueue_cards(actor, meeting, *, delegation_id=None, delegation_name=None, delegate_ids=(),
                  base_url=None):
    """Check the choice now (a bad id or name is a 404 and queues nothing), then queue the
    job with the chosen delegates' ids. `base_url`: where the QR codes point when
    CONGRESS_PUBLIC_URL is unset (the address the secretariat printed from)."""
    delegates = cards.delegates_for_cards(meeting, delegation_id=delegation_id,
                                          delegation_name=delegation_name,
                                          delegate_ids=delegate_ids)
    return jobs.enqueue(actor, meeting, CARDS, {"delegate_ids": [d.id for d in delegates],
                                                "base_url": base_url or cards.public_base_url()})


def enqueue_archive(actor, meeting):
    return jobs.enqueue(actor, meeting, ARCHIVE)


# --- running (the worker side) ---------------------------------------------------------------

@jobs.kind(CARDS, _l("Login cards"), keep_seconds=CARDS_KEEP_SECONDS)
def run_cards(run):
    """Read the delegates; make and hash their PINs and render the cards with no transaction
    open; then write the hashes in short transactions and log the print. A failure before the
    writes changes nobody's PIN."""
    with reading():
        meeting = db.session.get(Meeting, run.meeting_id)
        targets = cards.card_targets(meeting, run.params["delegate_ids"])
        base_url = _base_url(run)
    if not targets:
        raise Conflict(_l("There are no delegates to print cards for."), code="no_delegates")
    pins = [generate_pin() for _ in targets]
    hashes = cards.hash_pins(pins, lambda done, total: run.progress(HASHED * done / total))
    with reading():
        meeting = db.session.get(Meeting, run.meeting_id)
        data = cards.cards_pdf(cards.cards_for(targets, pins), meeting, base_url)
        name = file_name(meeting.title, _l("Login cards"), ext=".pdf")
    run.progress(RENDERED)
    for start in range(0, len(targets), cards.WRITE_BATCH):
        with writing():
            batch = slice(start, start + cards.WRITE_BATCH)
            cards.write_pins(_creator(run), db.session.get(Meeting, run.meeting_id),
                             targets[batch], hashes[batch])
        run.progress(RENDERED + (1 - RENDERED) * (start + cards.WRITE_BATCH) / len(targets))
    with writing():
        meeting = db.session.get(Meeting, run.meeting_id)
        services.log_print(_creator(run), meeting, "cards.pdf", data,
                           services.data_version(meeting, cards.AUDIT_PREFIXES))
    return jobs.Result(data, name, "application/pdf")


def _base_url(run):
    """Where the QR codes point, as decided when the job was queued (CONGRESS_PUBLIC_URL, else
    the address the secretariat printed from)."""
    return run.params.get("base_url") or cards.public_base_url()


@jobs.kind(ARCHIVE, _l("Archive (ZIP)"), keep_seconds=ARCHIVE_KEEP_SECONDS)
def run_archive(run):
    data, name, prints = archive.pack(run.meeting_id, lambda f: run.progress(0.95 * f))
    with writing():
        archive.log_prints(_creator(run), db.session.get(Meeting, run.meeting_id), prints)
    return jobs.Result(data, name, "application/zip")


def _creator(run):
    return db.session.get(User, run.creator_id) if run.creator_id else None
