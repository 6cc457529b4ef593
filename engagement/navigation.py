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
    # --- themes and moderation ---
    add_nav("Themes", "engagement:theme_list", Capacity.HOST, order=42)
    add_nav("Moderation", "engagement:moderation_queue", Capacity.HOST, order=43)
