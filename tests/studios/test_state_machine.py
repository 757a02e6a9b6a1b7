"""The concern's state machine as a table: each step from each state, allowed or refused,
and where it leads; the deadlines it sets."""
from datetime import UTC, datetime

import pytest

from congress.core.errors import Conflict
from congress.core.workdays import add_working_days
from congress.extensions import db
from congress.people.models import HandlingUnit
from congress.people.services import create_unit, root_organisation
from congress.studios import services
from congress.studios.models import ConcernStatus as S

# Thursday 25 September 2025, 10:00 in Beijing: just before National Day
RECEIVED = datetime(2025, 9, 25, 2, 0, tzinfo=UTC)
LATER = datetime(2025, 10, 9, 2, 0, tzinfo=UTC)

PATHS = {  # how to bring a fresh concern into each state
    S.received: [],
    S.answered: [("answer", "当场答复")],
    S.referred: [("refer", None)],
    S.replied: [("refer", None), ("reply", "已处理")],
    S.closed: [("refer", None), ("reply", "已处理"), ("feedback", "satisfied")],
}

STEPS = [  # (from, step, argument, to or None when refused)
    (S.received, "answer", "当场答复", S.answered),
    (S.received, "refer", None, S.referred),
    (S.received, "reply", "x", None),
    (S.received, "feedback", "satisfied", None),
    (S.answered, "answer", "x", None),
    (S.answered, "refer", None, None),
    (S.answered, "reply", "x", None),
    (S.answered, "feedback", "satisfied", S.closed),
    (S.answered, "feedback", "unsatisfied", S.received),
    (S.referred, "answer", "x", None),
    (S.referred, "refer", None, S.referred),
    (S.referred, "reply", "已处理", S.replied),
    (S.referred, "feedback", "satisfied", None),
    (S.replied, "answer", "x", None),
    (S.replied, "refer", None, None),
    (S.replied, "reply", "x", None),
    (S.replied, "feedback", "satisfied", S.closed),
    (S.replied, "feedback", "basically_satisfied", S.closed),
    (S.replied, "feedback", "unsatisfied", S.referred),
    (S.closed, "answer", "x", None),
    (S.closed, "refer", None, None),
    (S.closed, "reply", "x", None),
    (S.closed, "feedback", "unsatisfied", None),
]


def _step(concern, unit, name, argument, at):
    if name == "answer":
        return services.answer_concern(None, concern, argument, at=at)
    if name == "refer":
        return services.refer_concern(None, concern, unit, "请处理", at=at)
    if name == "reply":
        return services.reply_concern(None, concern, argument, at=at)
    return services.give_feedback(None, concern, argument, at=at)


@pytest.mark.parametrize(("start", "step", "argument", "end"), STEPS,
                         ids=[f"{a.value}-{b}-{c}" for a, b, c, _ in STEPS])
def test_transition(app, start, step, argument, end):
    with app.app_context():
        studio = services.create_studio(None, root_organisation(), name="工作室")
        unit = create_unit(None, "市住建局")
        concern = services.take_concern(None, studio, channel="phone", text="路灯不亮",
                                        at=RECEIVED)
        for name, arg in PATHS[start]:
            _step(concern, unit, name, arg, RECEIVED)
        assert concern.status == start
        if end is None:
            with pytest.raises(Conflict):
                _step(concern, unit, step, argument, LATER)
            assert concern.status == start
        else:
            _step(concern, unit, step, argument, LATER)
            assert concern.status == end
        db.session.rollback()


def test_deadlines_across_national_day(app):
    with app.app_context():
        studio = services.create_studio(None, root_organisation(), name="工作室")
        unit = create_unit(None, "市住建局")
        concern = services.take_concern(None, studio, channel="visit", text="幼儿园围墙倾斜",
                                        at=RECEIVED)
        # 26, 28 (make-up Sunday), 29, 30 September, 9 October
        assert concern.refer_by.isoformat() == "2025-10-09"
        assert concern.is_overdue(concern.refer_by) is False
        assert concern.is_overdue(add_working_days(concern.refer_by, 1)) is True
        services.refer_concern(None, concern, unit, at=RECEIVED)
        assert concern.due_on == add_working_days(RECEIVED.date(), 30)
        services.reply_concern(None, concern, "已加固", at=LATER)
        services.give_feedback(None, concern, "unsatisfied", at=LATER)
        # counted again from the re-referral (9 October)
        assert concern.due_on == add_working_days(LATER.date(), 30)
        assert concern.referrals == 2 and concern.unit_id == unit.id
        assert db.session.get(HandlingUnit, unit.id) is concern.unit
        db.session.rollback()
