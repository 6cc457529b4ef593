"""What engagement adds to the service navigation and the dashboards.

``register()`` is called from ``EngagementConfig.ready``; the core keys every item, so calling it twice adds
nothing. Each area of engagement keeps its own block below.
"""
from __future__ import annotations

from grassroots.accounts.access import Capacity
from grassroots.navigation import add_nav


def register() -> None:
    # --- sessions ---
    # --- feedback capture and safeguarding ---
    # --- question sets ---
    # --- lists and dashboards ---
    # --- routing ("tell us once") ---
    add_nav("Sent on", "engagement:routing_list", Capacity.HOST, order=45)
    add_nav("Inbox", "engagement:inbox", Capacity.COMMISSIONER, Capacity.PROVIDER, Capacity.HOST, order=46)
