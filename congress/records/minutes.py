"""The minutes (纪要), drawn from the meeting's own records and never retyped.

`minutes_content(meeting)` gathers everything the minutes say into plain JSON (names, counts,
texts, local times as ISO strings) in a fixed number of queries, whatever the number of
delegates. That JSON is what a finalised version freezes and hashes; the PDF is rendered from
it and stored beside it.
"""
import hashlib
import json
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from congress.ballots.models import Ballot, BallotStatus
from congress.ballots.records import result_rows
from congress.core.time import to_local, utcnow
from congress.debriefs.models import Debrief, FloorQueue, FloorRequest, RequestStatus
from congress.extensions import db
from congress.meetings.models import Attendance, AttendanceStatus, attended
from congress.meetings.services import attendance_summary
from congress.people.models import Delegate, Delegation
from congress.proposals.models import ACCEPTED, FILED, Proposal, ProposalSigner, SignerStatus
from congress.records.models import MinutesHeader, MinutesSection, Placement
from congress.reports.models import Report, Resolution
from congress.reports.services import comment_counts

FORMAT_VERSION = 2  # bump when the content's shape changes (2: elections, paper ballots)
# The sections every minutes has: shown and printed (empty) until the secretariat saves any
# section, and saved with the first one (records.services.ensure_default_sections), so that
# opening the editor changes nothing
DEFAULT_SECTIONS = ((Placement.opening, "会议概况"), (Placement.closing, "会议决定事项"))


def _iso(value):
    local = to_local(value)
    return local.isoformat(timespec="minutes") if local else None


def _date(value):
    return value.isoformat() if value else None


def header_of(meeting):
    """The minutes' own header row (not yet saved when nobody has edited it)."""
    return db.session.scalar(select(MinutesHeader).where(
        MinutesHeader.meeting_id == meeting.id)) or MinutesHeader(
        meeting_id=meeting.id, chair="", recorder="", non_voting="")


def saved_sections(meeting):
    return db.session.scalars(select(MinutesSection).where(
        MinutesSection.meeting_id == meeting.id).order_by(
        MinutesSection.position, MinutesSection.id)).all()


def sections_of(meeting):
    """The written sections; before any is saved, the default ones, unsaved (their id is
    None and they are in no session: nothing is written by reading them)."""
    return saved_sections(meeting) or default_sections(meeting)


def default_sections(meeting):
    return [MinutesSection(meeting_id=meeting.id, placement=placement, position=position,
                           heading=heading, body="")
            for position, (placement, heading) in enumerate(DEFAULT_SECTIONS, start=1)]


def _attendance(meeting, header):
    summary = attendance_summary(meeting)
    on_leave = db.session.execute(
        select(Delegate.name, Delegation.name)
        .join(Attendance, attended(meeting))
        .join(Delegation, Delegation.id == Delegate.delegation_id)
        .where(
               Attendance.status == AttendanceStatus.on_leave)
        .order_by(Delegation.position, Delegation.id, Delegate.id)).all()
    non_voting = header.non_voting_names
    return {"due": summary.due, "present": summary.present, "on_leave": summary.on_leave,
            "absent": summary.due - summary.present - summary.on_leave,
            "quorum_met": summary.present >= summary.quorum_needed,
            "on_leave_names": [name for name, _ in on_leave],
            "non_voting": len(non_voting), "non_voting_names": non_voting}


def _agenda(meeting):
    return [{"title": item.title, "kind": item.kind.value, "starts_at": _iso(item.starts_at)}
            for item in meeting.agenda_items]


def _ballot(ballot):
    """A closed ballot's frozen results as the minutes print them; None while not closed."""
    if ballot is None or ballot.status is not BallotStatus.closed:
        return None
    return {"title": ballot.title, "kind": ballot.kind.value,
            "closed_at": _iso(ballot.closed_at),
            "due": ballot.due_at_close, "present": ballot.present_at_close,
            "cast": ballot.cast_count, "blank": ballot.blank_count,
            "options": [o.label for o in ballot.options],
            "digest": ballot.receipts_digest, "papers": _papers(ballot),
            "subjects": [{"title": row["title"], "counts": [c for c, _ in row["levels"]],
                          "abstain": row["abstain"],
                          "favourable_rate": _number(row["favourable_rate"], 4),
                          "score": _number(row["score"], 2), "rank": row["rank"],
                          "passed": row["passed"]}
                         for row in result_rows(ballot)]}


