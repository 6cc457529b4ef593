"""The core's own dashboard panels: a group waiting for approval sees so; host staff see new groups to check."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grassroots.accounts.access import Capacity, groups_for_host_review, has_capacity, organisations
from grassroots.accounts.models import Organisation
from grassroots.navigation import add_nav, add_panel


def group_waiting_panel(request: HttpRequest) -> dict[str, Any] | None:
    """No query: the memberships (with their organisations) are cached for the request."""
    waiting = [g for g in organisations(request.user, Capacity.GROUP) if g.status != Organisation.Status.APPROVED]
    return {"groups": waiting} if waiting else None


def new_groups_panel(request: HttpRequest) -> dict[str, Any] | None:
    if request.user.is_superuser or not has_capacity(request.user, Capacity.HOST):
        return None  # administrators see every area: the list page serves them better than a count
    count = groups_for_host_review(request.user).filter(status=Organisation.Status.PENDING).count()
    return {"count": count} if count else None


def register() -> None:
    add_nav("New groups", "accounts:new_group_list", Capacity.HOST, order=35)
    add_panel("accounts/panel_group_waiting.html", group_waiting_panel, Capacity.GROUP, order=5)
    add_panel("accounts/panel_new_groups.html", new_groups_panel, Capacity.HOST, order=15)
