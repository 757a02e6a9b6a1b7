"""Every printable document of a meeting, in one list: what the records centre shows, what
the archive packs, and which audit actions make each one out of date."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from congress.ballots.models import (
    Ballot,
    BallotKind,
    BallotStatus,
    Participation,
    ParticipationChannel,
)
from congress.ballots.paper_records import ballot_paper_pdf, tally_sheet_pdf
from congress.ballots.records import result_sheet_pdf
from congress.core.web import file_name, file_response, pdf_response
from congress.core.xlsx import XLSX
from congress.extensions import db
from congress.proposals.records import compendium_pdf, register_xlsx
from congress.records import services
from congress.records.attendance import attendance_pdf, attendance_xlsx
from congress.reports.digest import digest_pdf

PDF = "application/pdf"


@dataclass(frozen=True)
class Document:
    key: str  # also the file name in the archive and the records centre's URL
    title: object
    build: object  # meeting -> bytes
    prefixes: tuple = ()  # audit actions whose entries change this document
    mimetype: str = PDF


def _minutes(meeting):
    """The newest finalised version as it was frozen; the current draft before the first."""
    latest = services.latest_version(meeting)
    if latest is not None:
        return services.version_of(meeting, latest.number).pdf
    content, digest, _, _ = services.minutes_state(meeting)
    return services.render_minutes(meeting, content, digest)


def _ballot_document(ballot):
    return Document(f"ballot-{ballot.id}-results.pdf",
                    _l("Result sheet: %(title)s", title=ballot.title),
                    lambda meeting: result_sheet_pdf(ballot), prefixes=("ballot.",))


def _paper_documents(ballot):
    """An election's (or a paper-voted ballot's) ballot paper and tally sheet, to print."""
    return [Document(f"ballot-{ballot.id}-papers.pdf",
                     _l("Ballot paper: %(title)s", title=ballot.title),
                     lambda meeting: ballot_paper_pdf(ballot), prefixes=("ballot.",)),
            Document(f"ballot-{ballot.id}-tally-sheet.pdf",
                     _l("Tally sheet: %(title)s", title=ballot.title),
                     lambda meeting: tally_sheet_pdf(ballot), prefixes=("ballot.",))]


MINUTES = Document("minutes.pdf", _l("Minutes"), _minutes)
_ATTENDANCE_ACTIONS = ("attendance.", "delegate.", "delegation.", "roster.")
ATTENDANCE_SHEET = Document("attendance.pdf", _l("Attendance sheet"), attendance_pdf,
                            prefixes=_ATTENDANCE_ACTIONS)
ATTENDANCE_REGISTER = Document("attendance.xlsx", _l("Attendance register (XLSX)"),
                               attendance_xlsx, prefixes=_ATTENDANCE_ACTIONS, mimetype=XLSX)
FIXED = (
    MINUTES,
    ATTENDANCE_SHEET,
    ATTENDANCE_REGISTER,
    Document("proposals.pdf", _l("Proposal compendium"), compendium_pdf,
             prefixes=("proposal.",)),
    Document("proposals.xlsx", _l("Proposal register (XLSX)"), register_xlsx,
             prefixes=("proposal.",), mimetype=XLSX),
    Document("review-digest.pdf", _l("Digest of the review comments"), digest_pdf,
             prefixes=("report.", "comment.", "digest.", "group.")),
)


def documents(meeting):
    """The meeting's documents, the fixed ones first, then one result sheet per closed
    ballot (an election's result report), then the ballot paper and tally sheet of every
    election and of every ballot voted on paper."""
    closed = db.session.scalars(select(Ballot).where(
        Ballot.meeting_id == meeting.id, Ballot.status == BallotStatus.closed)
        .order_by(Ballot.closed_at, Ballot.id)).all()
    on_paper = db.session.scalars(select(Ballot).where(
        Ballot.meeting_id == meeting.id,
        (Ballot.kind == BallotKind.election) | Ballot.id.in_(
            select(Participation.ballot_id).where(
                Participation.channel == ParticipationChannel.paper)))
        .order_by(Ballot.id)).all()
    return (list(FIXED) + [_ballot_document(b) for b in closed]
            + [d for b in on_paper for d in _paper_documents(b)])


def find(meeting, key):
    return next((d for d in documents(meeting) if d.key == key), None)


def minutes_version(meeting, number):
    """A finalised version as a document of its own (the API's ?version=N)."""
    return Document(f"minutes-v{number}.pdf", _l("Minutes, version %(n)s", n=number),
                    lambda m: services.version_of(m, number).pdf)


def generate(actor, meeting, document):
    """The document's bytes, logged with the data version it was made from."""
    version = services.data_version(meeting, document.prefixes)
    data = document.build(meeting)
    services.log_print(actor, meeting, document.key, data, version)
    return data


def respond(meeting, document, data, filename):
    """A PDF shown in the browser; anything else as a download. Saved under the meeting's and
    the document's titles ("2026年年会纪要.pdf"), `filename` for clients that need ASCII."""
    name = file_name(meeting.title, document.title, ext=document.key[document.key.rindex("."):])
    if document.mimetype == PDF:
        return pdf_response(data, filename, name)
    return file_response(data, document.mimetype, name, filename)


def status(meeting, prints):
    """Per document: (document, data version now, its newest print or None), given the
    newest prints (services.last_prints)."""
    return [(d, services.data_version(meeting, d.prefixes), prints.get(d.key))
            for d in documents(meeting)]
