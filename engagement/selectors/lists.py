"""Host staff's feedback list and the sessions list: filtering, counts and rows, in a fixed number of queries
whatever the page and however many items there are.

Counting is where a list at a million items goes wrong: an exact count by service and sentiment over every item
takes 375 ms here. So the counts come from the kept tally (engagement/tallies.py) when the filters are ones it
keeps (service, sentiment, area, whole months). Otherwise they count the newest ``CAP`` + 1 matching items at most
(``TEXT_CAP`` for a text search) from a covering index, exact whenever fewer match and otherwise "more than
10,000"; a count that would take over ``COUNT_MS`` is abandoned and the page says so. The pages stop at ``CAP``
rows too (newest first), so no page asks PostgreSQL to skip a million rows: a period finds older ones. Sessions
(50,000 at that scale) are summed exactly: one pass over 50,000 narrow rows.
"""
from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import OperationalError, connection, transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce
from psycopg2.errors import QueryCanceled

from engagement import tallies
from engagement.choices import Sentiment, Service
from engagement.models import FeedbackItem, Session
from grants.access import rounds_for_staff
from grants.models import Grant
from grassroots.accounts.models import Organisation

CAP = 10_000
# A common word matches a tenth of everything, and its matches are read row by row in the list's order: counting
# ten thousand of them read 100,000 rows (160 ms). A thousand is as much as a search result needs to say.
TEXT_CAP = 1_000
# A rare combination (a service, a sentiment and a kind of session) has too few matches to stop early, so counting
# reads the whole covering index; past this many milliseconds the page says so instead of making people wait.
COUNT_MS = 60
PER_PAGE = 25
TALLIED = frozenset({"service", "sentiment", "area", "held_from", "held_to"})


# --- Feedback ----------------------------------------------------------------------------------------------------

def filter_feedback(items: QuerySet[FeedbackItem], chosen: dict[str, Any]) -> QuerySet[FeedbackItem]:
    """``items`` narrowed by the valid filters in ``chosen`` (see FeedbackFilterForm.chosen)."""
    exact = {"service": "service", "sentiment": "sentiment", "consent": "consent", "kind": "session_kind",
             "group": "organisation", "area": "area", "held_from": "held_on__gte", "held_to": "held_on__lte"}
    items = items.filter(**{lookup: chosen[name] for name, lookup in exact.items() if name in chosen})
    words = (chosen.get("q") or "").strip()
    if words:
        if connection.vendor == "postgresql":
            # The trigger of migration 0002 keeps search_vector with the same configuration; GIN index feedback_search.
            items = items.filter(search_vector=SearchQuery(words, search_type="websearch", config="english"))
        else:
            items = items.filter(text__icontains=words)
    return items


def feedback_rows(items: QuerySet[FeedbackItem]) -> QuerySet[FeedbackItem]:
    """The columns a row shows, with its session, group and area joined in the same query, newest first."""
    return items.select_related("session", "organisation", "area").only(
        "pk", "text", "service", "sentiment", "consent", "safeguarding", "held_on", "session_kind",
        "session__id", "session__title", "session__reference", "organisation__name", "area__name",
    ).order_by("-held_on", "-id")


@dataclass
class Counts:
    """How many items match, and how many of them per service and per sentiment (exact unless ``capped``)."""

    total: int
    capped: bool = False
    unknown: bool = False  # counting took too long
    limit: int = CAP  # counted up to this many (when capped, ``total`` is one more)
    by_service: list[dict[str, Any]] = field(default_factory=list)
    by_sentiment: list[dict[str, Any]] = field(default_factory=list)

    @property
    def shown(self) -> int:
        return min(self.total, self.limit) if self.capped else reachable(self.total)

    @property
    def more_than_shown(self) -> bool:
        return self.total > self.shown


def reachable(total: int) -> int:
    """How many rows the pages reach: the newest ``CAP`` at most."""
    return min(total, CAP)


def _month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _tally_answers(chosen: dict[str, Any]) -> bool:
    if set(chosen) - TALLIED:
        return False
    start, end = chosen.get("held_from"), chosen.get("held_to")
    return (start is None or start.day == 1) and (end is None or _month_end(end))


