"""Feedback items counted by round, area, month, service and sentiment: the figures the host dashboard and the
feedback list's counts read, whatever the number of items.

Why a kept tally: the dashboard compares this quarter with the last by service and sentiment. At a million items
that is about 125,000 items to count on every request (150 ms on the 2-core machine; the page must answer in
100). The tally holds one row per round, area, month, service and sentiment, so a quarter is a few hundred rows
(area is kept because it is the filter host staff reach for first; session kind or consent would multiply the rows
by 7 or 3, and the list counts those by other means).

How it is kept: PostgreSQL triggers (migration 0005) add a row for every statement that inserts, updates or
deletes items: the statement's items grouped by key, +n or -n. So every writer is counted (the capture pages, the
import, the benchmark's COPY, a cascade from a deleted session) without any of them calling this module, and
inserting a row takes no lock on another row: a volunteer saving an item never waits for a large import to commit
(an upsert of one row per key would make them wait). The price is that a key's count is the sum of its rows, so
``compact`` folds the rows into one per key now and then (every hour, from Celery beat). ``verify`` compares the
tally with a fresh count (``manage.py feedback_tallies --check`` is a test); ``rebuild`` recounts from scratch.
SQLite (the embedded default) has no such triggers; there the figures count the items themselves.

The tag tally (``TagTally``, migration 0011) is kept the same way for "What people are saying" (the insights page):
items by theme and sub-theme over five quarters. Counting the tags themselves at a million items means joining
about 470,000 tags of a host's five quarters to their items and sub-themes and counting distinct items per theme:
350-550 ms measured on the 2-core machine (a scratch copy of the three tables), against 100 for the page. Its rows
are keyed by round, area, month and safeguarding flag, and either a sub-theme (counting tags: each item once per
sub-theme) or a theme (counting items once per theme, however many of its sub-themes they carry: the triggers
work out the item's theme pairs before and after each statement). Triggers on tags (tag, untag, merge), on
sub-themes (moved to another theme when themes merge) and on items (round, area, month or safeguarding changed)
keep it; the same compaction, check and rebuild cover both tallies.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from celery import shared_task
from django.db import connection, transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth

from engagement.models import FeedbackItem, FeedbackTag, FeedbackTally, TagTally

Key = tuple[int, int, date, str, str]  # round id, area id, first day of the month, service, sentiment
COMPACT = "engagement.compact_feedback_tallies"


def is_kept() -> bool:
    """Whether the database keeps the tally (PostgreSQL, through the triggers)."""
    return connection.vendor == "postgresql"


def counts(rounds: QuerySet[Any], *, month_from: date | None = None, month_before: date | None = None,
           service: str = "", sentiment: str = "", area: Any = None) -> Counter[tuple[str, str]]:
    """Items of ``rounds`` held from ``month_from`` up to (not including) ``month_before``, by (service,
    sentiment): one small query over the tally on PostgreSQL, a count of the items elsewhere."""
    if is_kept():
        rows: QuerySet[Any] = FeedbackTally.objects.filter(round__in=rounds.values("pk"))
        when = "month"
    else:
        rows = FeedbackItem.objects.filter(round__in=rounds.values("pk"))
        when = "held_on"
    if month_from:
        rows = rows.filter(**{f"{when}__gte": month_from})
    if month_before:
        rows = rows.filter(**{f"{when}__lt": month_before})
    if area:
        rows = rows.filter(area=area)
    if service:
        rows = rows.filter(service=service)
    if sentiment:
        rows = rows.filter(sentiment=sentiment)
    total = Sum("count") if is_kept() else Count("pk")
    return Counter({(svc, snt): n for svc, snt, n in
                    rows.order_by().values_list("service", "sentiment").annotate(n=total) if n})


def by_month(rounds: QuerySet[Any], month_from: date, month_before: date) -> dict[date, Counter[tuple[str, str]]]:
    """Like ``counts``, one Counter per month, in one query (the dashboard's quarters)."""
    rows: QuerySet[Any, tuple[Any, ...]]
    if is_kept():
        rows = (FeedbackTally.objects.filter(round__in=rounds.values("pk"), month__gte=month_from,
                                             month__lt=month_before)
                .order_by().values_list("month", "service", "sentiment").annotate(n=Sum("count")))
    else:
        rows = (FeedbackItem.objects.filter(round__in=rounds.values("pk"), held_on__gte=month_from,
                                            held_on__lt=month_before)
                .order_by().annotate(month=TruncMonth("held_on"))
                .values_list("month", "service", "sentiment").annotate(n=Count("pk")))
    out: dict[date, Counter[tuple[str, str]]] = {}
    for month, svc, snt, n in rows:
        out.setdefault(month, Counter())[(svc, snt)] += n
    return out


def _sql(sql: str, params: Iterable[Any] = ()) -> None:
    with connection.cursor() as cur:
        cur.execute(sql, list(params))


TALLY = FeedbackTally._meta.db_table
COLUMNS = "round_id, area_id, month, service, sentiment, count"
ITEMS = FeedbackItem._meta.db_table
# Model table names only, never input: the S608 notes below.
FRESH = (f"SELECT round_id, area_id, date_trunc('month', held_on)::date, service, sentiment, count(*) FROM {ITEMS} "  # noqa: S608
         "GROUP BY 1, 2, 3, 4, 5")
TAG_TALLY, TAGS = TagTally._meta.db_table, FeedbackTag._meta.db_table
TAG_COLUMNS = "round_id, area_id, month, safeguarding, theme_id, sub_theme_id, count"
_ITEM_KEY = "i.round_id, i.area_id, date_trunc('month', i.held_on)::date, i.safeguarding"
TAG_FRESH = (f"SELECT {_ITEM_KEY}, NULL::bigint, t.sub_theme_id, count(*) FROM {TAGS} t "  # noqa: S608
             f"JOIN {ITEMS} i ON i.id = t.item_id GROUP BY 1, 2, 3, 4, 6 UNION ALL "
             f"SELECT {_ITEM_KEY}, s.theme_id, NULL::bigint, count(DISTINCT t.item_id) FROM {TAGS} t "
             f"JOIN engagement_subtheme s ON s.id = t.sub_theme_id JOIN {ITEMS} i ON i.id = t.item_id "
             "GROUP BY 1, 2, 3, 4, 5")
# Each kept tally: its table, its columns (the count last) and the query that counts it afresh.
KEPT = ((TALLY, COLUMNS, FRESH), (TAG_TALLY, TAG_COLUMNS, TAG_FRESH))


def compact() -> None:
    """Fold each tally's rows into one per key. Safe while items change: a row a trigger adds meanwhile is not yet
    visible to the DELETE, so it stays, and rows are only ever inserted or deleted, never updated."""
    if not is_kept():
        return
    for table, columns, _ in KEPT:
        keys = columns.replace(", count", "")
        n = keys.count(",") + 1
        _sql(f"WITH gone AS (DELETE FROM {table} RETURNING {columns}) "  # noqa: S608
             f"INSERT INTO {table} ({columns}) SELECT {keys}, sum(count) FROM gone "
             f"GROUP BY {', '.join(str(i) for i in range(1, n + 1))} HAVING sum(count) <> 0")


@shared_task(name=COMPACT)
def compact_task() -> None:
    compact()


def _rows(sql: str) -> Counter[tuple[Any, ...]]:
    with connection.cursor() as cur:
        cur.execute(sql)
        return Counter({tuple(row[:-1]): row[-1] for row in cur.fetchall() if row[-1]})


def kept() -> Counter[Key]:
    rows = FeedbackTally.objects.order_by().values_list("round_id", "area_id", "month", "service", "sentiment")
    return Counter({(r, a, m, svc, snt): n for r, a, m, svc, snt, n in rows.annotate(n=Sum("count")) if n})


def fresh() -> Counter[Key]:
    with connection.cursor() as cur:
        cur.execute(FRESH)
        return Counter({(r, a, m, svc, snt): n for r, a, m, svc, snt, n in cur.fetchall()})


def kept_tags() -> Counter[tuple[Any, ...]]:
    keys = TAG_COLUMNS.replace(", count", "")
    return _rows(f"SELECT {keys}, sum(count) FROM {TAG_TALLY} GROUP BY {keys}")  # noqa: S608


def verify() -> list[str]:
    """Every difference between the tallies and a fresh count of the items and tags, in words (empty when they
    agree)."""
    if not is_kept():
        return []
    have, want = kept(), fresh()
    problems = [f"feedback {key}: kept {have[key]}, counted {want[key]}"
                for key in sorted(set(have) | set(want), key=str) if have[key] != want[key]]
    tags, counted = kept_tags(), _rows(TAG_FRESH)
    return problems + [f"tags {key}: kept {tags[key]}, counted {counted[key]}"
                       for key in sorted(set(tags) | set(counted), key=str) if tags[key] != counted[key]]


def rebuild() -> None:
    """Recount from scratch, holding writers of items, tags and sub-themes off meanwhile (pages still read)."""
    if not is_kept():
        return
    with transaction.atomic():
        _sql(f"LOCK TABLE {ITEMS}, {TAGS}, engagement_subtheme IN SHARE MODE")
        for table, columns, sql in KEPT:
            _sql(f"DELETE FROM {table}")  # noqa: S608
            _sql(f"INSERT INTO {table} ({columns}) {sql}")


def theme_counts(rounds: QuerySet[Any], month_from: date, month_before: date, *, area: Any = None,
                 safeguarding: bool = False) -> list[tuple[date, str, str, int]]:
    """Items of ``rounds`` held from ``month_from`` up to ``month_before`` (not safeguarding concerns, unless
    asked), as (month, theme name, "", items under the theme) and (month, theme name, sub-theme name, items
    under the sub-theme), in one query over the tag tally (PostgreSQL only: see ``is_kept``). Themes are grouped by name, as
    ``figures.by_theme`` does."""
    rows = TagTally.objects.filter(round__in=rounds.values("pk"), month__gte=month_from, month__lt=month_before,
                                   safeguarding=safeguarding)
    if area:
        rows = rows.filter(area=area)
    grouped = (rows.order_by().values_list("month", "theme__name", "sub_theme__theme__name", "sub_theme__name")
               .annotate(n=Sum("count")))
    return [(month, theme or sub_parent, sub or "", n) for month, theme, sub_parent, sub, n in grouped if n]


def register() -> None:
    from grassroots.celery import add_periodic

    add_periodic("engagement-compact-feedback-tallies", COMPACT, 60 * 60)
