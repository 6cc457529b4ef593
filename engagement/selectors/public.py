"""The public "You said, we did" page: what was heard in an area or a programme over a financial year, and what was
done. Everything here starts from ``feedback_that_may_leave`` and published actions; no count below 5 is shown."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone

from engagement.choices import Consent, Sentiment, Service
from engagement.models import Action, FeedbackItem, Session
from engagement.selectors.sharing import feedback_that_may_leave
from engagement.services.actions import public_words

SMALLEST_SHOWN = 5
QUOTES_SHOWN = 12
CACHE_SECONDS = 300


def financial_year(today: dt.date | None = None) -> int:
    """The year a UK financial year starts in (April to March)."""
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def _scope(kind: str, pk: int) -> tuple[Q, Q, Q]:
    """Filters for sessions, feedback and actions of an area or a programme."""
    if kind == "area":
        return Q(area_id=pk), Q(area_id=pk), Q(sessions__area_id=pk) | Q(items__area_id=pk)
    return (Q(round__programme_id=pk), Q(round__programme_id=pk),
            Q(programme_id=pk) | Q(sessions__round__programme_id=pk))


def _figures(kind: str, pk: int, year: int) -> dict[str, Any]:
    start, end = year_bounds(year)
    sessions_q, items_q, actions_q = _scope(kind, pk)
    sessions = Session.objects.filter(sessions_q, status=Session.Status.SUBMITTED, held_on__range=(start, end))
    totals = sessions.aggregate(sessions=Count("pk"), people=Sum("attendance"), conversations=Sum("conversations"))
    items = feedback_that_may_leave(FeedbackItem.objects.filter(items_q, held_on__range=(start, end)))
    services = dict(items.order_by().values_list("service").annotate(n=Count("pk")))
    sentiments = dict(items.order_by().values_list("sentiment").annotate(n=Count("pk")))
    quotes = [{"text": i.published_text, "service": i.get_service_display(), "month": f"{i.held_on:%B %Y}"}
              for i in items.filter(consent=Consent.QUOTE).order_by("-held_on", "-pk")[:QUOTES_SHOWN]]
    actions = (Action.objects.filter(actions_q, published=True).distinct().select_related("owner")
               .order_by("status", "rank", "-updated_at"))
    return {
        "sessions": totals["sessions"] or 0, "people": totals["people"] or 0,
        "conversations": totals["conversations"] or 0, "heard": sum(services.values()),
        "services": sorted(((str(label), services.get(value, 0)) for value, label in Service.choices
                            if services.get(value)), key=lambda row: -row[1]),
        "sentiments": [(str(label), sentiments.get(value, 0)) for value, label in Sentiment.choices],
        "quotes": quotes,
        "actions": [{"title": a.title, "status": a.get_status_display(), "done": a.is_done, "words": public_words(a),
                     "owner": a.owner.name, "completed_on": a.completed_on} for a in actions],
    }


def you_said_we_did(kind: str, pk: int, year: int) -> dict[str, Any]:
    """The page's figures, cached for five minutes: the page is public and read far more than it changes."""
    key = f"yswd:{kind}:{pk}:{year}"
    figures: dict[str, Any] | None = cache.get(key)
    if figures is None:
        figures = _figures(kind, pk, year)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def shown(count: int) -> str:
    """A count as the public page may show it: small counts could point at a person."""
    if 0 < count < SMALLEST_SHOWN:
        return f"fewer than {SMALLEST_SHOWN}"
    return f"{count:,}"
