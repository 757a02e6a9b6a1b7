"""Result arithmetic as a table: counts, abstentions, favourable rate, score, rank."""
from decimal import Decimal
from fractions import Fraction

import pytest

from congress.ballots.tally import Option, as_decimal, motion_passed, rank_by_score, tally_subject

RATING = [Option(1, Decimal("1.0"), True), Option(2, Decimal("0.8"), True),
          Option(3, Decimal("0.6"), False), Option(4, Decimal("0.4"), False)]
MOTION = [Option(1, Decimal("1"), True), Option(2, Decimal("0"), False),
          Option(3, Decimal("0"), False)]


@pytest.mark.parametrize("counts, cast, abstain, rate, score", [
    ({1: 10}, 10, 0, Fraction(1), Fraction(100)),
    ({4: 10}, 10, 0, Fraction(0), Fraction(40)),
    ({1: 5, 2: 3, 3: 1, 4: 1}, 10, 0, Fraction(8, 10), Fraction(84)),   # (5+2.4+.6+.4)/10
    ({1: 5, 2: 3}, 10, 2, Fraction(1), Fraction(925, 10)),              # (5+2.4)/8
    ({1: 1, 3: 1}, 3, 1, Fraction(1, 2), Fraction(80)),
    ({}, 10, 10, None, None),                                            # all abstain
    ({}, 0, 0, None, None),                                              # nobody voted
    ({2: 7}, 7, 0, Fraction(1), Fraction(80)),
    ({1: 1, 2: 1, 3: 1}, 3, 0, Fraction(2, 3), Fraction(80)),
])
def test_one_subject(counts, cast, abstain, rate, score):
    outcome = tally_subject(counts, cast, RATING)
    assert outcome.abstain == abstain
    assert outcome.favourable_rate == rate
    assert outcome.score == score
    assert sum(outcome.counts.values()) + outcome.abstain == cast
    assert set(outcome.counts) == {1, 2, 3, 4}


def test_more_marks_than_papers_is_an_error():
    with pytest.raises(ValueError):
        tally_subject({1: 3}, 2, RATING)


@pytest.mark.parametrize("scores, ranks", [
    ([90, 80, 70], [1, 2, 3]),
    ([80, 90, 70], [2, 1, 3]),
    ([90, 90, 70], [1, 1, 3]),          # a tie shares the rank, the next rank is skipped
    ([70, 90, 90, 90], [4, 1, 1, 1]),
    ([None, 80, None], [None, 1, None]),  # all abstained: no score, no rank
    ([None, None], [None, None]),
])
def test_ranking(scores, ranks):
    outcomes = [tally_subject({1: 1}, 1, RATING) for _ in scores]
    outcomes = [type(o)(o.counts, o.abstain, o.favourable_rate,
                        None if s is None else Fraction(s))
                for o, s in zip(outcomes, scores, strict=True)]
    assert [o.rank for o in rank_by_score(outcomes)] == ranks


@pytest.mark.parametrize("counts, present, ratio, passed", [
    ({1: 51, 2: 49}, 100, "0.5", True),
    ({1: 50, 2: 50}, 100, "0.5", False),     # exactly half of those present is not enough
    ({1: 50, 3: 10}, 100, "0.5", False),
    ({1: 51}, 100, "0.5", True),             # everyone else abstained: still more than half
    ({1: 60, 2: 10}, 100, "0.6667", False),  # two-thirds rule
    ({1: 67, 2: 10}, 100, "0.6667", True),
])
def test_motion_passing(counts, present, ratio, passed):
    outcome = tally_subject(counts, present, MOTION)
    assert motion_passed(outcome, present, ratio) is passed


@pytest.mark.parametrize("value, places, expected", [
    (Fraction(2, 3), 4, Decimal("0.6667")), (Fraction(1, 8), 2, Decimal("0.13")),
    (Fraction(925, 10), 4, Decimal("92.5000")), (None, 2, None)])
def test_rounding_half_up(value, places, expected):
    assert as_decimal(value, places) == expected
