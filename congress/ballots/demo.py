"""The played demo's by-election (补选): two seats, three candidates, names written in allowed;
one delegation votes on paper and two tellers enter its counts; the first round elects one
candidate and ties the other two at the last seat, so a second round between them fills it.

Everything goes through the real services, as `seed-demo --played` does for the rest of the
meeting (congress/records/demo.py)."""
import random
from collections import Counter

from congress.ballots import casting, elections, paper, services
from congress.extensions import db

TITLE = "补选中共合肥市委员会委员"
CANDIDATES = ("陈志强", "王建国", "刘海燕")  # given in no order: the ballot sorts by strokes
SEATS = 2
WRITTEN_IN = "赵刚"
TELLERS = ("计票人 孙丽", "计票人 周伟")


def hold_by_election(meeting, present):
    """Both rounds of the by-election among `present` (checked-in delegates, in a fixed
    order); returns the rounds, the first first."""
    voters_on_paper = _paper_delegation(present)
    officers = _officers(meeting, present)
    first = services.create_ballot(None, meeting, title=TITLE, kind="election",
                                   subjects=list(CANDIDATES), seats=SEATS, write_ins=True,
                                   elect_base="due", officers=officers)
    db.session.flush()
    _hold(first, present, voters_on_paper, _first_round_marks(first, present))
    rounds = [first]
    if first.runoff_needed:  # at the demo's size: the tie at the last seat
        left = None if first.runoff_needed["subject_ids"] else [
            r.subject.title for r in first.results if not r.elected]  # 另选 among the rest
        second = services.start_runoff(None, first, subjects=left)
        db.session.flush()
        _hold(second, present, voters_on_paper, _second_round_marks(second, present))
        rounds.append(second)
    db.session.commit()
    return rounds


def _paper_delegation(present):
    """The delegates of the last delegation present vote on paper."""
    delegation_id = present[-1].delegation_id
    return {d.id for d in present if d.delegation_id == delegation_id}


def _officers(meeting, present):
    """A chief scrutineer and two scrutineers from the electors (none is a candidate: the
    candidates of the demo are not delegates), and two tellers."""
    chosen = [(role, d.name) for role, d in zip(
        ("chief_scrutineer", "scrutineer", "scrutineer"), present[:3], strict=True)]
    officers = elections.officers_by_name(meeting, chosen)
    return officers + [("teller", name, None) for name in TELLERS]


def _options(ballot):
    in_favour, against, abstain = ballot.options  # 赞成 / 不赞成 / 弃权, in that order
    return in_favour.id, against.id, abstain.id


def _first_round_marks(ballot, present):
    """Each elector's (choices, names written in), or None for a paper spoiled by over-marking.
    Two groups vote for the first two candidates in stroke order with one each of the others,
    a third group for the other two: the first is elected, the other two tie above half of
    the delegates due, so the last seat needs a second round between them."""
    yes, no, abstain = _options(ballot)
    a, b, c = (s.id for s in ballot.subjects)
    n = len(present)
    pair, third = round(n * 0.35), round(n * 0.2)
    plans = ([{a: yes, b: yes, c: no}] * pair + [{a: yes, b: no, c: yes}] * pair
             + [{a: no, b: yes, c: yes}] * third)
    rest = n - len(plans)
    others = [None, ({a: yes, b: no, c: no}, [WRITTEN_IN])] \
        + [({a: no, b: no, c: no}, [])] * (rest // 2) \
        + [({a: abstain, b: abstain, c: abstain}, [])] * rest
    return ([(plan, []) for plan in plans] + others)[:n]


def _second_round_marks(ballot, present):
    """Most electors for the first candidate in stroke order, some for the second."""
    yes, no, abstain = _options(ballot)
    subjects = [s.id for s in ballot.subjects]
    n = len(present)

    def only(chosen):
        return {s: yes if s == chosen else no for s in subjects}

    plans = [only(subjects[0])] * round(n * 0.65) + [only(subjects[-1])] * round(n * 0.25)
    plans += [dict.fromkeys(subjects, abstain)] * (n - len(plans))
    return [(plan, []) for plan in plans]


def _hold(ballot, present, voters_on_paper, marks):
    """Open, hand out the papers, let the tablets vote, enter the two tellers' counts of the
    papers returned and close. The one spoiled mark (None) goes to a paper voter."""
    services.open_ballot(None, ballot)
    on_paper = [d for d in present if d.id in voters_on_paper]
    on_tablet = [d for d in present if d.id not in voters_on_paper]
    # the spoiled paper (None) and the names written in are on paper; tablets cannot spoil
    ordered = on_tablet + on_paper
    marks = _spoiled_to_paper(marks, len(on_tablet))
    for delegate in on_paper:
        paper.issue_paper(None, ballot, delegate)
    for delegate, (choices, write_ins) in zip(ordered[:len(on_tablet)], marks, strict=False):
        casting.cast_vote(delegate, casting.vote_target(ballot.id, delegate),
                          {str(s): o for s, o in choices.items()}, write_ins=write_ins or None)
    papers = marks[len(on_tablet):len(ordered)]
    counts, write_ins, invalid = _count(papers)
    for entry, teller in enumerate(TELLERS, start=1):
        paper.enter_tally(None, ballot, entry=entry, teller=teller, returned=len(papers),
                          invalid=invalid, counts=counts, write_ins=write_ins)
    services.close_ballot(None, ballot)
    db.session.commit()


def _spoiled_to_paper(marks, tablets):
    """Move every spoiled paper and every paper with a name written in behind the tablets',
    the others shuffled (always the same way) so the paper delegation votes like the room."""
    special = [m for m in marks if m is None or (m and m[1])]
    plain = [m for m in marks if m is not None and not m[1]]
    random.Random(TITLE).shuffle(plain)
    return plain[:tablets] + special + plain[tablets:]


def _count(papers):
    counts, write_ins, invalid = {}, Counter(), 0
    for mark in papers:
        if mark is None:
            invalid += 1
            continue
        choices, names = mark
        for subject, option in choices.items():
            per_subject = counts.setdefault(str(subject), {})
            per_subject[str(option)] = per_subject.get(str(option), 0) + 1
        write_ins.update(names)
    return counts, dict(write_ins), invalid
