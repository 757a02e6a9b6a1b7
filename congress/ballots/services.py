"""The write path for ballots: create, open (quorum gate), close
(results frozen from the marks, receipts digest, the ballot box sealed: ballots/sealing.py),
and the read models for turnout and results. Casting a vote: ballots/casting.py."""
import hashlib
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from congress.ballots import elections, paper, sealing
from congress.ballots.count_models import BallotWriteIn
from congress.ballots.models import (
    Ballot,
    BallotKind,
    BallotMark,
    BallotOption,
    BallotPaper,
    BallotReceipt,
    BallotStatus,
    BallotSubject,
    Participation,
    ParticipationChannel,
    SubjectResult,
)
from congress.ballots.tally import Option, as_decimal, motion_passed, rank_by_score, tally_subject
from congress.core import live
from congress.core.audit import record
from congress.core.database import dialect_name
from congress.core.errors import Conflict, Invalid
from congress.extensions import db
from congress.meetings.models import Attendance, AttendanceStatus
from congress.meetings.services import attendance_summary
from congress.people.models import Delegate, Delegation

DEFAULT_OPTIONS = {
    BallotKind.rating: (("好", "1.0", True), ("较好", "0.8", True), ("一般", "0.6", False),
                        ("差", "0.4", False)),
    BallotKind.motion: (("赞成", "1", True), ("反对", "0", False), ("弃权", "0", False)),
    # an election's marks are fixed: 赞成 / 不赞成 (where a name may be written in) / 弃权
    BallotKind.election: (("赞成", "1", True), ("不赞成", "0", False), ("弃权", "0", False)),
}


# --- creating ---------------------------------------------------------------------------------

def _parse_options(kind, options):
    if not options:
        return [(label, Decimal(w), fav) for label, w, fav in DEFAULT_OPTIONS[kind]]
    parsed = []
    for index, option in enumerate(options):
        label = str(option.get("label") or "").strip()
        if not label or len(label) > 32:
            raise Invalid(_l("options: option %(n)s needs a label of 1 to 32 characters",
                             n=index + 1), field="options")
        try:
            weight = Decimal(str(option.get("weight", 0)))
        except InvalidOperation:
            weight = Decimal(-1)
        if not Decimal(0) <= weight <= Decimal(1) or isinstance(option.get("weight"), bool):
            raise Invalid(_l("options: the weight of %(label)s must be between 0 and 1",
                             label=label), field="options")
        favourable = option.get("favourable", False)
        if not isinstance(favourable, bool):
            raise Invalid(_l("options: favourable must be true or false"), field="options")
        parsed.append((label, weight, favourable))
    if len(parsed) < 2:
        raise Invalid(_l("options: a ballot needs at least two options"), field="options")
    if len({p[0] for p in parsed}) != len(parsed):
        raise Invalid(_l("options: labels must differ"), field="options")
    return parsed


def create_ballot(actor, meeting, *, title, kind, subjects, options=None, pass_ratio="0.5",
                  seats=None, write_ins=False, elect_base="due", officers=(), round_of=None):
    """A draft ballot. An election (kind `election`) takes `seats`, `write_ins`, `elect_base`
    and `officers` [(role, name, delegate id or None)]; its candidates are put in surname
    stroke order and its options are fixed (赞成 / 不赞成 / 弃权)."""
    title = (title or "").strip()
    if not title:
        raise Invalid(_l("title: must not be empty"), field="title")
    try:
        kind = BallotKind(kind)
    except ValueError:
        raise Invalid(_l("kind: must be rating, motion or election"), field="kind") from None
    subject_titles = [str(s).strip() for s in subjects if str(s).strip()]
    if not subject_titles:
        raise Invalid(_l("subjects: at least one subject with a title"), field="subjects")
    if len(set(subject_titles)) != len(subject_titles):
        raise Invalid(_l("subjects: titles must differ"), field="subjects")
    ballot = Ballot(meeting=meeting, title=title, kind=kind, status=BallotStatus.draft,
                    pass_ratio=Decimal(str(pass_ratio)))
    election = {}
    if kind is BallotKind.election:
        if options:
            raise Invalid(_l("options: an election's options are fixed (for, against, "
                             "abstain)"), field="options")
        subject_titles = elections.setup(ballot, subject_titles, seats, write_ins, elect_base,
                                         officers)
        ballot.round_of = round_of
        election = {"seats": ballot.seats, "write_ins": ballot.write_ins,
                    "elect_base": ballot.elect_base.value,
                    "round_of": round_of.id if round_of is not None else None,
                    "officers": [[o.role.value, o.name] for o in ballot.officers]}
    ballot.subjects = [BallotSubject(position=i, title=t) for i, t in enumerate(subject_titles)]
    ballot.options = [BallotOption(position=i, label=label, weight=weight, is_favourable=fav)
                      for i, (label, weight, fav) in enumerate(_parse_options(kind, options))]
    db.session.add(ballot)
    db.session.flush()
    record(actor, "ballot.create", ballot, meeting=meeting, after={
        "title": title, "kind": kind.value, "subjects": subject_titles,
        "options": [[o.label, str(o.weight), o.is_favourable] for o in ballot.options]}
        | election)
    return ballot


