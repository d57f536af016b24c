"""Business days: Monday to Friday, minus the public holidays of the carrier's country."""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays


@functools.lru_cache(maxsize=32)
def _calendar(country: str, year: int) -> holidays.HolidayBase:
    # Observed days count: when July 4th is a Saturday, Friday the 3rd is the day off.
    return holidays.country_holidays(country, years=[year], observed=True)


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
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_business_day(day, country):
            count += 1
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
