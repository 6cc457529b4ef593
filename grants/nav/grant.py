"""Grants in the service navigation for groups and host staff, and the group's "grants needing action" panel."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grants.models import Grant, MonitoringReport
from grants.selectors.grant import grants_needing_action
from grassroots.accounts.access import Capacity, org_ids
from grassroots.navigation import add_nav, add_panel


def grants_panel(request: HttpRequest) -> dict[str, Any] | None:
    """One query (the memberships are already cached for this request)."""
    if not org_ids(request.user, Capacity.GROUP):
        return None
    items = []
    for grant in grants_needing_action(request.user):
        if grant.status == Grant.Status.OFFERED:
            items.append({"grant": grant, "label": "Read and accept the grant agreement", "url_name": "grants:grant_accept"})
        elif grant.report.status == MonitoringReport.Status.RETURNED:
            items.append({"grant": grant, "label": "Update your end-of-grant report", "url_name": "grants:grant_report"})
        else:
            items.append({"grant": grant, "label": f"Send your end-of-grant report by {grant.report_due:%-d %B %Y}",
                          "url_name": "grants:grant_report"})
    return {"items": items} if items else None


add_nav("Your grants", "grants:my_grants", Capacity.GROUP, order=15)
add_nav("Grants", "grants:staff_grants", Capacity.HOST, order=25)
add_panel("grants/grant/panel_grants.html", grants_panel, Capacity.GROUP, order=15)
