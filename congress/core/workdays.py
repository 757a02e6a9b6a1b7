"""Working days on China's official calendar (法定节假日 off, 调休 make-up working days on),
from the maintained `chinese_calendar` package, which the State Council's yearly notice
updates. The package knows the years it was released for (1.11.0: up to 2026); for a later
year the count falls back to Monday to Friday and says so once in the log (docs/decisions.md):
deadlines that far ahead are then a day or two early around the holidays, never later."""
import logging
from datetime import date, timedelta

import chinese_calendar

log = logging.getLogger(__name__)
# the years of the State Council notices the installed package holds (1.11.0: 2004-2026)
KNOWN_YEARS = frozenset(day.year for day in chinese_calendar.holidays)
_warned_years = set()


def is_working_day(day: date) -> bool:
    if day.year in KNOWN_YEARS:
        return chinese_calendar.is_workday(day)
    if day.year not in _warned_years:
        _warned_years.add(day.year)
        log.warning("chinese_calendar does not know %s: counting Monday to Friday as "
                    "working days (update the package)", day.year)
    return day.weekday() < 5


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (`day` itself not counted; n >= 1)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    current = day
    while n:
        current += timedelta(days=1)
        if is_working_day(current):
            n -= 1
    return current
