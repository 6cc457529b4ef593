"""Quarters of the UK financial year (Q1 is April to June), for the quarterly report and its schedule."""
from __future__ import annotations

import datetime as dt


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter (April to June, July to September, October to December, January to March) holding ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    end = (dt.date(day.year + 1, 1, 1) if first_month == 10 else dt.date(day.year, first_month + 3, 1)) \
        - dt.timedelta(days=1)
    return start, end


def previous_quarter(start: dt.date) -> tuple[dt.date, dt.date]:
    return quarter_of(start - dt.timedelta(days=1))


def quarter_label(start: dt.date) -> str:
    """e.g. "Q3 2026-27 (October to December 2026)", with an en dash between the years."""
    fy = start.year if start.month >= 4 else start.year - 1
    number = {4: 1, 7: 2, 10: 3, 1: 4}[start.month]
    end = quarter_of(start)[1]
    return f"Q{number} {fy}–{str(fy + 1)[-2:]} ({start:%B} to {end:%B %Y})"
