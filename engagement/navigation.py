"""What engagement adds to the service navigation and the dashboards.

``register()`` is called from ``EngagementConfig.ready``; the core keys every item, so calling it twice adds
nothing. Each area of engagement keeps its own block below.
"""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from engagement import panels
from engagement.selectors.actions import outcomes_for_group
from grassroots.accounts.access import Capacity, org_ids
from grassroots.navigation import add_nav, add_panel


def outcomes_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The group's newest actions (finished first): what happened to what its community said. Two queries."""
    if not org_ids(request.user, Capacity.GROUP):
        return None
    actions = outcomes_for_group(request.user)
    return {"actions": actions[:3], "total": len(actions)} if actions else None


def register() -> None:
    # --- sessions ---
    # --- feedback capture and safeguarding ---
    # --- question sets ---
    # --- lists and dashboards ---
    # --- themes and moderation ---
    add_nav("Themes", "engagement:theme_list", Capacity.HOST, order=42)
    add_nav("Moderation", "engagement:moderation_queue", Capacity.HOST, order=43)
    # --- routing ("tell us once") ---
    add_nav("Sent on", "engagement:routing_list", Capacity.HOST, order=45)
    add_nav("Inbox", "engagement:inbox", Capacity.COMMISSIONER, Capacity.PROVIDER, Capacity.HOST, order=46)
    add_panel("engagement/routing/panel_inbox.html", panels.inbox_panel, Capacity.COMMISSIONER, Capacity.PROVIDER,
              Capacity.HOST, order=30)
    add_panel("engagement/routing/panel_routing.html", panels.routing_panel, Capacity.HOST, order=31)
    # --- actions ("we did") and closing the loop ---
    add_nav("Actions", "engagement:action_list", Capacity.HOST, order=47)
    add_panel("engagement/actions/panel_outcomes.html", outcomes_panel, Capacity.GROUP, order=18)
