"""The figures pages, dashboards and reports share: sessions held, people reached and conversations, and what was
said by service and feeling. Each is one aggregate query in the database, whatever the number of rows."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import Coalesce, RowNumber, TruncMonth, TruncQuarter

from engagement.choices import Consent, Sentiment, Service
from engagement.models import FeedbackItem, FeedbackTag, Session, SubTheme, Theme
from engagement.selectors.sharing import feedback_that_may_leave


def session_totals(sessions: QuerySet[Session]) -> dict[str, int]:
    """Submitted sessions only: a draft may still change."""
    row = sessions.filter(status=Session.Status.SUBMITTED).aggregate(
        sessions=Count("pk"), people=Sum("attendance"), conversations=Sum("conversations"))
    return {key: value or 0 for key, value in row.items()}


def reach_over_time(sessions: QuerySet[Session], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """[{label, sessions, people}] per month of the period (per quarter when it is longer than two years), submitted
    sessions only, months with none included: one grouped query."""
    quarterly = (end.year - start.year) * 12 + end.month - start.month + 1 > 24
    trunc = TruncQuarter("held_on") if quarterly else TruncMonth("held_on")
    grouped = (sessions.filter(status=Session.Status.SUBMITTED).order_by().annotate(at=trunc).values("at")
               .annotate(sessions=Count("pk"), people=Coalesce(Sum("attendance"), 0)))
    rows: dict[dt.date, dict[str, Any]] = {row["at"]: dict(row) for row in grouped}
    step = 3 if quarterly else 1
    first = dt.date(start.year, start.month - (start.month - 1) % step, 1)
    out, at = [], first
    while at <= end:
        row = rows.get(at, {})
        label = f"{at:%b}–{_months_on(at, 2):%b %Y}" if quarterly else f"{at:%b %Y}"
        out.append({"label": label, "sessions": row.get("sessions", 0), "people": row.get("people", 0)})
        at = _months_on(at, step)
    return out


def _months_on(day: dt.date, months: int) -> dt.date:
    n = day.year * 12 + day.month - 1 + months
    return dt.date(n // 12, n % 12 + 1, 1)


def by_service(items: QuerySet[FeedbackItem]) -> list[tuple[str, int]]:
    """(service, count), largest first, services with no item left out."""
    counts = dict(items.order_by().values_list("service").annotate(n=Count("pk")))
    rows = [(str(label), counts[value]) for value, label in Service.choices if counts.get(value)]
    return sorted(rows, key=lambda row: -row[1])


def by_sentiment(items: QuerySet[FeedbackItem]) -> list[tuple[str, int]]:
    counts = dict(items.order_by().values_list("sentiment").annotate(n=Count("pk")))
    return [(str(label), counts.get(value, 0)) for value, label in Sentiment.choices]


def sentiment_by_service(items: QuerySet[FeedbackItem]) -> list[dict[str, Any]]:
    """One row per service with a count per feeling: one grouped query."""
    counts: dict[str, Any] = {value: Count("pk", filter=Q(sentiment=value)) for value in Sentiment.values}
    grouped: Any = items.order_by().values("service").annotate(total=Count("pk"), **counts)
    rows: list[dict[str, Any]] = list(grouped)
    labels = dict(Service.choices)
    return sorted(({"service": str(labels.get(r["service"], r["service"])), "total": r["total"],
                    "sentiments": [r[value] for value in Sentiment.values]} for r in rows),
                  key=lambda row: -row["total"])


def by_theme(items: QuerySet[FeedbackItem], limit: int | None = None) -> list[tuple[str, int]]:
    """(theme, items heard under it), largest first: one grouped query. An item under two sub-themes of a theme
    counts once for that theme. Themes are named per host; the same name in two hosts' taxonomies is one row (an
    area or a programme can span hosts)."""
    rows = (FeedbackTag.objects.filter(item__in=items.order_by().values("pk")).order_by()
            .values_list("sub_theme__theme__name").annotate(n=Count("item", distinct=True))
            .order_by("-n", "sub_theme__theme__name"))
    return [(name, n) for name, n in (rows[:limit] if limit else rows)]


def by_sub_theme(items: QuerySet[FeedbackItem], *, theme_id: int | None = None) -> list[dict[str, Any]]:
    """[{theme, sub_theme, count}], by theme then largest sub-theme first (only ``theme_id``'s when given): one
    grouped query."""
    tags = FeedbackTag.objects.filter(item__in=items.order_by().values("pk"))
    if theme_id is not None:
        tags = tags.filter(sub_theme__theme_id=theme_id)
    rows = (tags.order_by()
            .values("sub_theme__theme__name", "sub_theme__name").annotate(n=Count("item", distinct=True))
            .order_by("sub_theme__theme__name", "-n", "sub_theme__name"))
    return [{"theme": r["sub_theme__theme__name"], "sub_theme": r["sub_theme__name"], "count": r["n"]} for r in rows]


def themes_heard(items: QuerySet[FeedbackItem], *, sub_themes: int = 3) -> list[dict[str, Any]]:
    """[{name, count, subs: [(sub-theme, count)]}]: each theme heard, largest first, with its ``sub_themes`` most heard
    sub-themes. On PostgreSQL one pass over the tags (GROUPING SETS counts themes and sub-themes together: the join of
    the items with their tags is the cost, about 70 ms for an area's year at a million items, so it is paid once);
    elsewhere ``by_theme`` and ``by_sub_theme``."""
    if connection.vendor != "postgresql":
        subs: dict[str, list[tuple[str, int]]] = {}
        for row in by_sub_theme(items):
            subs.setdefault(row["theme"], []).append((row["sub_theme"], row["count"]))
        return [{"name": name, "count": n, "subs": subs.get(name, [])[:sub_themes]} for name, n in by_theme(items)]
    matching, params = items.order_by().values("pk").query.sql_with_params()
    tag, sub, theme = (m._meta.db_table for m in (FeedbackTag, SubTheme, Theme))
    # Django's own compiled SQL for the items, with its parameters; nothing typed reaches this string.
    sql = (f"SELECT t.name, s.name, COUNT(DISTINCT g.item_id) FROM {tag} g "  # noqa: S608
           f"JOIN {sub} s ON s.id = g.sub_theme_id JOIN {theme} t ON t.id = s.theme_id "
           f"WHERE g.item_id IN ({matching}) GROUP BY GROUPING SETS ((t.name), (t.name, s.name))")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts = sorted(((name, n) for name, sub_name, n in rows if sub_name is None), key=lambda r: (-r[1], r[0]))
    found: dict[str, list[tuple[str, int]]] = {}
    for name, sub_name, n in sorted((r for r in rows if r[1] is not None), key=lambda r: (r[0], -r[2], r[1])):
        found.setdefault(name, []).append((sub_name, n))
    return [{"name": name, "count": n, "subs": found.get(name, [])[:sub_themes]} for name, n in counts]


QUOTED = ("text", "redacted_text", "service", "held_on")  # what a quote shows (not the search vector, for one)


def quotes(items: QuerySet[FeedbackItem], limit: int) -> list[dict[str, str]]:
    """The newest words people agreed may be quoted, as published (redacted where staff redacted them)."""
    chosen = (feedback_that_may_leave(items).filter(consent=Consent.QUOTE).only(*QUOTED)
              .order_by("-held_on", "-pk")[:limit])
    return [{"text": i.published_text, "service": i.get_service_display(), "month": f"{i.held_on:%B %Y}"}
            for i in chosen]


def quotes_by_service(items: QuerySet[FeedbackItem], limit: int) -> dict[str, list[dict[str, str]]]:
    """``quotes`` for every service at once (service value → its newest ``limit`` quotes): one query, ranking the
    quotable items of each service in the database, instead of one query per service."""
    rank = Window(RowNumber(), partition_by=[F("service")], order_by=[F("held_on").desc(), F("pk").desc()])
    # Ranked on narrow columns (an index-only scan of feedback_publishable_held); only the chosen rows are read whole.
    ranked = (feedback_that_may_leave(items).filter(consent=Consent.QUOTE).annotate(rank=rank)
              .filter(rank__lte=limit).values("pk"))
    chosen = (FeedbackItem.objects.filter(pk__in=ranked).only(*QUOTED).order_by("service", "-held_on", "-pk"))
    out: dict[str, list[dict[str, str]]] = {}
    for i in chosen:
        out.setdefault(i.service, []).append(
            {"text": i.published_text, "service": i.get_service_display(), "month": f"{i.held_on:%B %Y}"})
    return out


def under_theme(items: QuerySet[FeedbackItem], theme_id: int) -> QuerySet[FeedbackItem]:
    """``items`` filed under any sub-theme of the theme, each once (a subquery, so counts over it stay right)."""
    return items.filter(pk__in=FeedbackTag.objects.filter(sub_theme__theme_id=theme_id).values("item_id"))


def in_period(items: QuerySet[Any], start: dt.date, end: dt.date) -> QuerySet[Any]:
    return items.filter(held_on__range=(start, end))
