"""Result arithmetic, pure and separate from storage so it can be checked as a table.

Exact decimals throughout: a score or rate is rounded only when it is stored or shown.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Option:
    id: int
    weight: Decimal
    favourable: bool


@dataclass(frozen=True)
class Outcome:
    counts: dict          # option id → votes
    abstain: int
    favourable_rate: Fraction | None   # favourable / non-abstaining votes
    score: Fraction | None             # weighted mean × 100
    rank: int | None = None
    passed: bool | None = None


def tally_subject(counts, cast, options):
    """One subject's outcome from its counts per option and the number of papers cast."""
    counts = {o.id: int(counts.get(o.id, 0)) for o in options}
    voted = sum(counts.values())
    if voted > cast:
        raise ValueError("more marks than papers")
    if voted == 0:
        return Outcome(counts, cast - voted, None, None)
    favourable = sum(n for oid, n in counts.items() if _option(options, oid).favourable)
    weighted = sum(Fraction(str(_option(options, oid).weight)) * n for oid, n in counts.items())
    return Outcome(counts, cast - voted, Fraction(favourable, voted), weighted * 100 / voted)


def _option(options, oid):
    return next(o for o in options if o.id == oid)


def rank_by_score(outcomes):
    """Competition ranking (1, 2, 2, 4) by score, highest first; no score, no rank."""
    scored = sorted((o.score for o in outcomes if o.score is not None), reverse=True)
    ranked = []
    for outcome in outcomes:
        rank = None if outcome.score is None else 1 + sum(1 for s in scored if s > outcome.score)
        ranked.append(Outcome(outcome.counts, outcome.abstain, outcome.favourable_rate,
                              outcome.score, rank, outcome.passed))
    return ranked


def motion_passed(outcome, present, pass_ratio):
    """A motion passes with more favourable votes than pass_ratio × those present."""
    favourable = (outcome.favourable_rate or 0) * (sum(outcome.counts.values()))
    return favourable > Fraction(str(pass_ratio)) * present


def as_decimal(value, places):
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        quantum, rounding=ROUND_HALF_UP)
