"""Reports: ask for one, see those kept for your organisation, download or rebuild them."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest
from reports import services
from reports.access import report_for_user_or_404, reports_for, scopes, spotlight_themes
from reports.forms import HINTS, KindForm, ReportForm, default_period
from reports.models import Report

ASKERS = (Capacity.HOST, Capacity.COMMISSIONER, Capacity.GROUP)


def _kinds(request: AuthenticatedHttpRequest) -> list[str]:
    return [kind for kind in Report.Kind.values if scopes(request.user, kind)]


@require_safe
@capacity_required(*ASKERS)
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    reports = reports_for(request.user).select_related("job", "requested_by", "organisation")[:200]
    return render(request, "reports/list.html", {"reports": reports, "may_ask": bool(_kinds(request))})


@require_http_methods(["GET", "POST"])
@capacity_required(*ASKERS)
def report_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    kinds = _kinds(request)
    form = KindForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        return redirect("reports:ask", kind=form.cleaned_data["kind"])
    described = [(Report.Kind(k).label, HINTS[k]) for k in kinds]
    return render(request, "reports/new.html", {"form": form, "described": described, "kinds": kinds},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@capacity_required(*ASKERS)
def report_ask(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    if kind not in _kinds(request):
        raise Http404("No such report for you")
    start, end = default_period(kind, timezone.localdate())
    themes = spotlight_themes(request.user) if kind == Report.Kind.SPOTLIGHT else None
    form = ReportForm(request.POST or None, kind=kind, scopes=scopes(request.user, kind), themes=themes,
                      initial={"starts_on": start, "ends_on": end})
    if request.method == "POST" and form.is_valid():
        scope_type, scope_id = form.scope_parts()
        try:
            asked = services.report_request(actor=request.user, kind=kind, scope_type=scope_type, scope_id=scope_id,
                                            starts_on=form.cleaned_data["starts_on"],
                                            ends_on=form.cleaned_data.get("ends_on", form.cleaned_data["starts_on"]),
                                            topic=form.cleaned_data.get("topic", ""))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _asked(request, asked)
    return render(request, "reports/ask.html", {"form": form, "kind": Report.Kind(kind), "hint": HINTS[kind]},
                  status=400 if request.method == "POST" else 200)


def _asked(request: AuthenticatedHttpRequest, asked: services.Asked) -> HttpResponse:
    if asked.already_building:
        messages.info(request, "That report is already being made. It will appear here when it is ready.")
    else:
        job = asked.report.job
        if job is not None:
            job.refresh_from_db(fields=["status", "message"])
        if job is not None and job.is_ready:
            messages.success(request, f"Your report is ready: {asked.report.title}.")
        elif job is not None and job.status == job.Status.FAILED:
            messages.error(request, f"We could not make the report. {job.message}".strip())
        else:
            messages.success(request, "We are making your report. It will appear here when it is ready.")
    return redirect("reports:list")


@require_POST
@capacity_required(*ASKERS)
def report_rebuild(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = report_for_user_or_404(request.user, pk)
    return _asked(request, services.report_rebuild(actor=request.user, report=report))


@require_safe
@login_required
def report_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    report = report_for_user_or_404(request.user, pk)
    job = report.job
    if job is None or not job.is_ready or not job.result:
        raise Http404("This report is not ready.")
    response = FileResponse(job.result.open("rb"), as_attachment=True, filename=job.filename,
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
