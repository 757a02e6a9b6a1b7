"""Paper ballots, for any ballot kind: the secretariat issues a paper to a present delegate,
two tellers each enter the counts of the papers collected, and the ballot closes only when the
two entries agree; the close (services.close_ballot) adds the agreed counts to the tablet's.

One channel per delegate: a paper issue writes the delegate's participation row (channel
`paper`) with the same INSERT ... ON CONFLICT DO NOTHING as the tablet's vote (casting.py), on
the same primary key (ballot, delegate), so when a paper issue and a tablet vote of the same
delegate arrive at once exactly one of them writes the row and the other is refused (409),
with no lock of its own. Both take the ballot row's share lock, so the close (which takes it
alone) sees every issue that counts."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, text

from congress.ballots.count_models import PaperTally
from congress.ballots.models import (
    Ballot,
    Participation,
    ParticipationChannel,
)
from congress.core import live
from congress.core.audit import record
from congress.core.database import dialect_name
from congress.core.errors import Conflict, Invalid
from congress.extensions import db
from congress.meetings.models import AttendanceStatus
from congress.people.delegates import check_active
from congress.people.models import Delegate, Delegation

TELLER_LENGTH = PaperTally.teller.type.length
WRITE_IN_LENGTH = 32  # a name written in (另选他人)

_ISSUE = text(
    "INSERT INTO ballot_participations (ballot_id, delegate_id, channel) "
    "SELECT :ballot_id, :delegate_id, :paper "
    "WHERE EXISTS (SELECT 1 FROM ballots WHERE id = :ballot_id AND status = 'open') "
    "AND EXISTS (SELECT 1 FROM attendances WHERE meeting_id = :meeting_id "
    "AND delegate_id = :delegate_id AND status = :present) "
    "ON CONFLICT DO NOTHING RETURNING delegate_id")


def _share_lock(ballot):
    """Re-read the ballot under its row's share lock on PostgreSQL, as a vote does (the close
    takes the lock alone); on SQLite the transaction holds the write lock already."""
    query = select(Ballot).where(Ballot.id == ballot.id).execution_options(
        populate_existing=True)
    if dialect_name() == "postgresql":
        query = query.with_for_update(read=True)
    db.session.execute(query)


def _require_open(ballot):
    if not ballot.is_open:
        raise Conflict(_l("Papers are issued and counted while the ballot is open."),
                       code="ballot_not_open")


# --- issuing ----------------------------------------------------------------------------------

def issue_paper(actor, ballot, delegate):
    """Record that `delegate` (of the ballot's meeting, checked in) was handed a paper ballot:
    from now on their tablet cannot vote in it. Refused (409) when they voted on the tablet or
    already have a paper."""
    _share_lock(ballot)
    _require_open(ballot)
    check_active(delegate)
    written = db.session.execute(_ISSUE, {
        "ballot_id": ballot.id, "delegate_id": delegate.id, "meeting_id": ballot.meeting_id,
        "paper": ParticipationChannel.paper.value,
        "present": AttendanceStatus.present.value}).first()
    if written is None:
        _refuse_issue(ballot, delegate)
    record(actor, "ballot.paper_issue", ballot, meeting=ballot.meeting,
           after={"delegate_id": delegate.id, "name": delegate.name})
    live.touch(ballot.meeting_id, "turnout", ballot.id)


def _refuse_issue(ballot, delegate):
    row = db.session.get(Participation, (ballot.id, delegate.id), populate_existing=True)
    if row is not None and row.is_paper:
        raise Conflict(_l("%(name)s already has a paper ballot.", name=delegate.name),
                       code="paper_issued")
    if row is not None:
        raise Conflict(_l("%(name)s has voted on the tablet and gets no paper ballot.",
                          name=delegate.name), code="already_voted")
    raise Conflict(_l("%(name)s has not checked in: only delegates present get a paper "
                      "ballot.", name=delegate.name), code="not_checked_in")


def issued_count(ballot):
    """发出: the papers issued so far (frozen on the ballot at close)."""
    if ballot.is_closed:
        return ballot.papers_issued or 0
    return db.session.scalar(select(func.count()).select_from(Participation).where(
        Participation.ballot_id == ballot.id,
        Participation.channel == ParticipationChannel.paper))


def paper_holders(ballot):
    """(id, name, delegation) of the delegates given a paper, in delegation order."""
    return db.session.execute(
        select(Delegate.id, Delegate.name, Delegation.name)
        .join(Delegation, Delegate.delegation_id == Delegation.id)
        .join(Participation, Participation.delegate_id == Delegate.id)
        .where(Participation.ballot_id == ballot.id,
               Participation.channel == ParticipationChannel.paper)
        .order_by(Delegation.position, Delegate.id)).all()


# --- the tellers' entries ---------------------------------------------------------------------

def _whole(value, field):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(_l("%(field)s: must be a whole number, 0 or more", field=field),
                      field=field)
    return value


def _clean_counts(ballot, counts, valid):
    """{subject id: {option id: n}} as strings, zeros dropped; every id the ballot's, every
    subject's marks at most the valid papers."""
    subjects = {str(s.id): s for s in ballot.subjects}
    options = {str(o.id) for o in ballot.options}
    clean = {}
    for subject_id, per_option in (counts or {}).items():
        subject = subjects.get(str(subject_id))
        if subject is None:
            raise Invalid(_l("counts: %(id)s is not a subject of this ballot", id=subject_id),
                          field="counts")
        row = {}
        for option_id, n in (per_option or {}).items():
            if str(option_id) not in options:
                raise Invalid(_l("counts: %(id)s is not an option of this ballot",
                                 id=option_id), field="counts")
            if _whole(n, "counts"):
                row[str(option_id)] = n
        if sum(row.values()) > valid:
            raise Invalid(_l("counts: %(subject)s has %(marked)s marks, more than the %(valid)s "
                             "valid papers (returned less invalid)", subject=subject.title,
                             marked=sum(row.values()), valid=valid), field="counts")
        if row:
            clean[str(subject.id)] = row
    return clean


def _clean_write_ins(ballot, write_ins, valid):
    if not write_ins:
        return {}
    if not getattr(ballot, "write_ins", False):
        raise Invalid(_l("write_ins: this ballot takes no names written in"), field="write_ins")
    clean = {}
    for name, n in write_ins.items():
        name = str(name).strip()
        if not name or len(name) > WRITE_IN_LENGTH:
            raise Invalid(_l("write_ins: each name has 1 to %(n)s characters", n=WRITE_IN_LENGTH),
                          field="write_ins")
        if _whole(n, "write_ins") > valid:
            raise Invalid(_l("write_ins: %(name)s has more votes than valid papers", name=name),
                          field="write_ins")
        if n:
            clean[name] = clean.get(name, 0) + n
    return clean


def _check_seats(ballot, counts, write_ins, valid):
    """An election's valid paper carries at most `seats` 赞成 marks and names written in (an
    over-marked paper is invalid), so the totals cannot pass seats × valid papers."""
    seats = getattr(ballot, "seats", None)
    if not seats:
        return
    favourable = {str(o.id) for o in ballot.options if o.is_favourable}
    marked = sum(n for row in counts.values() for o, n in row.items() if o in favourable)
    if marked + sum(write_ins.values()) > seats * valid:
        raise Invalid(_l("counts: %(n)s favourable marks and names written in are more than "
                         "%(seats)s seats × %(valid)s valid papers: an over-marked paper is "
                         "invalid", n=marked + sum(write_ins.values()), seats=seats,
                         valid=valid), field="counts")


def enter_tally(actor, ballot, *, entry, teller, returned, invalid, counts, write_ins=None):
    """One teller's entry (1 or 2) of the paper ballots' counts, replacing that entry."""
    _share_lock(ballot)
    _require_open(ballot)
    issued = issued_count(ballot)
    if not issued:
        raise Conflict(_l("No paper ballot has been issued: there is nothing to count."),
                       code="no_papers_issued")
    if entry not in (1, 2):
        raise Invalid(_l("entry: must be 1 or 2"), field="entry")
    teller = (teller or "").strip()
    if not teller or len(teller) > TELLER_LENGTH:
        raise Invalid(_l("teller: a name of 1 to %(n)s characters", n=TELLER_LENGTH),
                      field="teller")
    returned, invalid = _whole(returned, "returned"), _whole(invalid, "invalid")
    if invalid > returned:
        raise Invalid(_l("invalid: more invalid papers than papers returned"), field="invalid")
    if returned > issued:
        raise Conflict(_l("%(returned)s papers returned but %(issued)s issued: more papers came "
                          "back than were issued, so this vote is void and must be held "
                          "again.", returned=returned, issued=issued),
                       code="papers_exceed_issued")
    valid = returned - invalid
    counts = _clean_counts(ballot, counts, valid)
    write_ins = _clean_write_ins(ballot, write_ins, valid)
    _check_seats(ballot, counts, write_ins, valid)
    other = db.session.get(PaperTally, (ballot.id, 3 - entry))
    if other is not None and other.teller == teller:
        raise Invalid(_l("teller: the two entries are made by two different tellers"),
                      field="teller")
    tally = db.session.get(PaperTally, (ballot.id, entry))
    before = None if tally is None else _audit_figures(ballot, tally.figures()) | {
        "teller": tally.teller}
    if tally is None:
        tally = PaperTally(ballot_id=ballot.id, entry=entry)
        db.session.add(tally)
    tally.teller, tally.returned, tally.invalid = teller, returned, invalid
    tally.counts, tally.write_ins, tally.entered_by_id = counts, write_ins, (
        actor.id if actor is not None else None)  # None: the played demo
    db.session.flush()
    record(actor, "ballot.paper_tally", ballot, meeting=ballot.meeting, before=before,
           after=_audit_figures(ballot, tally.figures()) | {"entry": entry, "teller": teller})
    return tally


def _audit_figures(ballot, figures):
    """An entry's figures as the audit log shows them: each count named by its subject and
    option (not by their ids), the names written in as rows of their own."""
    subjects = {str(s.id): s.title for s in ballot.subjects}
    options = {str(o.id): o.label for o in ballot.options}
    return {"returned": figures["returned"], "invalid": figures["invalid"],
            "counts": [{"subject": subjects.get(str(sid), sid),
                        "option": options.get(str(oid), oid), "votes": n}
                       for sid, per_option in figures["counts"].items()
                       for oid, n in per_option.items()],
            "write_ins": [{"name": name, "votes": n}
                          for name, n in figures["write_ins"].items()]}


def tallies(ballot):
    """{1: entry or None, 2: entry or None}."""
    rows = db.session.scalars(select(PaperTally).where(PaperTally.ballot_id == ballot.id)).all()
    found = {row.entry: row for row in rows}
    return {1: found.get(1), 2: found.get(2)}


@dataclass(frozen=True)
class Cell:
    """One figure of the two entries: what it counts, and each entry's number."""
    key: str   # "returned", "invalid", "<subject id>:<option id>", "write_in:<name>"
    label: str
    first: int | None
    second: int | None

    @property
    def differs(self):
        return self.first != self.second


def _figure(tally, section, *path):
    """A figure of one entry (0 when the entry leaves it out), None without the entry."""
    if tally is None:
        return None
    value = {"returned": tally.returned, "invalid": tally.invalid, "counts": tally.counts,
             "write_ins": tally.write_ins or {}}[section]
    for depth, step in enumerate(path, start=1):
        value = value.get(step, 0 if depth == len(path) else {})
    return value


def comparison(ballot):
    """Every figure of the two entries side by side (a missing entry: None)."""
    one, two = tallies(ballot).values()
    cells = [Cell("returned", str(_l("Papers returned")), _figure(one, "returned"),
                  _figure(two, "returned")),
             Cell("invalid", str(_l("Invalid papers")), _figure(one, "invalid"),
                  _figure(two, "invalid"))]
    for subject in ballot.subjects:
        for option in ballot.options:
            s, o = str(subject.id), str(option.id)
            cells.append(Cell(f"{s}:{o}", f"{subject.title} · {option.label}",
                              _figure(one, "counts", s, o), _figure(two, "counts", s, o)))
    names = sorted(set((one.write_ins if one else {}) | (two.write_ins if two else {})))
    for name in names:
        cells.append(Cell(f"write_in:{name}", str(_l("Written in: %(name)s", name=name)),
                          _figure(one, "write_ins", name), _figure(two, "write_ins", name)))
    return cells


def agreed_tally(ballot):
    """The close's check: None when no paper was issued; else the agreed entry, or a 409
    naming what is missing (`tally_missing`) or where the entries differ (`tally_mismatch`)."""
    issued = issued_count(ballot)
    if not issued:
        return None
    entries = tallies(ballot)
    missing = [str(n) for n, tally in entries.items() if tally is None]
    if missing:
        raise Conflict(_l("%(issued)s paper ballots were issued: the close needs both tellers' "
                          "entries of their counts (missing: entry %(missing)s).",
                          issued=issued, missing="、".join(missing)), code="tally_missing")
    differing = [c for c in comparison(ballot) if c.differs]
    if differing:
        raise Conflict(_l("The two tellers' entries differ: %(cells)s. Count again and correct "
                          "the entry that is wrong.", cells="；".join(
                              f"{c.label} {c.first} / {c.second}" for c in differing)),
                       code="tally_mismatch")
    return entries[1]


def freeze_papers(ballot, issued, tally):
    """Put the paper figures on the ballot at close: issued and returned (None without
    papers), the invalid papers (0 without), and the valid count of both channels (有效票:
    tablet votes + papers returned − invalid), for every kind of ballot."""
    if tally is None:
        ballot.papers_issued = ballot.papers_returned = None
        ballot.invalid_count = 0
    else:
        ballot.papers_issued, ballot.papers_returned = issued, tally.returned
        ballot.invalid_count = tally.invalid
    ballot.valid_count = ballot.cast_count + ballot.paper_valid_count


def paper_counts(tally):
    """{subject id: {option id: n}} with int keys, from the agreed entry."""
    if tally is None:
        return {}
    return {int(s): {int(o): n for o, n in row.items()} for s, row in tally.counts.items()}


def paper_write_ins(tally):
    """{name: n} of the names written in on the valid papers, from the agreed entry."""
    return dict(tally.write_ins or {}) if tally is not None else {}
