"""Business days: Monday to Friday, minus the public holidays of the carrier's country."""

from __future__ import annotations

import bisect
import functools
from datetime import date, timedelta

import holidays


@functools.lru_cache(maxsize=32)
def _calendar(country: str, year: int) -> holidays.HolidayBase:
    # Observed days count: when July 4th is a Saturday, Friday the 3rd is the day off.
    return holidays.country_holidays(country, years=[year], observed=True)


@functools.lru_cache(maxsize=64)
def _weekday_holiday_ordinals(country: str, year: int) -> tuple[int, ...]:
    # Only holidays on Monday to Friday remove a business day; a Saturday holiday is
    # already off. Filtered to ``year`` because is_business_day asks each year's own calendar.
    return tuple(sorted(
        day.toordinal() for day in _calendar(country, year)
        if day.year == year and day.weekday() < 5
    ))


def _weekdays_through(ordinal: int) -> int:
    # Monday to Friday among ordinals 1..ordinal; ordinal 1 (0001-01-01) is a Monday.
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def is_business_day(day: date, country: str = "US") -> bool:
    return day.weekday() < 5 and day not in _calendar(country, day.year)


def add_business_days(start: date, n: int, country: str = "US") -> date:
    """The n-th business day strictly after ``start`` (``start`` itself never counts)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if is_business_day(day, country):
            counted += 1
    return day


def business_days_between(start: date, end: date, country: str = "US") -> int:
    """How many business days lie strictly after ``start`` up to and including ``end``."""
    # Arithmetic, not a walk: the agents' queue calls this for every row it shows.
    if start >= end:
        return 0
    first, last = start.toordinal(), end.toordinal()
    count = _weekdays_through(last) - _weekdays_through(first)
    for year in range(start.year, end.year + 1):
        ordinals = _weekday_holiday_ordinals(country, year)
        count -= bisect.bisect_right(ordinals, last) - bisect.bisect_right(ordinals, first)
    return count


def business_days_before(end: date, n: int, country: str = "US") -> date:
    """The latest day ``start`` with ``business_days_between(start, end, country) >= n``:
    walking back from ``end``, the day before the n-th business day met."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day, counted = end, 0
    while counted < n:
        if is_business_day(day, country):
            counted += 1
        day -= timedelta(days=1)
    return day
