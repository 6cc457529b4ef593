""""What people are saying": host staff's themes, sentiment by service and emerging themes for a quarter."""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from engagement.forms.insights import InsightsForm
from engagement.selectors.insights import areas_for, current_quarter, insights, quarters_offered
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest


@require_safe
@capacity_required(Capacity.HOST)
def staff_insights(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The rounds this person runs; commissioners and groups never see it (403), as with the feedback list. A
    quarter or area not on offer is named in the error summary and the current quarter (all areas) is shown."""
    form = InsightsForm(request.GET or None, quarters=quarters_offered(), areas=areas_for(request.user))
    quarter, area = form.chosen(current_quarter())
    return render(request, "engagement/insights/page.html",
                  {"form": form, "area_chosen": area, **insights(request.user, quarter, area)})
