"""What engagement adds to the service navigation and the dashboards.

``register()`` is called from ``EngagementConfig.ready``; the core keys every item, so calling it twice adds
nothing. Each area of engagement keeps its own block below.
"""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def register() -> None:
    # --- sessions ---
    # --- feedback capture and safeguarding ---
    # --- question sets ---
    from grassroots.accounts.access import Capacity
    from grassroots.navigation import add_panel

    add_panel("engagement/questions/panel_question_sets.html", question_sets_panel, Capacity.HOST, order=40)
    # --- lists and dashboards ---
    pass


# --- question sets ---
def question_sets_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Host staff's way to their question sets: how many are offered to sessions (one query)."""
    from engagement.access import question_sets_for_staff
    from grassroots.accounts.access import Capacity, has_capacity

    if not has_capacity(request.user, Capacity.HOST):
        return None
    return {"active": question_sets_for_staff(request.user).filter(retired=False).count()}
