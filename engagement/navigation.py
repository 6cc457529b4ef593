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

from engagement.access import safeguarding_concerns_for_staff
from grassroots.accounts.access import Capacity, has_capacity
from grassroots.navigation import add_panel


# --- feedback capture and safeguarding ---
def safeguarding_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Host staff: how many concerns their rounds hold, and how many are new this month (one query)."""
    if not has_capacity(request.user, Capacity.HOST):
        return None
    since = timezone.now() - dt.timedelta(days=30)
    counts = safeguarding_concerns_for_staff(request.user).aggregate(
        count=Count("pk"), recent=Count("pk", filter=Q(created_at__gte=since)))
    return counts


def register() -> None:
    # --- sessions ---
    # --- feedback capture and safeguarding ---
    add_panel("engagement/feedback/panel_safeguarding.html", safeguarding_panel, Capacity.HOST, order=18)
    # --- question sets ---
    # --- lists and dashboards ---
    pass
