"""What engagement adds to the service navigation and the dashboards.

``register()`` is called from ``EngagementConfig.ready``; the core keys every item, so calling it twice adds
nothing. Each area of engagement keeps its own block below.
"""
from __future__ import annotations


def register() -> None:
    # --- sessions ---
    # --- feedback capture and safeguarding ---
    # --- question sets ---
    # --- lists and dashboards ---
    # --- imports ---
    from grassroots.accounts.access import Capacity
    from grassroots.navigation import add_nav

    add_nav("Import paper forms", "engagement:import_start", Capacity.GROUP, Capacity.HOST, order=60)