def start_runoff(actor, ballot, *, subjects=None, title=None):
    """The next round of a closed election that needs one (`runoff_needed`): the tied
    candidates for the seats still open, or — when nobody is named (另选) — the `subjects`
    given now. The new ballot is a draft with the same rules, officers and `round_of`."""
    _lock(ballot)
    if not ballot.is_election or not ballot.is_closed or not ballot.runoff_needed:
        raise Conflict(_l("This ballot needs no further round."), code="no_runoff_needed")
    if db.session.scalar(select(exists().where(Ballot.round_of_id == ballot.id))):
        raise Conflict(_l("The next round of this election has already been prepared."),
                       code="runoff_exists")
    needed = ballot.runoff_needed
    if needed["subject_ids"]:
        by_id = {s.id: s.title for s in ballot.subjects}
        names = [by_id[i] for i in needed["subject_ids"] if i in by_id]
    else:
        names = [str(s).strip() for s in (subjects or []) if str(s).strip()]
        if not names:
            raise Invalid(_l("subjects: name the candidates of the next round"),
                          field="subjects")
    return create_ballot(
        actor, ballot.meeting, title=title or elections.next_round_title(ballot), kind="election",
        subjects=names, seats=needed["seats"], write_ins=ballot.write_ins,
        elect_base=ballot.elect_base.value, round_of=ballot,
        officers=[(o.role.value, o.name, o.delegate_id) for o in ballot.officers])


def delete_ballot(actor, ballot):
    if ballot.status is not BallotStatus.draft:
        raise Conflict(_l("Only a ballot that has not been opened can be deleted."))
    record(actor, "ballot.delete", ballot, before={"title": ballot.title})
    db.session.delete(ballot)
    db.session.flush()


# --- opening and closing ----------------------------------------------------------------------

def _lock(ballot):
    """Lock the ballot row and re-read it, in one statement: casts share the lock
    (`vote_target`), opening and closing take it alone, so no vote can land after the count.
    On SQLite every such transaction already holds the write lock from its first statement
    (BEGIN IMMEDIATE), so the row read in this transaction is current and there is nothing
    to add."""
    if dialect_name() == "sqlite" and ballot in db.session and db.session().in_transaction():
        return
    db.session.execute(select(Ballot).where(Ballot.id == ballot.id)
                       .with_for_update()
                       .execution_options(populate_existing=True))


def open_ballot(actor, ballot):
    _lock(ballot)
    summary = attendance_summary(ballot.meeting)
    if not summary.quorum_met:
        raise Conflict(_l("No quorum: %(present)s present of %(due)s due, %(needed)s needed.",
                          present=summary.present, due=summary.due, needed=summary.quorum_needed),
                       code="no_quorum")
    ballot.open()
    record(actor, "ballot.open", ballot, before={"status": "draft"},
           after={"status": "open", "due": summary.due, "present": summary.present})
    announce_ballot(ballot)


def anyone_voted(ballot):
    return db.session.scalar(select(exists().where(Participation.ballot_id == ballot.id)))


