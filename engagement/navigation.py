"""What engagement adds to the service navigation and the dashboards.

``register()`` is called from ``EngagementConfig.ready``; the core keys every item, so calling it twice adds
nothing. Each area of engagement keeps its own block below.
"""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grassroots.accounts.access import Capacity, org_ids
from grassroots.navigation import add_nav, add_panel


# --- sessions ---
def sessions_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The group's sessions, reach and conversations against its plan, for each grant it logs against."""
    from engagement.selectors.sessions import group_progress

    if not org_ids(request.user, Capacity.GROUP):
        return None
    progress = group_progress(request.user)
    return {"progress": progress} if progress else None


def register() -> None:
    # --- sessions ---
    add_nav("Sessions", "engagement:group_sessions", Capacity.GROUP, order=17)
    add_panel("engagement/sessions/panel.html", sessions_panel, Capacity.GROUP, order=16)
    # --- feedback capture and safeguarding ---
    # --- question sets ---
    # --- lists and dashboards ---
