"""The group's "Funding" menu item and its "Your applications" dashboard panel."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grants.models import Application
from grants.selectors import apply as selectors
from grassroots.accounts.access import Capacity, org_ids
from grassroots.navigation import add_nav, add_panel

S = Application.Status


def applications_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Counts by status and the one thing to do next (at most three queries)."""
    if not org_ids(request.user, Capacity.GROUP):
        return None
    counts = selectors.group_application_counts(request.user)
    todo = (selectors.group_applications(request.user).filter(status__in=[S.RETURNED, S.DRAFT])
            .order_by("-status", "-updated_at").first())  # "returned" sorts before "draft" descending
    next_action = None
    if todo is not None:
        label = "Make the changes asked for" if todo.status == S.RETURNED else "Finish your draft"
        next_action = {"label": label, "application": todo}
    return {
        "counts": [(label, counts.get(value, 0), value) for value, label in S.choices if counts.get(value)],
        "total": sum(counts.values()),
        "next_action": next_action,
    }


add_nav("Funding", "grants:funding", Capacity.GROUP, order=10)
add_panel("grants/apply/panel_applications.html", applications_panel, Capacity.GROUP, order=10)
