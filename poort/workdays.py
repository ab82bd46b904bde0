"""Working days of the desks: Monday to Friday, except the Dutch public holidays.

The one place that decides which days a desk is closed (docs/dashboard.md, "Overdue"). The
holidays come from the `holidays` library ("NL"): Nieuwjaarsdag, 2e Paasdag, Koningsdag,
Bevrijdingsdag in lustrum years (2025, 2030, ...), Hemelvaartsdag, 2e Pinksterdag and both
Kerstdagen. Goede Vrijdag is left out: it is no general day off (not in the Algemene
termijnenwet) and most desks are open. Easter and Whit Sunday are Sundays anyway.
"""

import bisect
import datetime
import functools

import holidays
from dateutil.easter import easter


@functools.cache
def closed_weekdays(year: int) -> tuple[datetime.date, ...]:
    """The public holidays of a year that fall on a Monday to Friday, in order."""
    good_friday = easter(year) - datetime.timedelta(days=2)
    days = holidays.country_holidays("NL", years=year, categories=holidays.PUBLIC)
    return tuple(sorted(day for day in days if day.weekday() < 5 and day != good_friday))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in closed_weekdays(day.year)


def _closed_up_to(day: datetime.date) -> int:
    """How many closed weekdays of day's year fall on or before day."""
    return bisect.bisect_right(closed_weekdays(day.year), day)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after start, up to and including end (0 when end is not after start)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    weekdays = weeks * 5 + sum(1 for day in range(1, rest + 1) if (start.weekday() + day) % 7 < 5)
    closed = _closed_up_to(end) - _closed_up_to(start)
    for year in range(start.year, end.year):
        closed += len(closed_weekdays(year))
    return weekdays - closed


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`th working day after start: the last day of a promise of `days` working days
    made on start (working_days_between(start, it) == days; a day later is overdue)."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        days -= is_working_day(day)
    return day
