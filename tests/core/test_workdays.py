"""Reply deadlines count working days in England and Wales: weekends and bank holidays do not count."""
from __future__ import annotations

import datetime as dt

from grassroots.workdays import add_working_days, is_working_day, working_days_between

D = dt.date


def test_a_plain_week():
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 24)  # Monday → Tuesday
    assert add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Friday → Monday
    assert add_working_days(D(2026, 11, 23), 0) == D(2026, 11, 23)


def test_christmas_and_new_year_with_the_substitute_boxing_day():
    # 2026: Christmas Friday, Boxing Day Saturday (substitute Monday 28th), New Year's Day Friday.
    assert not is_working_day(D(2026, 12, 25))
    assert not is_working_day(D(2026, 12, 28))
    assert not is_working_day(D(2027, 1, 1))
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert add_working_days(D(2026, 12, 24), 4) == D(2027, 1, 4)


def test_easter_and_the_may_bank_holidays():
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    assert add_working_days(D(2027, 3, 25), 1) == D(2027, 3, 30)
    # Early May (3 May) and spring (31 May) bank holidays 2027 are Mondays.
    assert add_working_days(D(2027, 4, 30), 1) == D(2027, 5, 4)
    assert add_working_days(D(2027, 5, 28), 1) == D(2027, 6, 1)


def test_twenty_working_days_from_late_november_cross_christmas():
    # From Tuesday 24 November 2026 the 20th working day is Tuesday 22 December, before the holidays.
    assert add_working_days(D(2026, 11, 24), 20) == D(2026, 12, 22)
    # From 10 December: 11 to 24 Dec is 10 days; 29, 30, 31 Dec, 4 to 8 Jan and 11 to 12 Jan make the rest.
    assert add_working_days(D(2026, 12, 10), 20) == D(2027, 1, 12)


def test_counting_between_dates():
    assert working_days_between(D(2026, 12, 24), D(2027, 1, 4)) == 4
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 24)) == 0
    assert working_days_between(D(2027, 1, 4), D(2026, 12, 24)) == 0
