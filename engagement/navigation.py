"""What engagement adds to the service navigation and the dashboards.

``register()`` is called from ``EngagementConfig.ready``; the core keys every item, so calling it twice adds
nothing. Each area of engagement keeps its own block below; the panels' builders live in engagement/panels.py.
"""
from __future__ import annotations

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
    # --- lists and dashboards ---
    add_nav("Sessions", "engagement:staff_sessions", Capacity.HOST, Capacity.COMMISSIONER, order=40)
    add_nav("Feedback", "engagement:staff_feedback", Capacity.HOST, order=41)
    add_panel("engagement/lists/panel_host.html", panels.host_panel, Capacity.HOST, order=25)
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
    # --- imports ---
    add_nav("Import paper forms", "engagement:import_start", Capacity.GROUP, Capacity.HOST, order=60)
