"""One date and time style for people, GOV.UK's: "9 December 2026 at 3:24am", whoever reads it and wherever."""
from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import engines

from grassroots.dates import govuk_date, govuk_datetime, govuk_time

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(("value", "expected"), [
    (time(3, 24), "3:24am"), (time(15, 5), "3:05pm"), (time(10, 0), "10am"), (time(12, 0), "midday"),
    (time(0, 0), "midnight"), (time(12, 30), "12:30pm"), (time(0, 15), "12:15am"), (time(23, 59), "11:59pm"),
])
def test_times_read_the_gov_uk_way(value, expected):
    assert govuk_time(value) == expected


def test_a_date_has_no_leading_zero_and_the_month_in_full():
    assert govuk_date(date(2026, 12, 9)) == "9 December 2026"


def test_an_aware_datetime_is_shown_in_london_time():
    # 03:24 UTC in summer is 4:24am in London.
    assert govuk_datetime(datetime(2026, 7, 9, 3, 24, tzinfo=UTC)) == "9 July 2026 at 4:24am"
    assert govuk_datetime(datetime(2026, 12, 9, 3, 24, tzinfo=UTC)) == "9 December 2026 at 3:24am"
    assert govuk_date(datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("America/New_York"))) == "1 January 2027"


def test_empty_values_print_nothing():
    assert govuk_datetime(None) == govuk_date(None) == govuk_time(None) == ""


def test_the_filters_are_built_in_to_every_template():
    rendered = engines["django"].from_string("{{ d|govuk_date }} / {{ t|govuk_datetime }}").render(
        {"d": date(2026, 12, 9), "t": datetime(2026, 12, 9, 15, 24, tzinfo=ZoneInfo("Europe/London"))})
    assert rendered == "9 December 2026 / 9 December 2026 at 3:24pm"


def test_djangos_own_date_format_is_the_same_date_style():
    rendered = engines["django"].from_string("{{ d }} {{ d|date }}").render({"d": date(2026, 12, 9)})
    assert rendered == "9 December 2026 9 December 2026"


# Machine-readable attributes only: Unix time for scripts, ISO for <time datetime="...">.
_MACHINE_FORMATS = {"U", "c", "Y-m-d"}


def test_no_template_writes_its_own_date_or_time_format():
    """Every date a person reads goes through |govuk_date / |govuk_time / |govuk_datetime."""
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for fmt in re.findall(r"\|(?:date|time)(?::\s*[\"']([^\"']*)[\"'])?", line):
                if fmt not in _MACHINE_FORMATS:
                    offenders.append(f"{path.relative_to(TEMPLATES)}:{number}: |date:{fmt!r}")
            if re.search(r"\|(?:naturaltime|naturalday|timesince|timeuntil)\b", line):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}: relative time")
    assert offenders == []