def _papers(ballot):
    """The paper ballots' figures of a closed ballot, None when none was issued."""
    if not ballot.has_papers:
        return None
    return {"issued": ballot.papers_issued, "returned": ballot.papers_returned,
            "invalid": ballot.invalid_count, "valid": ballot.valid_count}


def _round(ballot, ballots):
    """1 for a first round, 2 for the round after it, ... (ballot.round_of_id chains them)."""
    number, seen = 1, ballot
    while seen.round_of_id is not None:
        number += 1
        seen = ballots.get(seen.round_of_id) or db.session.get(Ballot, seen.round_of_id)
    return number


def _election(ballot, ballots):
    """A closed election round as the minutes print it: the figures, every candidate's votes,
    the names written in, who is elected (stroke order) and the round still needed."""
    rows = result_rows(ballot)
    return {"title": ballot.title, "round": _round(ballot, ballots),
            "closed_at": _iso(ballot.closed_at), "seats": ballot.seats,
            "due": ballot.due_at_close, "present": ballot.present_at_close,
            "cast": ballot.cast_count, "valid": ballot.valid_count,
            "invalid": ballot.invalid_count, "papers": _papers(ballot),
            "options": [o.label for o in ballot.options],
            "candidates": [{"title": row["title"], "counts": [c for c, _ in row["levels"]],
                            "votes_for": row["votes_for"], "elected": bool(row["elected"])}
                           for row in rows],
            "write_ins": [{"name": w["name"], "votes": w["votes"],
                           "elected": bool(w.get("elected"))}
                          for w in ballot.write_in_results or ()],
            "elected": ballot.elected_names,
            "runoff": ({"seats": ballot.runoff_needed["seats"], "candidates": [
                row["title"] for row in rows
                if row["subject_id"] in ballot.runoff_needed["subject_ids"]]}
                if ballot.runoff_needed else None)}


def _elections(ballots):
    """Every closed election and each of its rounds, in the order they closed; taken out of
    `ballots` (the other ballots are printed on their own)."""
    elections = [b for b in ballots.values() if b.is_election]
    printed = [_election(b, ballots) for b in elections]
    for ballot in elections:
        ballots.pop(ballot.id)
    return printed


def _number(value, places):
    return None if value is None else round(float(value), places)


def _closed_ballots(meeting):
    """Every closed ballot of the meeting with options and results, in one round of loads."""
    return {b.id: b for b in db.session.scalars(
        select(Ballot).where(Ballot.meeting_id == meeting.id,
                             Ballot.status == BallotStatus.closed)
        .options(selectinload(Ballot.options), selectinload(Ballot.results),
                 selectinload(Ballot.subjects)).order_by(Ballot.closed_at, Ballot.id))}


def _reports(meeting, ballots):
    counts = comment_counts(meeting=meeting)
    reports = db.session.scalars(select(Report).where(Report.meeting_id == meeting.id)
                                 .options(selectinload(Report.versions))
                                 .order_by(Report.position, Report.id)).all()
    resolutions = db.session.scalars(select(Resolution).where(
        Resolution.meeting_id == meeting.id).options(selectinload(Resolution.reports))
        .order_by(Resolution.id)).all()
    tabled = []
    for report in reports:
        version = report.current_version
        if version is None:
            continue
        tabled.append({"title": report.title, "kind": report.kind.value,
                       "version": version.number, "tabled_at": _iso(version.tabled_at),
                       "comments": counts.get(report.id, 0)})
    return tabled, [{"title": r.title, "reports": [rep.title for rep in r.reports],
                     "ballot": _ballot(ballots.pop(r.ballot_id, None))} for r in resolutions]


