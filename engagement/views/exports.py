"""Asking for a feedback or actions file: a background job, then the downloads page."""
from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_POST

from engagement import exports
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest
from grassroots.jobs.services import job_request
from grassroots.jobs.views import job_requested

FILTERS = ("service", "sentiment", "area", "from", "to")


@require_POST
@capacity_required(Capacity.HOST, Capacity.COMMISSIONER, Capacity.PROVIDER)
def export_feedback(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The feedback this person may see (narrowed by the list's filters), as CSV or XLSX."""
    xlsx = request.POST.get("format") == "xlsx"
    params = {key: request.POST[key][:40] for key in FILTERS if request.POST.get(key)}
    if request.POST.get("query"):  # the staff feedback list's filters, as its address had them
        params["query"] = request.POST["query"][:2000]
    if request.POST.get("scope") == "inbox":  # what was sent to my organisation, even if I am host staff too
        params["scope"] = "inbox"
    job = job_request(actor=request.user, kind=exports.FEEDBACK_XLSX if xlsx else exports.FEEDBACK_CSV,
                      label=f"Feedback ({'XLSX' if xlsx else 'CSV'})", params=params)
    return job_requested(request, job)


@require_POST
@capacity_required(Capacity.HOST)
def export_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    job = job_request(actor=request.user, kind=exports.ACTIONS_CSV, label="Actions (CSV)")
    return job_requested(request, job)
