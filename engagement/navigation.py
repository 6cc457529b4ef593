"""What engagement adds to the service navigation and the dashboards.

``register()`` is called from ``EngagementConfig.ready``; the core keys every item, so calling it twice adds
nothing. Each area of engagement keeps its own block below.
"""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grassroots.accounts.access import Capacity, has_capacity
from grassroots.navigation import add_nav, add_panel


# --- lists and dashboards ---
def host_panel(request: HttpRequest) -> dict[str, Any] | None:
    """This quarter against the last, and the funded groups gone quiet (three queries)."""
    if not has_capacity(request.user, Capacity.HOST):
        return None
    from engagement.selectors.dashboard import host_dashboard

    return host_dashboard(request.user)


def register() -> None:
    # --- sessions ---
    # --- feedback capture and safeguarding ---
    # --- question sets ---
    # --- lists and dashboards ---
    from engagement import tallies

    add_nav("Sessions", "engagement:staff_sessions", Capacity.HOST, Capacity.COMMISSIONER, order=40)
    add_nav("Feedback", "engagement:staff_feedback", Capacity.HOST, order=41)
    add_panel("engagement/lists/panel_host.html", host_panel, Capacity.HOST, order=25)
    tallies.register()  # the hourly compaction of the feedback tally