def _questions_by_debrief(meeting):
    """The questions put in every debrief (speaking or done), with who asked, in one query;
    and the designated questioners whose requests were not called (the record keeps them)."""
    rows = db.session.execute(
        select(FloorQueue.debrief_id, FloorRequest, Delegate.name, Delegation.name)
        .join(FloorRequest, FloorRequest.queue_id == FloorQueue.id)
        .join(Delegate, Delegate.id == FloorRequest.delegate_id)
        .join(Delegation, Delegation.id == Delegate.delegation_id)
        .where(FloorQueue.meeting_id == meeting.id,
               or_(FloorRequest.status.in_((RequestStatus.speaking, RequestStatus.done)),
                   (FloorRequest.status == RequestStatus.rejected)
                   & FloorRequest.is_designated.is_(True)))
        .order_by(FloorRequest.admitted_at, FloorRequest.id)).all()
    questions, not_called = defaultdict(list), defaultdict(list)
    for debrief_id, request, name, delegation in rows:
        if request.status is RequestStatus.rejected:
            not_called[debrief_id].append(name)
            continue
        questions[debrief_id].append({
            "kind": request.kind.value, "asker": name, "delegation": delegation,
            "text": request.text or "", "answer": request.answer or "",
            "designated": request.is_designated})
    return questions, not_called


def _debriefs(meeting, ballots):
    questions, not_called = _questions_by_debrief(meeting)
    debriefs = db.session.scalars(select(Debrief).where(Debrief.meeting_id == meeting.id)
                                  .order_by(Debrief.position, Debrief.id)).all()
    return [{"reporter": d.reporter_name, "title": d.reporter_title, "phase": d.phase.value,
             "questions": questions.get(d.id, []),
             "not_called": not_called.get(d.id, []),
             "comment": ({"speaker": d.comment_speaker, "text": d.comment_text}
                         if d.comment_text else None),
             "ballot": _ballot(ballots.pop(d.ballot_id, None))} for d in debriefs]


def _proposals(meeting):
    signed = (select(ProposalSigner.proposal_id, func.count().label("n"))
              .where(ProposalSigner.status == SignerStatus.signed)
              .group_by(ProposalSigner.proposal_id).subquery())
    rows = db.session.execute(
        select(Proposal, Delegate.name, Delegation.name, func.coalesce(signed.c.n, 0))
        .join(Delegate, Delegate.id == Proposal.lead_id)
        .join(Delegation, Delegation.id == Delegate.delegation_id)
        .outerjoin(signed, signed.c.proposal_id == Proposal.id)
        .where(Proposal.meeting_id == meeting.id, Proposal.status.in_(FILED))
        .order_by(Proposal.submitted_at, Proposal.id)).all()
    items = [{"number": p.number, "title": p.title, "category": p.category,
              "sponsor": name, "delegation": delegation, "signers": signers,
              "status": p.status.value, "accepted": p.status in ACCEPTED}
             for p, name, delegation, signers in rows]
    return {"filed": len(items), "accepted": sum(1 for i in items if i["accepted"]),
            "items": items}


def minutes_content(meeting):
    """Everything the minutes say, as JSON-ready data."""
    header = header_of(meeting)
    ballots = _closed_ballots(meeting)
    # resolutions and debriefs take their own ballots; what is left is printed on its own
    reports, resolutions = _reports(meeting, ballots)
    debriefs = _debriefs(meeting, ballots)
    elections = _elections(ballots)
    sections = sections_of(meeting)
    return {
        "format": FORMAT_VERSION,
        "meeting": {"title": meeting.title, "year": meeting.year,
                    "starts_on": _date(meeting.starts_on), "ends_on": _date(meeting.ends_on),
                    "venue": meeting.venue or ""},
        "chair": header.chair, "recorder": header.recorder,
        "attendance": _attendance(meeting, header),
        "agenda": _agenda(meeting),
        "opening": [_section(s) for s in sections if s.placement is Placement.opening],
        "reports": reports, "resolutions": resolutions,
        "debriefs": debriefs,
        "elections": elections,
        "other_ballots": [_ballot(b) for b in ballots.values()],
        "proposals": _proposals(meeting),
        "closing": [_section(s) for s in sections if s.placement is Placement.closing],
    }


def _section(section):
    return {"heading": section.heading, "body": section.body}


def minutes_helpers():
    """Template helpers for the content's ISO local times: shown as they were, in the locale
    the document is printed in, without another time-zone conversion."""
    from babel.dates import format_date, format_time
    from flask_babel import get_locale

    def day(iso):
        return format_date(date.fromisoformat(iso), "long", locale=get_locale())

    def moment(iso):
        value = datetime.fromisoformat(iso)
        return (f"{format_date(value, 'long', locale=get_locale())} "
                f"{format_time(value, 'HH:mm', locale=get_locale())}")

    return {"day": day, "moment": moment, "now": utcnow}


def content_hash(content):
    """SHA-256 over the canonical JSON of the content: the same data, the same hash."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
