"""Reviews in the service navigation, and the commissioner's dashboard panel."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grants.selectors.review import commissioner_dashboard
from grassroots.accounts.access import Capacity
from grassroots.navigation import add_nav, add_panel


def commissioner_panel(request: HttpRequest) -> dict[str, Any] | None:
    return commissioner_dashboard(request.user)


add_nav("Reviews", "grants:review_queue", Capacity.COMMISSIONER, order=20)
add_panel("grants/review/panel_commissioner.html", commissioner_panel, Capacity.COMMISSIONER, order=20)