def withdraw_unvoted(actor, ballot):
    """Take back an open ballot nobody has voted in (the undo of a debrief's scoring step):
    deleted as if never opened; a ballot with a vote in it is never taken back."""
    _lock(ballot)
    if ballot.status is not BallotStatus.open or anyone_voted(ballot):
        raise Conflict(_l("Delegates have already voted: the ballot cannot be taken back."),
                       code="cannot_undo")
    record(actor, "ballot.withdraw", ballot, before={"status": "open", "title": ballot.title})
    data = {"ballot_id": ballot.id, "status": "withdrawn", "title": ballot.title}
    meeting_id = ballot.meeting_id
    db.session.delete(ballot)
    db.session.flush()
    live.publish(meeting_id, "ballot", data)


def announce_ballot(ballot):
    """A `ballot` event: its state and turnout (results only once closed, never choices)."""
    data = {"ballot_id": ballot.id, "status": ballot.status.value, "title": ballot.title,
            "turnout": turnout(ballot)}
    live.publish(ballot.meeting_id, "ballot", data)


def close_ballot(actor, ballot):
    """Close, count the marks, freeze the results, publish the receipts digest and seal the
    ballot box (its rows rewritten now, their storage after the commit: sealing.seal)."""
    _lock(ballot)
    issued = paper.issued_count(ballot) if ballot.is_open else 0
    tally = paper.agreed_tally(ballot) if ballot.is_open else None  # 409 before anything
    ballot.close()
    summary = attendance_summary(ballot.meeting)
    ballot.due_at_close, ballot.present_at_close = summary.due, summary.present
    ballot.cast_count = db.session.scalar(
        select(func.count()).select_from(BallotPaper).where(BallotPaper.ballot_id == ballot.id))
    ballot.blank_count = db.session.scalar(
        select(func.count()).select_from(BallotPaper).where(
            BallotPaper.ballot_id == ballot.id,
            ~exists().where(BallotMark.paper_id == BallotPaper.id)))
    paper.freeze_papers(ballot, issued, tally)
    _freeze_results(ballot, tally)
    ballot.receipts_digest = receipts_digest(receipt_list(ballot))
    sealing.seal(ballot)
    record(actor, "ballot.close", ballot, before={"status": "open"}, after={
        "status": "closed", "cast": ballot.cast_count, "present": ballot.present_at_close,
        "digest": ballot.receipts_digest} | ({
            "papers_issued": ballot.papers_issued, "papers_returned": ballot.papers_returned,
            "papers_invalid": ballot.invalid_count} if ballot.has_papers else {}))
    announce_ballot(ballot)


def marks_counted(ballot):
    """{subject id: {option id: marks}} of the ballot's tablet papers."""
    counts = {}
    for subject_id, option_id, n in db.session.execute(
            select(BallotMark.subject_id, BallotMark.option_id, func.count())
            .where(BallotMark.ballot_id == ballot.id)
            .group_by(BallotMark.subject_id, BallotMark.option_id)):
        counts.setdefault(subject_id, {})[option_id] = n
    return counts


def write_ins_counted(ballot):
    """{name: papers} of the names written in on the ballot's tablet papers."""
    return dict(db.session.execute(
        select(BallotWriteIn.name, func.count()).where(BallotWriteIn.ballot_id == ballot.id)
        .group_by(BallotWriteIn.name)).all())


def _added(first, second):
    """Two {key: n} (or {key: {key: n}}) counts added together."""
    total = {k: (dict(v) if isinstance(v, dict) else v) for k, v in first.items()}
    for key, value in second.items():
        if isinstance(value, dict):
            total[key] = _added(total.get(key, {}), value)
        else:
            total[key] = total.get(key, 0) + value
    return total


