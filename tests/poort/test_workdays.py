"""Working days of the desks (poort/workdays.py, docs/dashboard.md "Overdue"): Monday to Friday,
except the Dutch public holidays. Every date below was checked with the `holidays` library."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poort.workdays import add_working_days, is_working_day, working_days_between

date = datetime.date


@pytest.mark.parametrize(
    "day",
    [
        date(2027, 1, 1),  # Nieuwjaarsdag, a Friday
        date(2027, 3, 29),  # 2e Paasdag
        date(2027, 4, 27),  # Koningsdag, a Tuesday
        date(2025, 5, 5),  # Bevrijdingsdag in a lustrum year, a Monday
        date(2027, 5, 6),  # Hemelvaartsdag
        date(2027, 5, 17),  # 2e Pinksterdag
        date(2026, 12, 25),  # 1e Kerstdag, a Friday
        date(2028, 12, 25),  # 1e Kerstdag, a Monday
        date(2028, 12, 26),  # 2e Kerstdag, a Tuesday
    ],
)
def test_desks_are_closed_on_dutch_public_holidays(day):
    assert day.weekday() < 5
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2027, 3, 26),  # Goede Vrijdag: most desks are open
        date(2026, 5, 5),  # Bevrijdingsdag outside a lustrum year, a Tuesday
        date(2027, 4, 28),  # the day after Koningsdag
        date(2026, 12, 24),  # Christmas Eve
    ],
)
def test_desks_are_open_on_good_friday_and_bevrijdingsdag_outside_lustrum_years(day):
    assert is_working_day(day)


def test_weekends_are_no_working_days():
    assert not is_working_day(date(2027, 4, 24))  # Saturday
    assert not is_working_day(date(2027, 4, 25))  # Sunday


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 12, 22), date(2026, 12, 28), 3),  # Tue → Mon over 1e Kerstdag (Friday)
        (date(2027, 4, 23), date(2027, 4, 28), 2),  # Fri → Wed over Koningsdag
        (date(2027, 3, 25), date(2027, 3, 30), 2),  # Thu → Tue: Goede Vrijdag open, 2e Paasdag
        (date(2027, 5, 5), date(2027, 5, 7), 1),  # Wed → Fri over Hemelvaartsdag
        (date(2027, 5, 14), date(2027, 5, 18), 1),  # Fri → Tue over 2e Pinksterdag
        (date(2028, 12, 22), date(2028, 12, 27), 1),  # Fri → Wed over both Kerstdagen
        (date(2026, 12, 31), date(2027, 1, 4), 1),  # Thu → Mon over Nieuwjaarsdag
    ],
)
def test_working_days_between_skip_the_holidays(start, end, days):
    assert working_days_between(start, end) == days


def test_a_year_has_the_weekdays_minus_the_holidays_on_weekdays():
    # 2027: 261 weekdays; closed: 1 Jan, 29 Mar, 27 Apr, 6 May, 17 May (Christmas is a weekend).
    assert working_days_between(date(2026, 12, 31), date(2027, 12, 31)) == 261 - 5


def day_by_day(start: datetime.date, end: datetime.date) -> int:
    span = (end - start).days
    return sum(is_working_day(start + datetime.timedelta(days=n)) for n in range(1, span + 1))


@given(
    start=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    length=st.integers(-10, 1200),
)
def test_working_days_between_agrees_with_counting_day_by_day(start, length):
    end = start + datetime.timedelta(days=length)

    assert working_days_between(start, end) == day_by_day(start, end)


@pytest.mark.parametrize(
    ("start", "days", "last_day"),
    [
        (date(2026, 12, 4), 4, date(2026, 12, 10)),  # a Friday: over the weekend to Thursday
        (date(2026, 12, 23), 3, date(2026, 12, 29)),  # over 1e Kerstdag and the weekend
        (date(2027, 4, 26), 1, date(2027, 4, 28)),  # over Koningsdag
        (date(2026, 12, 5), 1, date(2026, 12, 7)),  # sent on a Saturday: Monday
    ],
)
def test_a_promise_of_working_days_ends_on_the_right_day(start, days, last_day):
    assert add_working_days(start, days) == last_day


@given(start=st.dates(date(2020, 1, 1), date(2035, 12, 31)), days=st.integers(1, 30))
def test_the_last_day_of_a_promise_is_the_last_day_that_is_not_overdue(start, days):
    last_day = add_working_days(start, days)

    assert working_days_between(start, last_day) == days
    assert is_working_day(last_day)
    assert working_days_between(start, last_day + datetime.timedelta(days=1)) <= days + 1
