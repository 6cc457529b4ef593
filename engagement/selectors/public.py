"""The public "You said, we did" page: what was heard in an area or a programme over a financial year, and what was
done. Everything here starts from ``feedback_that_may_leave`` and published actions; no count below 5 is shown."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from engagement.models import Action, FeedbackItem, Session
from engagement.selectors.figures import by_sentiment, by_service, quotes, session_totals
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


def figures_for(kind: str, pk: int, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What the public page and the "You said, we did" report show for an area or a programme over a period."""
    sessions_q, items_q, actions_q = _scope(kind, pk)
    totals = session_totals(Session.objects.filter(sessions_q, held_on__range=(start, end)))
    items = feedback_that_may_leave(FeedbackItem.objects.filter(items_q, held_on__range=(start, end)))
    services = by_service(items)
    actions = (Action.objects.filter(actions_q, published=True).distinct().select_related("owner")
               .order_by("status", "rank", "-updated_at"))
    return {
        **totals, "heard": sum(n for _, n in services), "services": services, "sentiments": by_sentiment(items),
        "quotes": quotes(items, QUOTES_SHOWN),
        "actions": [{"title": a.title, "status": a.get_status_display(), "done": a.is_done, "words": public_words(a),
                     "owner": a.owner.name, "completed_on": a.completed_on} for a in actions],
    }


def _figures(kind: str, pk: int, year: int) -> dict[str, Any]:
    return figures_for(kind, pk, *year_bounds(year))


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
