"""Business days on the design's worked examples and the calendar's edges."""

from datetime import date

import pytest

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
