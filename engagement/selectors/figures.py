"""The figures pages, dashboards and reports share: sessions held, people reached and conversations, and what was
said by service and feeling. Each is one aggregate query in the database, whatever the number of rows."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from engagement.choices import Consent, Sentiment, Service
from engagement.models import FeedbackItem, Session
from engagement.selectors.sharing import feedback_that_may_leave


def session_totals(sessions: QuerySet[Session]) -> dict[str, int]:
    """Submitted sessions only: a draft may still change."""
    row = sessions.filter(status=Session.Status.SUBMITTED).aggregate(
        sessions=Count("pk"), people=Sum("attendance"), conversations=Sum("conversations"))
    return {key: value or 0 for key, value in row.items()}


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


def quotes(items: QuerySet[FeedbackItem], limit: int) -> list[dict[str, str]]:
    """The newest words people agreed may be quoted, as published (redacted where staff redacted them)."""
    chosen = feedback_that_may_leave(items).filter(consent=Consent.QUOTE).order_by("-held_on", "-pk")[:limit]
    return [{"text": i.published_text, "service": i.get_service_display(), "month": f"{i.held_on:%B %Y}"}
            for i in chosen]


def in_period(items: QuerySet[Any], start: dt.date, end: dt.date) -> QuerySet[Any]:
    return items.filter(held_on__range=(start, end))