def _freeze_results(ballot, tally):
    """The results from the tablet's marks and the paper ballots' agreed counts (`tally`,
    ballots/paper.py, or None), out of the valid ballots of both (ballot.valid_count, set by
    paper.freeze_papers); an election's by its rules (elections.freeze_results)."""
    papers = paper.paper_counts(tally)
    counts = _added(marks_counted(ballot), papers)
    if ballot.is_election:
        write_ins = _added(write_ins_counted(ballot), paper.paper_write_ins(tally))
        elections.freeze_results(ballot, counts, write_ins, valid=ballot.valid_count,
                                invalid=ballot.invalid_count)
        _keep_paper_parts(ballot, papers)
        return
    options = [Option(o.id, o.weight, o.is_favourable) for o in ballot.options]
    outcomes = [tally_subject(counts.get(s.id, {}), ballot.valid_count, options)
                for s in ballot.subjects]
    if ballot.kind is BallotKind.rating:
        outcomes = rank_by_score(outcomes)
    for subject, outcome in zip(ballot.subjects, outcomes, strict=True):
        passed = (motion_passed(outcome, ballot.present_at_close, ballot.pass_ratio)
                  if ballot.kind is BallotKind.motion else None)
        db.session.add(SubjectResult(
            ballot_id=ballot.id, subject_id=subject.id, position=subject.position,
            counts={str(k): v for k, v in outcome.counts.items()}, abstain=outcome.abstain,
            favourable_rate=as_decimal(outcome.favourable_rate, 6),
            score=as_decimal(outcome.score, 4), rank=outcome.rank, passed=passed))
    db.session.flush()
    db.session.expire(ballot, ["results"])
    _keep_paper_parts(ballot, papers)


def _keep_paper_parts(ballot, papers):
    """Each result's paper part (SubjectResult.paper_counts), when papers were used: the
    result sheet prints the tablet's part, the paper's part and the total."""
    if not ballot.has_papers:
        return
    for result in ballot.results:
        result.paper_counts = {str(k): v for k, v in papers.get(result.subject_id, {}).items()}
    db.session.flush()


# --- reading ----------------------------------------------------------------------------------

def turnout(ballot):
    """voted / eligible: eligible are the delegates present now (while open) or at close;
    voted counts the tablet's votes, papers the paper ballots issued (ballots/paper.py)."""
    by_channel = dict(db.session.execute(
        select(Participation.channel, func.count()).where(Participation.ballot_id == ballot.id)
        .group_by(Participation.channel)).all())
    voted = by_channel.get(ParticipationChannel.tablet, 0)
    if ballot.is_closed:
        eligible = ballot.present_at_close
    else:
        eligible = attendance_summary(ballot.meeting).present
    papers = by_channel.get(ParticipationChannel.paper, 0)
    return {"eligible": eligible, "voted": voted} | ({"papers": papers} if papers else {})


@live.tick_handler("turnout")
def _turnout_tick(ballot_id):
    ballot = db.session.get(Ballot, ballot_id)
    if ballot is None:
        return None
    return "turnout", {"ballot_id": ballot.id, "status": ballot.status.value, **turnout(ballot)}


def not_yet_voted(ballot):
    """Names of present delegates who have not voted on the tablet and hold no paper ballot
    (never what anyone chose)."""
    return db.session.execute(
        select(Delegate.id, Delegate.name, Delegation.name, Delegate.seat)
        .join(Delegation, Delegate.delegation_id == Delegation.id)
        .join(Attendance, Attendance.delegate_id == Delegate.id)
        .where(Attendance.meeting_id == ballot.meeting_id,
               Attendance.status == AttendanceStatus.present,
               ~exists().where(Participation.ballot_id == ballot.id,
                               Participation.delegate_id == Delegate.id))
        .order_by(Delegation.position, Delegate.id)).all()


def receipt_list(ballot):
    """The ballot's receipts, sorted in Python (a database collation may order them otherwise)."""
    return sorted(db.session.scalars(select(BallotReceipt.receipt).where(
        BallotReceipt.ballot_id == ballot.id)))


def published_receipts(ballot):
    """(sorted receipts, their digest) of a closed ballot; a Conflict before the close."""
    ballot.require_closed()
    return receipt_list(ballot), ballot.receipts_digest


def receipts_digest(receipts):
    """SHA-256 over the sorted receipts, one per line: anyone can recompute it."""
    return hashlib.sha256("\n".join(receipts).encode()).hexdigest()


def results(ballot):
    """The frozen results, or None while the ballot is not closed — for every role."""
    if not ballot.is_closed:
        return None
    summary_quorum = ballot.present_at_close >= ballot.meeting.quorum_needed(ballot.due_at_close)
    return {"quorum_met": summary_quorum, "subjects": list(ballot.results)}


