"""Dashboard panels for what was sent on, what came back and what was done (each a couple of aggregate queries)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Func, Q, Subquery
from django.http import HttpRequest
from django.utils import timezone

from engagement.access import (
    actions_for_staff,
    actions_owned,
    inbox_for,
    routings_for_staff,
    safeguarding_concerns_for_staff,
)
from engagement.models import Action, RoutingRecipient
from engagement.selectors.actions import outcomes_for_group
from engagement.selectors.dashboard import host_dashboard
from engagement.selectors.feedback import NEEDS_ATTENTION
from engagement.selectors.sessions import group_progress
from grassroots.accounts.access import Capacity, has_capacity, org_ids
from grassroots.charts import bar_chart

AWAITING = RoutingRecipient.Status.AWAITING


def _replies(recipients: Any) -> dict[str, int]:
    today = timezone.localdate()
    return recipients.aggregate(awaiting=Count("pk", filter=Q(status=AWAITING)),
                                overdue=Count("pk", filter=Q(status=AWAITING, due_on__lt=today)),
                                answered=Count("pk", filter=~Q(status=AWAITING)))


def _counts(request: HttpRequest) -> dict[str, dict[str, int]]:
    """Replies awaited on what this person's host sent on, and on what was sent to their organisations: one
    aggregate query for both panels, kept on the request."""
    cached: dict[str, dict[str, int]] | None = getattr(request, "_routing_counts", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    received = Q(pk__in=inbox_for(request.user).values("pk"))
    sent = Q(routing__in=routings_for_staff(request.user).values("pk")) if has_capacity(request.user, Capacity.HOST) \
        else Q(pk__in=[])
    row = RoutingRecipient.objects.filter(received | sent).aggregate(**{
        f"{side}_{key}": Count("pk", filter=where & condition)
        for side, where in (("in", received), ("out", sent))
        for key, condition in (("awaiting", Q(status=AWAITING)), ("overdue", Q(status=AWAITING, due_on__lt=today)),
                               ("answered", ~Q(status=AWAITING)))})
    cached = {side: {key: row[f"{side}_{key}"] or 0 for key in ("awaiting", "overdue", "answered")}
              for side in ("in", "out")}
    request._routing_counts = cached  # type: ignore[attr-defined]
    return cached


def inbox_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Commissioners, providers and partner hosts: what was sent to them, overdue first."""
    if not has_capacity(request.user, Capacity.COMMISSIONER, Capacity.PROVIDER, Capacity.HOST):
        return None
    counts = _counts(request)["in"]
    if not any(counts.values()):
        return None
    waiting = list(inbox_for(request.user).filter(status=AWAITING).select_related("routing__host")
                   .order_by("due_on", "pk")[:3])
    return {**counts, "waiting": waiting}


def _actions_by_status(user: Any) -> dict[str, Any]:
    """How many of this person's actions are in each status, as scalar subqueries to annotate another query with."""
    actions = actions_for_staff(user).order_by()
    return {f"actions_{value}": Subquery(actions.filter(status=value).values(n=Func(F("pk"), function="COUNT")))
            for value in Action.Status.values}


def routing_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Host staff: replies awaited on what they sent on (overdue first) and their actions by status, as a chart.

    One query besides the shared counts: the dashboard is at its 15-query budget, so when there are overdue replies
    to list, the actions by status ride along on that query as subqueries (benchmarks/README.md, engagement pages)."""
    if not has_capacity(request.user, Capacity.HOST):
        return None
    counts = _counts(request)["out"]
    overdue: list[RoutingRecipient] = []
    if counts["overdue"]:
        sent = RoutingRecipient.objects.filter(routing__in=routings_for_staff(request.user).values("pk"))
        overdue = list(sent.filter(status=AWAITING, due_on__lt=timezone.localdate())
                       .select_related("routing", "organisation").annotate(**_actions_by_status(request.user))
                       .order_by("due_on", "pk")[:3])
    if overdue:
        by_status = {value: getattr(overdue[0], f"actions_{value}") for value in Action.Status.values}
        by_status = {value: n for value, n in by_status.items() if n}
    else:
        by_status = dict(actions_for_staff(request.user).order_by().values_list("status").annotate(n=Count("pk")))
    if not any(counts.values()) and not by_status:
        return None
    chart = bar_chart("Actions by status", [(str(label), by_status.get(value, 0))
                                            for value, label in Action.Status.choices], chart_id="actions-status")
    return {**counts, "overdue_rows": overdue, "chart": chart, "actions": sum(by_status.values())}


def host_panel(request: HttpRequest) -> dict[str, Any] | None:
    """This quarter against the last, and the funded groups gone quiet (three queries)."""
    if not has_capacity(request.user, Capacity.HOST):
        return None
    return host_dashboard(request.user)


def outcomes_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The group's newest actions (finished first): what happened to what its community said. Two queries."""
    if not org_ids(request.user, Capacity.GROUP):
        return None
    actions = outcomes_for_group(request.user)
    return {"actions": actions[:3], "total": len(actions)} if actions else None


def safeguarding_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Host staff: how many concerns in their rounds still need attention (not closed), and how many were logged
    in the last 30 days (one query)."""
    if not has_capacity(request.user, Capacity.HOST):
        return None
    since = timezone.now() - dt.timedelta(days=30)
    return safeguarding_concerns_for_staff(request.user).aggregate(
        count=Count("pk", filter=NEEDS_ATTENTION), recent=Count("pk", filter=Q(created_at__gte=since)))


def sessions_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The group's sessions, reach and conversations against its plan, for each grant it logs against."""
    if not org_ids(request.user, Capacity.GROUP):
        return None
    progress = group_progress(request.user)
    return {"progress": progress} if progress else None


OPEN = (Action.Status.PLANNED, Action.Status.IN_PROGRESS)


def owned_actions_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Commissioners and providers: the actions their organisations do, by status, and the next three due (two
    queries). Host staff keep actions on their own panel."""
    if not has_capacity(request.user, Capacity.COMMISSIONER, Capacity.PROVIDER):
        return None
    owned = actions_owned(request.user)
    today = timezone.localdate()
    counts = owned.aggregate(open=Count("pk", filter=Q(status__in=OPEN)),
                             overdue=Count("pk", filter=Q(status__in=OPEN, due_on__lt=today)),
                             done=Count("pk", filter=Q(status=Action.Status.DONE)),
                             not_possible=Count("pk", filter=Q(status=Action.Status.NOT_POSSIBLE)))
    if not any(counts.values()):
        return None
    soonest = list(owned.filter(status__in=OPEN).select_related("host")
                   .order_by(F("due_on").asc(nulls_last=True), "pk")[:3]) if counts["open"] else []
    return {**counts, "soonest": soonest}
