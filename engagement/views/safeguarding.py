"""Safeguarding "needs attention": the concerns groups flagged in the rounds host staff run."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from engagement.selectors.feedback import safeguarding_concerns
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest

PER_PAGE = 50


@require_safe
@capacity_required(Capacity.HOST)
def safeguarding_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(safeguarding_concerns(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "engagement/feedback/safeguarding_list.html", {"page": page})
