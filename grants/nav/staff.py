"""Host staff's navigation and dashboard panel."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grants.selectors.staff import dashboard_numbers
from grassroots.accounts.access import Capacity, has_capacity
from grassroots.navigation import add_nav, add_panel


def staff_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not has_capacity(request.user, Capacity.HOST):
        return None
    return dashboard_numbers(request.user)


add_nav("Applications", "grants:staff_applications", Capacity.HOST, order=20)
add_nav("Programmes", "grants:programme_list", Capacity.HOST, order=30)
add_panel("grants/staff/panel_dashboard.html", staff_panel, Capacity.HOST, order=20)
