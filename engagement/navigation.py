"""What engagement adds to the service navigation and the dashboards.

``register()`` is called from ``EngagementConfig.ready``; the core keys every item, so calling it twice adds
nothing. Each area of engagement keeps its own block below; the panels' builders live in engagement/panels.py.
"""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from engagement import panels
from grassroots.accounts.access import Capacity
from grassroots.navigation import add_nav, add_panel


def register() -> None:
    # --- sessions ---
    add_nav("Sessions", "engagement:group_sessions", Capacity.GROUP, order=17)
    add_panel("engagement/sessions/panel.html", panels.sessions_panel, Capacity.GROUP, order=16)
    # --- feedback capture and safeguarding ---
    add_panel("engagement/feedback/panel_safeguarding.html", panels.safeguarding_panel, Capacity.HOST, order=18)
    # --- question sets ---
    # Not in the header (host staff's is full): the dashboard panel and a session's answers link to the sets.
    add_panel("engagement/questions/panel_question_sets.html", question_sets_panel, Capacity.HOST, order=40)
    # --- lists and dashboards ---
    add_nav("Sessions", "engagement:staff_sessions", Capacity.HOST, Capacity.COMMISSIONER, order=40)
    add_nav("Feedback", "engagement:staff_feedback", Capacity.HOST, order=41)
    add_panel("engagement/lists/panel_host.html", panels.host_panel, Capacity.HOST, order=25)
    # --- insights ("what people are saying"): the host panel links to it too ---
    add_nav("Insights", "engagement:insights", Capacity.HOST, order=44)
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
    add_panel("engagement/actions/panel_outcomes.html", panels.outcomes_panel, Capacity.GROUP, order=18)
    # Commissioners and providers: the actions their organisations do ("their inbox and their actions").
    add_nav("Our actions", "engagement:owned_actions", Capacity.COMMISSIONER, Capacity.PROVIDER, order=48)
    add_panel("engagement/actions/panel_owned.html", panels.owned_actions_panel, Capacity.COMMISSIONER,
              Capacity.PROVIDER, order=32)
    # --- imports ---
    add_nav("Import paper forms", "engagement:import_start", Capacity.GROUP, Capacity.HOST, order=60)


# --- question sets ---
def question_sets_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Host staff's way to their question sets: how many are offered to sessions (one query)."""
    from engagement.access_questions import question_sets_for_staff
    from grassroots.accounts.access import has_capacity

    if not has_capacity(request.user, Capacity.HOST):
        return None
    return {"active": question_sets_for_staff(request.user).filter(retired=False).count()}
