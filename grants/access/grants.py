"""Grants and their end-of-grant reports.

The policy: see grants/access/__init__.py."""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from grants.access.base import YES, Allowed, no
from grants.access.programmes import rounds_for_staff
from grants.models import Grant, MonitoringReport
from grassroots.accounts.access import Capacity, org_ids

# --- Grants ----------------------------------------------------------------------------------------------------

def group_grants(user: Any) -> QuerySet[Grant]:
    """The grants of the groups the user is a member of."""
    return Grant.objects.filter(organisation_id__in=org_ids(user, Capacity.GROUP))


def grants_for_staff(user: Any) -> QuerySet[Grant]:
    """The grants of the shares this user runs (every share's, for the programme's lead)."""
    return Grant.objects.filter(round__in=rounds_for_staff(user).values("pk"))


def grant_for_grantee_or_404(user: Any, pk: int) -> Grant:
    return get_object_or_404(
        Grant.objects.select_related("round__programme", "organisation", "application"),
        pk=pk, organisation_id__in=org_ids(user, Capacity.GROUP),
    )


def grant_for_staff_or_404(user: Any, pk: int) -> Grant:
    return get_object_or_404(
        Grant.objects.select_related("round__programme", "organisation", "application"),
        pk=pk, round__in=rounds_for_staff(user).values("pk"),
    )


def may_edit_report(user: Any, grant: Grant) -> Allowed:
    """The group writes its end-of-grant report while the grant is active and the report not yet sent."""
    if grant.organisation_id not in org_ids(user, Capacity.GROUP):
        return no("Only members of the group can write its report.")
    if grant.status == Grant.Status.OFFERED:
        return no("Accept the grant agreement first.")
    report = grant.report
    if grant.status != Grant.Status.ACTIVE or report.status not in (MonitoringReport.Status.DRAFT,
                                                                    MonitoringReport.Status.RETURNED):
        return no(f"This report is {report.get_status_display().lower()}, so it cannot be changed now.")
    return YES
