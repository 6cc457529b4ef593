"""What engagement adds to the service navigation and the dashboards.

``register()`` is called from ``EngagementConfig.ready``; the core keys every item, so calling it twice adds
nothing. Each area of engagement keeps its own block below.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from engagement import panels
from engagement.access import safeguarding_concerns_for_staff
from engagement.selectors.actions import outcomes_for_group
from engagement.selectors.feedback import NEEDS_ATTENTION
from grassroots.accounts.access import Capacity, has_capacity, org_ids
from grassroots.navigation import add_nav, add_panel


# --- feedback capture and safeguarding ---
def safeguarding_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Host staff: how many concerns in their rounds still need attention (not closed), and how many are new this
    month (one query)."""
    if not has_capacity(request.user, Capacity.HOST):
        return None
    since = timezone.now() - dt.timedelta(days=30)
    counts = safeguarding_concerns_for_staff(request.user).aggregate(
        count=Count("pk", filter=NEEDS_ATTENTION), recent=Count("pk", filter=Q(created_at__gte=since)))
    return counts


def outcomes_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The group's newest actions (finished first): what happened to what its community said. Two queries."""
    if not org_ids(request.user, Capacity.GROUP):
        return None
    actions = outcomes_for_group(request.user)
    return {"actions": actions[:3], "total": len(actions)} if actions else None


def register() -> None:
    # --- sessions ---
    # --- feedback capture and safeguarding ---
    add_panel("engagement/feedback/panel_safeguarding.html", safeguarding_panel, Capacity.HOST, order=18)
    # --- question sets ---
    # --- lists and dashboards ---
    # --- routing ("tell us once") ---
    add_nav("Sent on", "engagement:routing_list", Capacity.HOST, order=45)
    add_nav("Inbox", "engagement:inbox", Capacity.COMMISSIONER, Capacity.PROVIDER, Capacity.HOST, order=46)
    add_panel("engagement/routing/panel_inbox.html", panels.inbox_panel, Capacity.COMMISSIONER, Capacity.PROVIDER,
              Capacity.HOST, order=30)
    add_panel("engagement/routing/panel_routing.html", panels.routing_panel, Capacity.HOST, order=31)
    # --- actions ("we did") and closing the loop ---
    add_nav("Actions", "engagement:action_list", Capacity.HOST, order=47)
    add_panel("engagement/actions/panel_outcomes.html", outcomes_panel, Capacity.GROUP, order=18)
