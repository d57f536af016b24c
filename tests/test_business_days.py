"""Business days on the design's worked examples and the calendar's edges."""

import random
from datetime import date, timedelta

import pytest

import cases.business_days
from cases.business_days import add_business_days, business_days_between, is_business_day


@pytest.mark.parametrize("start,n,expected", [
    # DESIGN.md: enters verifying Wed 2026-11-25; Thu 26 is Thanksgiving.
    (date(2026, 11, 25), 1, date(2026, 11, 27)),
    (date(2026, 11, 25), 3, date(2026, 12, 1)),
    # DESIGN.md: Thu 2026-12-24; Fri 25 is Christmas.
    (date(2026, 12, 24), 1, date(2026, 12, 28)),
    (date(2026, 12, 24), 3, date(2026, 12, 30)),
    # Year end: Fri 2027-01-01 is New Year's Day.
    (date(2026, 12, 31), 1, date(2027, 1, 4)),
    # Observed holiday: July 4th 2026 is a Saturday, observed Friday July 3rd.
    (date(2026, 7, 2), 1, date(2026, 7, 6)),
    # Weekends as start days count from the Monday.
    (date(2026, 11, 28), 1, date(2026, 11, 30)),
    (date(2026, 11, 29), 2, date(2026, 12, 1)),
])
def test_add_business_days_in_the_us(start, n, expected):
    assert add_business_days(start, n, "US") == expected


def test_the_country_decides_the_calendar():
    # 2026-12-26 (Boxing Day, Saturday) is observed Monday 28th in the UK, not in the US.
    assert add_business_days(date(2026, 12, 24), 1, "GB") == date(2026, 12, 29)
    assert add_business_days(date(2026, 12, 24), 1, "US") == date(2026, 12, 28)


def test_the_start_day_itself_never_counts():
    assert add_business_days(date(2026, 12, 1), 1) == date(2026, 12, 2)


def test_n_must_be_positive():
    with pytest.raises(ValueError):
        add_business_days(date(2026, 12, 1), 0)


def test_is_business_day():
    assert is_business_day(date(2026, 11, 25))
    assert not is_business_day(date(2026, 11, 26))  # Thanksgiving
    assert not is_business_day(date(2026, 11, 28))  # Saturday


def test_business_days_between_counts_the_same_way():
    assert business_days_between(date(2026, 11, 25), date(2026, 12, 1)) == 3
    assert business_days_between(date(2026, 11, 25), date(2026, 11, 25)) == 0


def _day_by_day(start, end, country):
    # The plain definition business_days_between must agree with.
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_business_day(day, country)
    return count


@pytest.mark.parametrize("country", ["US", "CN"])
def test_business_days_between_matches_the_day_by_day_count_over_five_years(country):
    rng = random.Random(20240101)
    first, last = date(2024, 1, 1).toordinal(), date(2028, 12, 31).toordinal()
    ranges = [(date(2024, 1, 1), date(2028, 12, 31)), (date(2026, 1, 1), date(2026, 1, 1))]
    for _ in range(1500):
        start = rng.randint(first, last)
        # Mostly the queue's short spans, some across a new year, some reversed or empty.
        length = rng.choice([rng.randint(-10, 0), rng.randint(0, 20), rng.randint(0, 400),
                             rng.randint(-400, last - first)])
        end = min(max(start + length, first), last)
        ranges.append((date.fromordinal(start), date.fromordinal(end)))
    for start, end in ranges:
        assert business_days_between(start, end, country) == _day_by_day(start, end, country), (
            start, end)


def test_business_days_between_does_not_walk_the_days(monkeypatch):
    calls = []
    real = cases.business_days.is_business_day
    monkeypatch.setattr(cases.business_days, "is_business_day",
                        lambda day, country="US": calls.append(day) or real(day, country))
    assert business_days_between(date(2025, 1, 1), date(2028, 1, 1), "US") == 749
    assert len(calls) < 10
