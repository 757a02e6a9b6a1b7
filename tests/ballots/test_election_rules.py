"""The election rules as tables (ballots/election_rules.py): more than half of the base elects
(exactly half does not), the most votes win when more pass than seats, a tie at the last seat
elects none of the tied, fewer passing leaves seats for another round, names written in count,
an over-marked paper is invalid, more papers returned than issued voids the election."""
from fractions import Fraction

import pytest

from congress.ballots.election_rules import (
    ElectionVoid,
    by_votes,
    check_papers,
    decide,
    over_marked,
)

# (subject id, name): three candidates
A, B, C, D = (1, "王红"), (2, "李明"), (3, "张强"), (4, "刘芳")


def _run(votes, seats, due=10, present=10, base="due", write_ins=None):
    candidates = [(sid, name, v) for (sid, name), v in votes.items()]
    return decide(candidates, seats=seats, due=due, present=present, base=base,
                  write_ins=write_ins, valid=present, invalid=0)


def _elected_ids(outcome):
    return {s.subject_id for s in outcome.candidates if s.elected}


@pytest.mark.parametrize("votes, seats, due, present, base, elected, runoff", [
    # more than half of the due (10): 6 elects, exactly half (5) does not
    ({A: 6}, 1, 10, 10, "due", {1}, None),
    ({A: 5}, 1, 10, 10, "due", set(), {"seats": 1, "subject_ids": []}),
    # odd base: 11 due → more than 5.5, so 6
    ({A: 6}, 1, 11, 11, "due", {1}, None),
    ({A: 5}, 1, 11, 11, "due", set(), {"seats": 1, "subject_ids": []}),
    # due is the base even when fewer are present: 5 of 8 present, 10 due → not elected
    ({A: 5}, 1, 10, 8, "due", set(), {"seats": 1, "subject_ids": []}),
    # the present base (实到): 5 of 8 present elects, 4 (exactly half) does not
    ({A: 5}, 1, 10, 8, "present", {1}, None),
    ({A: 4}, 1, 10, 8, "present", set(), {"seats": 1, "subject_ids": []}),
    # 等额: both pass, both elected
    ({A: 9, B: 7}, 2, 10, 10, "due", {1, 2}, None),
    # 差额, more pass than seats: the most votes win
    ({A: 9, B: 7, C: 8}, 2, 10, 10, "due", {1, 3}, None),
    # a tie at the last seat: none of the tied; a further round among them for 1 seat
    ({A: 9, B: 7, C: 7}, 2, 10, 10, "due", {1}, {"seats": 1, "subject_ids": [2, 3]}),
    # a tie of all for one seat
    ({A: 7, B: 7}, 1, 10, 10, "due", set(), {"seats": 1, "subject_ids": [1, 2]}),
    # a tie that fits the seats exactly elects them all
    ({A: 7, B: 7, C: 3}, 2, 10, 10, "due", {1, 2}, None),
    # a tie at the last seat below two who are above it
    ({A: 9, B: 8, C: 6, D: 6}, 3, 10, 10, "due", {1, 2},
     {"seats": 1, "subject_ids": [3, 4]}),
    # fewer pass than seats: the seats left for 另选
    ({A: 9, B: 5, C: 2}, 2, 10, 10, "due", {1}, {"seats": 1, "subject_ids": []}),
    ({A: 3, B: 2}, 2, 10, 10, "due", set(), {"seats": 2, "subject_ids": []}),
])
def test_who_is_elected(votes, seats, due, present, base, elected, runoff):
    outcome = _run(votes, seats, due, present, base)
    assert _elected_ids(outcome) == elected
    assert outcome.runoff_needed == runoff
    assert len(outcome.elected) <= seats
    assert [s.votes_for for s in outcome.candidates] == list(votes.values())


def test_the_threshold_is_half_of_the_base():
    assert _run({A: 1}, 1, due=11, present=7).threshold == Fraction(11, 2)
    assert _run({A: 1}, 1, due=11, present=7, base="present").threshold == Fraction(7, 2)


@pytest.mark.parametrize("votes, write_ins, seats, elected, written_in_elected, runoff", [
    # a name written in that passes is elected like a candidate
    ({A: 9, B: 3}, {"赵刚": 6}, 2, {1}, ["赵刚"], None),
    # below the threshold: counted, not elected
    ({A: 9, B: 7}, {"赵刚": 2, "孙丽": 1}, 2, {1, 2}, [], None),
    # a name written in that beats a candidate takes the seat
    ({A: 9, B: 6}, {"赵刚": 7}, 2, {1}, ["赵刚"], None),
    # a tie between a candidate and a written-in name at the last seat: neither
    ({A: 9, B: 7}, {"赵刚": 7}, 2, {1}, [], {"seats": 1, "subject_ids": [2]}),
])
def test_names_written_in_count(votes, write_ins, seats, elected, written_in_elected, runoff):
    outcome = _run(votes, seats, write_ins=write_ins)
    assert _elected_ids(outcome) == elected
    assert [s.name for s in outcome.write_ins if s.elected] == written_in_elected
    assert {s.name: s.votes_for for s in outcome.write_ins} == write_ins
    assert outcome.runoff_needed == runoff


def test_the_elected_are_listed_in_stroke_order_and_alternates_by_votes():
    # 王 (4 strokes) before 刘 (6) before 李 (7, first stroke 横) before 张 (7, 折)
    votes = {(1, "张强"): 9, (2, "李明"): 8, (3, "王红"): 6, (4, "刘芳"): 8}
    outcome = _run(votes, 4)
    assert [s.name for s in outcome.elected] == ["王红", "刘芳", "李明", "张强"]
    # alternates: by votes, the tie (8) in stroke order
    assert [s.name for s in outcome.alternates_order] == ["张强", "刘芳", "李明", "王红"]
    assert [s.name for s in by_votes(outcome.candidates)][:1] == ["张强"]


@pytest.mark.parametrize("marks_for, written_in, seats, invalid", [
    (2, 0, 2, False),
    (3, 0, 2, True),     # a third 赞成 on a 2-seat paper
    (1, 1, 2, False),
    (2, 1, 2, True),     # 赞成 plus a written-in name over the seats
    (0, 3, 2, True),
    (0, 0, 2, False),    # all 不赞成 or 弃权: valid
])
def test_an_over_marked_paper_is_invalid(marks_for, written_in, seats, invalid):
    assert over_marked(marks_for, written_in, seats) is invalid


@pytest.mark.parametrize("issued, returned, void", [
    (40, 40, False), (40, 39, False), (40, 0, False), (40, 41, True), (0, 1, True)])
def test_more_papers_returned_than_issued_voids_the_election(issued, returned, void):
    if void:
        with pytest.raises(ElectionVoid):
            check_papers(issued, returned)
        with pytest.raises(ElectionVoid):
            decide([(1, "王红", 9)], seats=1, due=10, present=10, issued=issued,
                   returned=returned)
    else:
        check_papers(issued, returned)
        assert decide([(1, "王红", 9)], seats=1, due=10, present=10, issued=issued,
                      returned=returned).runoff_needed is None


def test_valid_and_invalid_are_carried():
    outcome = decide([(1, "王红", 6)], seats=1, due=10, present=9, valid=8, invalid=1)
    assert (outcome.valid, outcome.invalid) == (8, 1)


def test_an_election_needs_a_seat():
    with pytest.raises(ValueError):
        decide([(1, "王红", 6)], seats=0, due=10, present=10)
