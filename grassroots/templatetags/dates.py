"""Template filters for dates and times, built in to every template (settings.TEMPLATES "builtins").

{{ value|govuk_date }} → 9 December 2026 · {{ value|govuk_time }} → 3:24am · {{ value|govuk_datetime }} →
9 December 2026 at 3:24am. Use these for anything a person reads; ``|date:"U"`` or ``|date:"c"`` only for
machine-readable attributes.
"""
from __future__ import annotations

from django import template

from grassroots import dates

register = template.Library()

register.filter("govuk_date", dates.govuk_date, is_safe=False)
register.filter("govuk_time", dates.govuk_time, is_safe=False)
register.filter("govuk_datetime", dates.govuk_datetime, is_safe=False)