def _breakdown(cells: Counter[tuple[str, str]], total: int, capped: bool) -> Counts:
    services: Counter[str] = Counter()
    sentiments: Counter[str] = Counter()
    for (svc, snt), n in cells.items():
        services[svc] += n
        sentiments[snt] += n
    return Counts(
        total=total, capped=capped,
        by_service=[{"value": v, "label": label, "count": services[v]} for v, label in Service.choices],
        by_sentiment=[{"value": v, "label": label, "count": sentiments[v]} for v, label in Sentiment.choices])


def feedback_counts(user: Any, items: QuerySet[FeedbackItem], chosen: dict[str, Any]) -> Counts:
    """The counts for the filtered ``items`` in one query: from the tally, or capped (and timed, ``COUNT_MS``)."""
    if tallies.is_kept() and _tally_answers(chosen):
        start, end = chosen.get("held_from"), chosen.get("held_to")
        tallied = tallies.counts(rounds_for_staff(user), month_from=start,
                                 month_before=end + timedelta(days=1) if end else None,
                                 service=chosen.get("service", ""), sentiment=chosen.get("sentiment", ""),
                                 area=chosen.get("area"))
        return _breakdown(tallied, sum(tallied.values()), capped=False)
    # The newest cap + 1 in the list's order: read from the covering index feedback_list_facets (migration 0005).
    cap = TEXT_CAP if (chosen.get("q") or "").strip() else CAP
    cells = _count(_newest(items, cap))
    if cells is None:
        return Counts(total=cap + 1, capped=True, unknown=True, limit=cap)
    total = sum(cells.values())
    if total > cap:
        return Counts(total=total, capped=True, limit=cap)  # a breakdown of only the newest would mislead
    return _breakdown(cells, total, capped=False)


def _newest(items: QuerySet[FeedbackItem], cap: int) -> QuerySet[Any, Any]:
    return items.order_by("-held_on", "-id").values_list("service", "sentiment")[:cap + 1]


def _count(newest: QuerySet[Any, Any]) -> Counter[tuple[str, str]] | None:
    """(service, sentiment) counts of ``newest``; None if PostgreSQL took longer than ``COUNT_MS``."""
    sql, params = newest.query.sql_with_params()
    nested = connection.in_atomic_block
    try:
        with transaction.atomic(), connection.cursor() as cur:
            if connection.vendor == "postgresql":
                # SET LOCAL lasts until this transaction ends: the limit never reaches another query, unless this
                # runs inside a longer transaction (a test), which is why it is then put back.
                cur.execute(f"SET LOCAL statement_timeout = {int(COUNT_MS)}")
            cur.execute(f"SELECT m.service, m.sentiment, count(*) FROM ({sql}) AS m GROUP BY 1, 2", params)  # noqa: S608  (Django's own SQL, with parameters)
            cells = Counter({(svc, snt): n for svc, snt, n in cur.fetchall()})
    except OperationalError as exc:
        if not isinstance(exc.__cause__, QueryCanceled):
            raise
        return None
    finally:
        if nested and connection.vendor == "postgresql" and not connection.needs_rollback:
            with connection.cursor() as cur:
                cur.execute("SET LOCAL statement_timeout TO DEFAULT")
    return cells


# --- Sessions ----------------------------------------------------------------------------------------------------

def filter_sessions(sessions: QuerySet[Session], chosen: dict[str, Any]) -> QuerySet[Session]:
    lookups = {"group": "organisation", "area": "area", "kind": "kind", "status": "status",
               "held_from": "held_on__gte", "held_to": "held_on__lte"}
    return sessions.filter(**{lookup: chosen[name] for name, lookup in lookups.items() if name in chosen})


def session_rows(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.select_related("organisation", "area").only(
        "pk", "reference", "title", "kind", "status", "held_on", "attendance", "conversations",
        "organisation__name", "area__name").order_by("-held_on", "-id")


def session_totals(sessions: QuerySet[Session]) -> dict[str, int]:
    """Sessions, people reached and in-depth conversations over the filtered sessions, in one query."""
    totals: dict[str, int] = sessions.order_by().aggregate(
        sessions=Count("pk"), people=Coalesce(Sum("attendance"), 0), conversations=Coalesce(Sum("conversations"), 0))
    return totals


def funded_groups(rounds: QuerySet[Any]) -> QuerySet[Organisation]:
    """The groups with a grant in ``rounds``: what the lists' group filter offers."""
    return Organisation.objects.filter(pk__in=Grant.objects.filter(round__in=rounds.values("pk"))
                                       .values("organisation_id")).only("pk", "name")

