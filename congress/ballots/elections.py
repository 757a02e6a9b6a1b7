"""Elections (选举, 补选) in the ballots area: an election's own fields and officers when it is
prepared, its results frozen at close by the rules (ballots/election_rules.py), its rounds and
the names elected. Creating, opening and closing go through ballots/services.py, which calls
here; the next round (services.start_runoff) is created there."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from congress.ballots import election_rules
from congress.ballots.count_models import BallotOfficer
from congress.ballots.models import Ballot, ElectBase, OfficerRole, SubjectResult
from congress.ballots.strokes import stroke_sorted
from congress.ballots.tally import Option, as_decimal, tally_subject
from congress.core.errors import Invalid
from congress.extensions import db
from congress.meetings.models import on_roster
from congress.people.models import Delegate

MAX_NAME = 64  # a candidate's, an officer's or a written-in name


def setup(ballot, names, seats, write_ins, elect_base, officers):
    """Check and set an election's own fields; the candidates' names in stroke order."""
    if any(len(n) > MAX_NAME for n in names):
        raise Invalid(_l("subjects: a candidate's name has at most %(n)s characters",
                         n=MAX_NAME), field="subjects")
    if not isinstance(seats, int) or isinstance(seats, bool) or seats < 1:
        raise Invalid(_l("seats: at least one seat"), field="seats")
    if not isinstance(write_ins, bool):
        raise Invalid(_l("write_ins: must be true or false"), field="write_ins")
    if seats > len(names) and not write_ins:
        raise Invalid(_l("seats: %(seats)s seats need at least as many candidates, or "
                         "names written in", seats=seats), field="seats")
    try:
        ballot.elect_base = ElectBase(elect_base or "due")
    except ValueError:
        raise Invalid(_l("elect_base: must be due or present"), field="elect_base") from None
    ballot.seats, ballot.write_ins = seats, write_ins
    ballot.officers = _officers(officers, names)
    return stroke_sorted(names)


def _officers(officers, candidates):
    """[BallotOfficer] from [(role, name, delegate id or None)]: a chief scrutineer at most,
    and no candidate among the scrutineers (监票人 are electors who are not candidates)."""
    rows, seen = [], set()
    for position, (role, name, delegate_id) in enumerate(officers):
        name = (name or "").strip()
        if not name:
            continue
        try:
            role = OfficerRole(role)
        except ValueError:
            raise Invalid(_l("officers: unknown role %(role)s", role=role),
                          field="officers") from None
        if len(name) > MAX_NAME:
            raise Invalid(_l("officers: a name has at most %(n)s characters", n=MAX_NAME),
                          field="officers")
        if role in (OfficerRole.chief_scrutineer, OfficerRole.scrutineer) and \
                name in candidates:
            raise Invalid(_l("officers: %(name)s is a candidate and cannot be a scrutineer",
                             name=name), field="officers")
        if (role, name) in seen:
            continue
        seen.add((role, name))
        rows.append(BallotOfficer(role=role, name=name, position=position,
                                  delegate_id=delegate_id))
    if sum(1 for r in rows if r.role is OfficerRole.chief_scrutineer) > 1:
        raise Invalid(_l("officers: one chief scrutineer"), field="officers")
    return rows


def officers_by_name(meeting, officers):
    """[(role, name, delegate id or None)] from [(role, name)]: the id of the delegate of the
    meeting's roster of that name, when there is exactly one."""
    names = {name for _role, name in officers}
    found = {}
    for delegate_id, name in db.session.execute(
            select(Delegate.id, Delegate.name).where(on_roster(meeting),
                                                     Delegate.name.in_(names))):
        found.setdefault(name, []).append(delegate_id)
    return [(role, name, found[name][0] if len(found.get(name, ())) == 1 else None)
            for role, name in officers]


def rounds(ballot):
    """Every round of the election `ballot` belongs to, the first first."""
    first = ballot
    while first.round_of is not None:
        first = first.round_of
    chain = [first]
    while True:
        nxt = db.session.scalar(select(Ballot).where(Ballot.round_of_id == chain[-1].id)
                                .order_by(Ballot.id).limit(1))
        if nxt is None or nxt in chain:
            return chain
        chain.append(nxt)


def next_round_title(ballot):
    first = rounds(ballot)[0]
    return str(_l("%(title)s (round %(n)s)", title=first.title, n=len(rounds(ballot)) + 1))


def freeze_results(ballot, counts, write_ins, *, valid, invalid):
    """Freeze an election's results at close from the totals: `counts` {subject id: {option
    id: votes}} and `write_ins` {name: votes} of the valid papers, tablet and paper together;
    `valid`, `invalid` papers. Who is elected: election_rules.decide, on 应到 / 实到 at close.
    The paper count adds its totals to the tablet's (marks_counted, write_ins_counted,
    cast_count) before calling this."""
    options = [Option(o.id, o.weight, o.is_favourable) for o in ballot.options]
    favourable = [o.id for o in ballot.options if o.is_favourable]
    votes_for = {s.id: sum(counts.get(s.id, {}).get(oid, 0) for oid in favourable)
                 for s in ballot.subjects}
    outcome = election_rules.decide(
        [(s.id, s.title, votes_for[s.id]) for s in ballot.subjects], seats=ballot.seats,
        due=ballot.due_at_close, present=ballot.present_at_close, base=ballot.elect_base.value,
        write_ins=write_ins, valid=valid, invalid=invalid)
    elected = {s.subject_id for s in outcome.candidates if s.elected}
    for subject in ballot.subjects:
        outcome_ = tally_subject(counts.get(subject.id, {}), valid, options)
        db.session.add(SubjectResult(
            ballot_id=ballot.id, subject_id=subject.id, position=subject.position,
            counts={str(k): v for k, v in outcome_.counts.items()}, abstain=outcome_.abstain,
            favourable_rate=as_decimal(outcome_.favourable_rate, 6), score=None, rank=None,
            passed=None, votes_for=votes_for[subject.id], elected=subject.id in elected))
    ballot.valid_count, ballot.invalid_count = valid, invalid
    ballot.write_in_results = [{"name": s.name, "votes": s.votes_for, "elected": s.elected}
                               for s in outcome.write_ins]
    ballot.runoff_needed = outcome.runoff_needed
    db.session.flush()
    db.session.expire(ballot, ["results"])
