"""The public "You said, we did" page: what was heard in an area or a programme over a financial year, and what was
done. Everything here starts from ``feedback_that_may_leave`` and published actions; no count below 5 is shown."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from engagement.models import Action, FeedbackItem, Session
from engagement.selectors.figures import by_sentiment, by_service, quotes, session_totals, themes_heard
from engagement.selectors.sharing import feedback_that_may_leave
from engagement.services.actions import public_detail
from grants.models import Programme
from grassroots.accounts.models import Area

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
    # Actions through their links as subqueries (a semi-join on the small link tables), not joins that multiply the
    # rows and need DISTINCT: 22 ms against 1 at a million items.
    linked_sessions, linked_items = Action.sessions.through.objects, Action.items.through.objects
    if kind == "area":
        return Q(area_id=pk), Q(area_id=pk), (
            Q(pk__in=linked_sessions.filter(session__area_id=pk).values("action_id"))
            | Q(pk__in=linked_items.filter(feedbackitem__area_id=pk).values("action_id")))
    return (Q(round__programme_id=pk), Q(round__programme_id=pk),
            Q(programme_id=pk) | Q(pk__in=linked_sessions.filter(session__round__programme_id=pk).values("action_id")))


def figures_for(kind: str, pk: int, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What the public page and the "You said, we did" report show for an area or a programme over a period."""
    sessions_q, items_q, actions_q = _scope(kind, pk)
    totals = session_totals(Session.objects.filter(sessions_q, held_on__range=(start, end)))
    items = feedback_that_may_leave(FeedbackItem.objects.filter(items_q, held_on__range=(start, end)))
    services = by_service(items)
    themes = themes_heard(items)
    actions = (Action.objects.filter(actions_q, published=True).distinct().select_related("owner")
               .order_by("status", "rank", "-updated_at"))
    return {
        **totals, "heard": sum(n for _, n in services), "services": services, "sentiments": by_sentiment(items),
        "themes": [(t["name"], t["count"]) for t in themes], "theme_rows": themes,
        "quotes": quotes(items, QUOTES_SHOWN),
        "actions": [{"title": a.title, "status": a.get_status_display(), "done": a.is_done, "detail": public_detail(a),
                     "owner": a.owner.name, "completed_on": a.completed_on} for a in actions],
    }


def _figures(kind: str, pk: int, year: int) -> dict[str, Any]:
    return figures_for(kind, pk, *year_bounds(year))


def _key(kind: str, pk: int, year: int) -> str:
    return f"yswd:{kind}:{pk}:{year}"


def you_said_we_did(kind: str, pk: int, year: int) -> dict[str, Any]:
    """The page's figures, cached for five minutes: the page is public and read far more than it changes. The
    current year's pages are kept warm by ``public_pages_refresh`` (Celery beat), so a visitor is not the one who
    waits for the counting (about 150 ms for an area at a million items)."""
    key = _key(kind, pk, year)
    figures: dict[str, Any] | None = cache.get(key)
    if figures is None:
        figures = _figures(kind, pk, year)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def public_pages_refresh() -> int:
    """Count every area's and programme's figures for this financial year again and put them in the cache (every
    ``REFRESH_SECONDS``, less than the cache's five minutes, so the cached copy never lapses). Returns how many."""
    year = financial_year()
    scopes = [("area", pk) for pk in Area.objects.values_list("pk", flat=True)]
    scopes += [("programme", pk) for pk in Programme.objects.values_list("pk", flat=True)]
    for kind, pk in scopes:
        cache.set(_key(kind, pk, year), _figures(kind, pk, year), CACHE_SECONDS)
    return len(scopes)


REFRESH_SECONDS = CACHE_SECONDS - 60


def shown(count: int) -> str:
    """A count as the public page may show it: small counts could point at a person."""
    if 0 < count < SMALLEST_SHOWN:
        return f"fewer than {SMALLEST_SHOWN}"
    return f"{count:,}"
