"""Dates and times as people read them, in GOV.UK style: "9 December 2026", "3:24am", "9 December 2026 at 3:24am".

The one formatter for pages, e-mails and messages (templates use the filters in grassroots.templatetags.dates).
Aware datetimes are shown in the service's time zone (Europe/London).
"""
from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def govuk_date(value: date | datetime | None) -> str:
    """ "9 December 2026" (no leading zero, month in full)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return f"{value.day} {value:%B %Y}"


def govuk_time(value: time | datetime | None) -> str:
    """ "3:24am", "10am" on the hour, "midday" and "midnight" (GOV.UK style: never "12pm" or "00:00")."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    if value.minute == 0 and value.hour == 12:
        return "midday"
    if value.minute == 0 and value.hour == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def govuk_datetime(value: datetime | date | None) -> str:
    """ "9 December 2026 at 3:24am"; a plain date is shown as a date."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return govuk_date(value)
    return f"{govuk_date(value)} at {govuk_time(value)}"
