"""Working days on China's official calendar: holidays off, make-up working days on."""
import logging
from datetime import date

import pytest

from congress.core import workdays
from congress.core.workdays import add_working_days, is_working_day


@pytest.mark.parametrize(("start", "n", "expected"), [
    # National Day 2025: 1-8 October off; Sunday 28 September and Saturday 11 October worked
    (date(2025, 9, 30), 1, date(2025, 10, 9)),
    (date(2025, 9, 26), 1, date(2025, 9, 28)),     # the make-up Sunday counts
    (date(2025, 10, 9), 2, date(2025, 10, 11)),    # the make-up Saturday counts
    (date(2025, 9, 26), 5, date(2025, 10, 10)),    # 28, 29, 30 Sep, 9, 10 Oct
    # Spring Festival 2026: 15-23 February off; Saturdays 14 and 28 February worked
    (date(2026, 2, 13), 1, date(2026, 2, 14)),
    (date(2026, 2, 13), 2, date(2026, 2, 24)),
    (date(2026, 2, 12), 5, date(2026, 2, 26)),     # 13, 14, 24, 25, 26
    (date(2026, 2, 27), 1, date(2026, 2, 28)),
    # National Day 2026: 1-7 October off, Saturday 10 October worked
    (date(2026, 9, 30), 1, date(2026, 10, 8)),
    (date(2026, 10, 9), 1, date(2026, 10, 10)),
    # an ordinary week: Friday + 1 is Monday
    (date(2026, 3, 6), 1, date(2026, 3, 9)),
])
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_thirty_working_days_across_national_day():
    # 2025-09-30 + 30: October has 8 days off and one make-up Saturday
    end = add_working_days(date(2025, 9, 30), 30)
    counted = [d for d in (date.fromordinal(o) for o in range(date(2025, 10, 1).toordinal(),
                                                              end.toordinal() + 1))
               if is_working_day(d)]
    assert len(counted) == 30
    # October: 9, 10, 11 (make-up Saturday) and three full weeks = 18; November 3-18 = 12
    assert end == date(2025, 11, 18)


def test_unknown_year_falls_back_to_monday_to_friday(caplog):
    workdays._warned_years.discard(2031)
    with caplog.at_level(logging.WARNING, logger="congress.core.workdays"):
        # Wednesday 1 October 2031: no holiday known, so a working day; Friday + 1 is Monday
        assert is_working_day(date(2031, 10, 1))
        assert add_working_days(date(2031, 10, 3), 1) == date(2031, 10, 6)
        assert not is_working_day(date(2031, 10, 4))
    assert sum("2031" in r.getMessage() for r in caplog.records) == 1  # said once


def test_n_must_be_positive():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), 0)
