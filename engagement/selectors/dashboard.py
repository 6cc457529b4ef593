"""The host staff's dashboard panel: this quarter against the last, and the funded groups that have gone quiet.
Three queries whatever the data size: the sessions' sums, the feedback tally, and the quiet groups."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagement import tallies
from engagement.choices import Sentiment, Service
from engagement.models import Session
from grants.access import rounds_for_staff
from grants.models import Grant
from grassroots.accounts.models import Organisation

QUIET_DAYS = 30
QUIET_SHOWN = 10


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month (negative: before)."""
    n = day.year * 12 + day.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


def _sessions(user: Any, last: date, this: date, after: date) -> dict[str, int]:
    this_q, last_q = Q(held_on__gte=this), Q(held_on__lt=this)
    sums: dict[str, int] = Session.objects.filter(
        round__in=rounds_for_staff(user).values("pk"), held_on__gte=last, held_on__lt=after,
    ).order_by().aggregate(
        sessions_this=Count("pk", filter=this_q), sessions_last=Count("pk", filter=last_q),
        people_this=Coalesce(Sum("attendance", filter=this_q), 0),
        people_last=Coalesce(Sum("attendance", filter=last_q), 0),
        conversations_this=Coalesce(Sum("conversations", filter=this_q), 0),
        conversations_last=Coalesce(Sum("conversations", filter=last_q), 0))
    return sums


def _compare(choices: list[tuple[str, str]], this: Counter[str], last: Counter[str]) -> list[dict[str, Any]]:
    return [{"value": v, "label": label, "this": this[v], "last": last[v]} for v, label in choices
            if this[v] or last[v]]


def quiet_groups(user: Any, today: date) -> list[Organisation]:
    """Groups with an active grant in the rounds this user runs whose latest session there (if any) was held more
    than ``QUIET_DAYS`` ago, the longest quiet first. Each carries ``last_held`` (None: never)."""
    rounds = rounds_for_staff(user).values("pk")
    latest = (Session.objects.filter(organisation=OuterRef("pk"), round__in=rounds)
              .order_by("-held_on").values("held_on")[:1])
    active = Grant.objects.filter(round__in=rounds, status=Grant.Status.ACTIVE).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=active).annotate(last_held=Subquery(latest))
                .filter(Q(last_held__isnull=True) | Q(last_held__lt=today - timedelta(days=QUIET_DAYS)))
                .order_by(F("last_held").asc(nulls_first=True), "name").only("pk", "name"))


def host_dashboard(user: Any, today: date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    this = quarter_start(today)
    last, after = add_months(this, -3), add_months(this, 3)
    sums = _sessions(user, last, this, after)
    months = tallies.by_month(rounds_for_staff(user), last, after)
    cells = {"this": Counter[tuple[str, str]](), "last": Counter[tuple[str, str]]()}
    for month, counts in months.items():
        cells["this" if month >= this else "last"].update(counts)
    service = {k: Counter[str]() for k in cells}
    sentiment = {k: Counter[str]() for k in cells}
    for k, counted in cells.items():
        for (svc, snt), n in counted.items():
            service[k][svc] += n
            sentiment[k][snt] += n
    quiet = quiet_groups(user, today)
    figures = [
        {"label": "Sessions", "this": sums["sessions_this"], "last": sums["sessions_last"]},
        {"label": "People reached", "this": sums["people_this"], "last": sums["people_last"]},
        {"label": "In-depth conversations", "this": sums["conversations_this"], "last": sums["conversations_last"]},
        {"label": "Feedback items", "this": sum(cells["this"].values()), "last": sum(cells["last"].values())},
    ]
    return {
        "this_start": this, "this_end": after - timedelta(days=1), "last_start": last,
        "last_end": this - timedelta(days=1), "figures": figures,
        "by_service": _compare(Service.choices, service["this"], service["last"]),
        "by_sentiment": _compare(Sentiment.choices, sentiment["this"], sentiment["last"]),
        "quiet": quiet[:QUIET_SHOWN], "quiet_more": max(0, len(quiet) - QUIET_SHOWN), "quiet_days": QUIET_DAYS,
    }
