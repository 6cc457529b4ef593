"""What the grants app adds to the service navigation and the dashboards.

``register()`` is called from ``GrantsConfig.ready``; the core keys every item, so calling it twice adds nothing.
"""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grants.models import Application, Grant, MonitoringReport
from grants.selectors import apply as apply_selectors
from grants.selectors.grant import grants_needing_action
from grants.selectors.review import commissioner_dashboard
from grants.selectors.staff import dashboard_numbers
from grassroots.accounts.access import Capacity, has_capacity, org_ids
from grassroots.dates import govuk_date
from grassroots.navigation import add_nav, add_panel

S = Application.Status


def applications_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The group's applications: counts by status and the one thing to do next (at most three queries)."""
    if not org_ids(request.user, Capacity.GROUP):
        return None
    counts = apply_selectors.group_application_counts(request.user)
    todo = (apply_selectors.group_applications(request.user).filter(status__in=[S.RETURNED, S.DRAFT])
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


def grants_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The group's grants needing action. One query (the memberships are already cached for this request)."""
    if not org_ids(request.user, Capacity.GROUP):
        return None
    items = []
    for grant in grants_needing_action(request.user):
        if grant.status == Grant.Status.OFFERED:
            items.append({"grant": grant, "label": "Read and accept the grant agreement",
                          "url_name": "grants:grant_accept"})
        elif grant.report.status == MonitoringReport.Status.RETURNED:
            items.append({"grant": grant, "label": "Update your end-of-grant report",
                          "url_name": "grants:grant_report"})
        else:
            items.append({"grant": grant, "label": f"Send your end-of-grant report by {govuk_date(grant.report_due)}",
                          "url_name": "grants:grant_report"})
    return {"items": items} if items else None


def commissioner_panel(request: HttpRequest) -> dict[str, Any] | None:
    return commissioner_dashboard(request.user)


def staff_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not has_capacity(request.user, Capacity.HOST):
        return None
    return dashboard_numbers(request.user)


def register() -> None:
    add_nav("Funding", "grants:funding", Capacity.GROUP, order=10)
    add_nav("Your grants", "grants:my_grants", Capacity.GROUP, order=15)
    add_nav("Applications", "grants:staff_applications", Capacity.HOST, order=20)
    add_nav("Reviews", "grants:review_queue", Capacity.COMMISSIONER, order=20)
    add_nav("Grants", "grants:staff_grants", Capacity.HOST, order=25)
    add_nav("Programmes", "grants:programme_list", Capacity.HOST, order=30)
    # Funder staff and delivery partners read programmes they do not run: their way to each overview.
    add_nav("Programme overviews", "grants:programme_overviews", Capacity.HOST, Capacity.COMMISSIONER, order=31)
    add_panel("grants/apply/panel_applications.html", applications_panel, Capacity.GROUP, order=10)
    add_panel("grants/grant/panel_grants.html", grants_panel, Capacity.GROUP, order=15)
    add_panel("grants/staff/panel_dashboard.html", staff_panel, Capacity.HOST, order=20)
    add_panel("grants/review/panel_commissioner.html", commissioner_panel, Capacity.COMMISSIONER, order=20)
