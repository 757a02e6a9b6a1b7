"""Who is elected: the rules of an election (选举) as pure arithmetic, apart from storage, so
they can be checked as a table (tests/ballots/test_election_rules.py) and fed the tablet and
the paper counts alike.

Per 中国共产党地方组织选举工作条例 and common practice:
- a candidate is elected with 赞成 votes *more than half* of the base: the delegates due (应到)
  at the meeting, or those present (实到) where the election says so; exactly half is not
  enough;
- if more pass than there are seats, the most votes win; a tie at the last seat elects none of
  the tied, who go to a further round for the seats still open;
- if fewer pass, the seats left go to a further round (另选) — or stay open by decision;
- a paper with more 赞成 marks plus written-in names than seats is invalid (无效票);
- more papers returned (收回) than issued (发出) voids the election: it is held again.

A name written in (另选他人) counts like a candidate: it passes with more than half of the base.
The elected are listed in surname stroke order (ballots/strokes.py); alternates (候补) by
votes, ties in stroke order.
"""
from dataclasses import dataclass, field
from fractions import Fraction

from congress.ballots.strokes import stroke_key


class ElectionVoid(ValueError):
    """More papers returned than issued: the election is void and held again."""


@dataclass(frozen=True)
class Standing:
    """One candidate's (or written-in name's) outcome."""
    name: str
    votes_for: int
    elected: bool
    subject_id: int | None = None  # None: a name written in


@dataclass(frozen=True)
class ElectionOutcome:
    candidates: list          # [Standing] of the candidates, in the order given
    write_ins: list           # [Standing] of the names written in, most votes first
    valid: int
    invalid: int
    threshold: Fraction       # more than this many 赞成 votes elects
    runoff_needed: dict | None = field(default=None)  # {"seats", "subject_ids"}

    @property
    def elected(self):
        """Everyone elected, candidates and names written in, in surname stroke order."""
        return in_stroke_order(s for s in (*self.candidates, *self.write_ins) if s.elected)

    @property
    def alternates_order(self):
        """The elected as alternates (候补) are listed: by votes, ties in stroke order."""
        return by_votes(s for s in (*self.candidates, *self.write_ins) if s.elected)


def in_stroke_order(standings):
    return sorted(standings, key=lambda s: stroke_key(s.name))


def by_votes(standings):
    return sorted(standings, key=lambda s: (-s.votes_for, stroke_key(s.name)))


def over_marked(favourable_marks, write_ins, seats):
    """Whether a paper is invalid: more 赞成 marks plus names written in than seats."""
    return favourable_marks + write_ins > seats


def check_papers(issued, returned):
    """Raise ElectionVoid when more papers came back than were issued."""
    if returned > issued:
        raise ElectionVoid(f"{returned} papers returned, {issued} issued")


def decide(candidates, *, seats, due, present, base="due", write_ins=None, valid=0,
           invalid=0, issued=None, returned=None):
    """The outcome of an election.

    `candidates`: [(subject id, name, votes for)] with the 赞成 votes of the tablet and the
    paper counts together; `write_ins`: {name: votes}; `valid`, `invalid`: papers (tablet votes
    plus papers returned, less invalid papers; invalid papers); `due`, `present`: 应到, 实到 at
    the close; `base`: "due" or "present"; `issued`, `returned`: paper counts, when papers
    were used (more returned than issued raises ElectionVoid).
    """
    if seats < 1:
        raise ValueError("an election needs at least one seat")
    if issued is not None and returned is not None:
        check_papers(issued, returned)
    threshold = Fraction(due if base == "due" else present, 2)
    everyone = [(sid, name, int(votes)) for sid, name, votes in candidates]
    everyone += [(None, name, int(votes)) for name, votes in (write_ins or {}).items()]
    passing = [entry for entry in everyone if entry[2] > threshold]
    runoff = None
    if len(passing) <= seats:
        chosen = passing
        if len(passing) < seats:
            runoff = {"seats": seats - len(passing), "subject_ids": []}
    else:
        passing.sort(key=lambda e: -e[2])
        last = passing[seats - 1][2]
        above = [e for e in passing if e[2] > last]
        tied = [e for e in passing if e[2] == last]
        if len(above) + len(tied) == seats:
            chosen = above + tied
        else:  # a tie at the last seat: none of the tied, a further round among them
            chosen = above
            runoff = {"seats": seats - len(above),
                      "subject_ids": [e[0] for e in tied if e[0] is not None]}
    chosen_keys = {(e[0], e[1]) for e in chosen}

    def standing(entry):
        sid, name, votes = entry
        return Standing(name, votes, (sid, name) in chosen_keys, sid)

    return ElectionOutcome(
        candidates=[standing(e) for e in everyone if e[0] is not None],
        write_ins=sorted((standing(e) for e in everyone if e[0] is None),
                         key=lambda s: (-s.votes_for, stroke_key(s.name))),
        valid=valid, invalid=invalid, threshold=threshold, runoff_needed=runoff)
