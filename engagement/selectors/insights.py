""""What people are saying": host staff's view of the feedback of the rounds they run, for a quarter and, if
chosen, one area: items by theme and by sub-theme, sentiment by service, and the themes rising this quarter against
the four quarters before.

Reads, whatever the number of items: one query over the tag tally for the five quarters' themes and the chosen
quarter's sub-themes (grouped by month, theme and sub-theme), one over the feedback tally for sentiment by service,
and one for the areas offered (see engagement/tallies.py: counting the tags themselves took 350-550 ms at a million
items). SQLite keeps no tallies; there the themes are counted from the tags with ``figures.by_theme`` and
``figures.by_sub_theme`` (one query per quarter).

What is counted: every item of the host's rounds, internal ones too (the page is for host staff only), except
safeguarding concerns under themes: a concern is about one person, not something a community is saying, and it
never leaves the host. Sentiment by service reads the feedback tally, as the dashboard does, and so counts every
item; the page says so.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from engagement import tallies
from engagement.access import feedback_for_staff
from engagement.choices import Sentiment, Service
from engagement.selectors import figures
from engagement.selectors.dashboard import add_months, quarter_start
from grants.access import rounds_for_staff
from grassroots.accounts.models import Area
from grassroots.charts import Chart, bar_chart

QUARTERS_OFFERED = 12  # the chooser offers this quarter and the eleven before (three years)
BEFORE = 4  # emerging themes: this quarter against the mean of the four before
RISING_AT_LEAST = 5  # items this quarter for a theme to count as rising (fewer is noise)
RISING_BY = 1.5  # ... and at least half as many again as the mean of the four quarters before


@dataclass(frozen=True)
class Quarter:
    start: date

    @property
    def end(self) -> date:
        return add_months(self.start, 3) - timedelta(days=1)

    @property
    def value(self) -> str:
        return f"{self.start.year}-{(self.start.month - 1) // 3 + 1}"

    @property
    def label(self) -> str:
        return f"{self.start:%B} to {self.end:%B %Y}"

    def shifted(self, quarters: int) -> Quarter:
        return Quarter(add_months(self.start, 3 * quarters))


def current_quarter(today: date | None = None) -> Quarter:
    return Quarter(quarter_start(today or timezone.localdate()))


def quarters_offered(today: date | None = None) -> list[Quarter]:
    """The quarters the chooser offers, newest first."""
    now = current_quarter(today)
    return [now.shifted(-n) for n in range(QUARTERS_OFFERED)]


def areas_for(user: Any) -> QuerySet[Area]:
    """The areas of the programmes (and their shares) of the rounds this user runs."""
    rounds = rounds_for_staff(user).values("pk")
    return Area.objects.filter(Q(programmes__rounds__in=rounds) | Q(programme_shares__rounds__in=rounds)) \
        .distinct().order_by("name")


def _theme_counts(user: Any, quarter: Quarter, area: int | None) -> tuple[dict[str, list[int]], dict[str, Counter[str]]]:
    """({theme: [items in each of the four quarters before, then this one]}, {theme: {sub-theme: items this
    quarter}}): one query on PostgreSQL."""
    first, after = quarter.shifted(-BEFORE).start, quarter.shifted(1).start
    per_quarter: dict[str, list[int]] = defaultdict(lambda: [0] * (BEFORE + 1))
    subs: dict[str, Counter[str]] = defaultdict(Counter)
    if tallies.is_kept():
        for month, theme, sub, n in tallies.theme_counts(rounds_for_staff(user), first, after, area=area):
            index = ((month.year - first.year) * 12 + month.month - first.month) // 3
            if sub:
                if index == BEFORE:
                    subs[theme][sub] += n
            else:
                per_quarter[theme][index] += n
        return dict(per_quarter), dict(subs)
    items = feedback_for_staff(user).filter(safeguarding=False)
    if area:
        items = items.filter(area_id=area)
    for index in range(BEFORE + 1):
        q = quarter.shifted(index - BEFORE)
        for theme, n in figures.by_theme(figures.in_period(items, q.start, q.end)):
            per_quarter[theme][index] = n
    for row in figures.by_sub_theme(figures.in_period(items, quarter.start, quarter.end)):
        subs[row["theme"]][row["sub_theme"]] += row["count"]
    return dict(per_quarter), dict(subs)


def _emerging(per_quarter: dict[str, list[int]]) -> list[dict[str, Any]]:
    """Themes with at least ``RISING_AT_LEAST`` items this quarter and at least ``RISING_BY`` times the mean of the
    four quarters before (or none before: new), the biggest rise first."""
    rows = []
    for theme, counts in per_quarter.items():
        now, before = counts[BEFORE], counts[:BEFORE]
        mean = sum(before) / BEFORE
        if now >= RISING_AT_LEAST and now >= RISING_BY * mean:
            rows.append({"theme": theme, "this": now, "before": before, "mean": round(mean, 1),
                         "new": mean == 0, "rise": None if mean == 0 else round(100 * (now - mean) / mean)})
    return sorted(rows, key=lambda r: (-(r["this"] - r["mean"]), r["theme"]))


def _sentiment_by_service(user: Any, quarter: Quarter, area: int | None) -> tuple[Chart, list[dict[str, Any]]]:
    counted = tallies.counts(rounds_for_staff(user), month_from=quarter.start, month_before=quarter.shifted(1).start,
                             area=area)
    labels = dict(Service.choices)
    totals: Counter[str] = Counter()
    for (svc, _), n in counted.items():
        totals[svc] += n
    rows: list[dict[str, Any]] = [{"service": str(labels.get(svc, svc)), "total": total,
                                   "sentiments": [counted[(svc, value)] for value in Sentiment.values]}
                                  for svc, total in sorted(totals.items(),
                                                           key=lambda kv: (-kv[1], str(labels.get(kv[0], kv[0]))))]
    chart = bar_chart("Feedback by service and sentiment", [(r["service"], r["sentiments"]) for r in rows],
                      series=[str(label) for label in Sentiment.labels], chart_id="sentiment-by-service")
    return chart, rows


def insights(user: Any, quarter: Quarter, area: int | None = None) -> dict[str, Any]:
    per_quarter, subs = _theme_counts(user, quarter, area)
    themes = sorted(((theme, counts[BEFORE]) for theme, counts in per_quarter.items() if counts[BEFORE]),
                    key=lambda row: (-row[1], row[0]))
    sentiment_chart, sentiment_rows = _sentiment_by_service(user, quarter, area)
    # When this quarter has nothing tagged yet, the newest of the four before that has (already counted: no query).
    latest_tagged = next((quarter.shifted(n - BEFORE) for n in reversed(range(BEFORE))
                          if any(counts[n] for counts in per_quarter.values())), None)
    return {
        "latest_tagged": latest_tagged,
        "quarter": quarter,
        "before": [quarter.shifted(n - BEFORE) for n in range(BEFORE)],
        "themes": themes,
        "theme_chart": bar_chart(f"Items by theme, {quarter.label}", themes, chart_id="themes"),
        "sub_themes": [{"theme": theme, "count": n,
                        "subs": sorted(subs.get(theme, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))}
                       for theme, n in themes],
        "emerging": _emerging(per_quarter),
        "sentiment_chart": sentiment_chart,
        "sentiment_rows": sentiment_rows,
        "rising_at_least": RISING_AT_LEAST,
        "rising_by": round(100 * (RISING_BY - 1)),
    }
