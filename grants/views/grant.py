"""Pages for an awarded grant: the group's view, agreement and report; host staff's management and exports."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from grants import jobs
from grants.access import grant_for_grantee_or_404, grant_for_staff_or_404, may_edit_report, rounds_for_staff
from grants.drafts import keep_post_when_signed_out, take_kept_post
from grants.forms.grant import (
    AcceptForm,
    EvidenceForm,
    ExportForm,
    MarkPaidForm,
    ReportForm,
    ReportReviewForm,
    StaffGrantFilterForm,
    instalments,
    schedule_formset,
)
from grants.models import ConditionTemplate, Grant, GrantCondition, MonitoringReport, Payment
from grants.report_prefill import Prefill, report_prefill
from grants.selectors.grant import (
    condition_compliance,
    grant_timeline,
    grant_totals,
    grants_for_group,
    grants_for_staff,
    payment_summary,
)
from grants.services import grants as services
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest
from grassroots.jobs.services import job_request
from grassroots.jobs.views import job_requested

RS = MonitoringReport.Status
EvidenceKind = ConditionTemplate.EvidenceKind


def _overview(grant: Grant) -> dict[str, Any]:
    """What both the group's and staff's grant pages show."""
    return {"grant": grant, "compliance": condition_compliance(grant), "money": payment_summary(grant),
            "report": grant.report, "events": grant_timeline(grant)}


# --- The group's side ----------------------------------------------------------------------------------------

@require_safe
@capacity_required(Capacity.GROUP)
def my_grants(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "grants/grant/my_grants.html", {"grants": list(grants_for_group(request.user))})


@require_safe
@capacity_required(Capacity.GROUP)
def grant_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_grantee_or_404(request.user, pk)
    return render(request, "grants/grant/detail.html", _overview(grant))


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.GROUP)
def grant_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_grantee_or_404(request.user, pk)
    if grant.status != Grant.Status.OFFERED:
        messages.info(request, "This grant agreement has already been accepted.")
        return redirect("grants:grant_detail", pk=grant.pk)
    form = AcceptForm(request.POST if request.method == "POST" else None, organisation=grant.organisation.name,
                      initial={"signature": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        services.grant_accept(actor=request.user, grant=grant,
                              signature=form.cleaned_data["signature"])
        messages.success(request, "You have accepted the grant. We will let the host know so payment can be made.")
        return redirect("grants:grant_detail", pk=grant.pk)
    return render(request, "grants/grant/accept.html", {
        "grant": grant, "form": form, "conditions": grant.conditions.all()}, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@keep_post_when_signed_out
@capacity_required(Capacity.GROUP)
def grant_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The group writes its report; "Continue" saves and goes to check your answers, where it is sent."""
    grant = grant_for_grantee_or_404(request.user, pk)
    report = grant.report
    report_open = services.report_is_open(report)
    editable = bool(may_edit_report(request.user, grant)) and report_open
    data = request.POST if request.method == "POST" and editable else take_kept_post(request)
    # Answers not yet given start from what other apps know (the sessions the group logged).
    prefill = report_prefill(report) if editable else Prefill()
    form = ReportForm(data, initial={f: getattr(report, f) for f in services.REPORT_FIELDS} | prefill.values)
    if request.method == "POST" and editable and form.is_valid():
        services.monitoring_report_save(actor=request.user, report=report,
                                        data=form.cleaned_data)
        if "draft" in request.POST or "save" in request.POST:
            messages.success(request, "Your draft report has been saved. You can come back and finish it later.")
            return redirect("grants:grant_report", pk=grant.pk)
        return redirect("grants:grant_report_check", pk=grant.pk)
    return render(request, "grants/grant/report.html", {
        "grant": grant, "report": report, "form": form, "editable": editable, "report_open": report_open,
        "opens_on": services.report_opens_on(grant), "budget_lines": grant.application.budget_lines.all(),
        "prefill": prefill,
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.GROUP)
def grant_report_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Check your answers for the report, with warnings worth a second look; sending it happens here."""
    grant = grant_for_grantee_or_404(request.user, pk)
    report = grant.report
    if not (may_edit_report(request.user, grant) and services.report_is_open(report)):
        return redirect("grants:grant_report", pk=grant.pk)
    problems: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            services.monitoring_report_submit(actor=request.user, report=report)
        except ValidationError as exc:
            edit = reverse("grants:grant_report", args=[grant.pk])
            problems = [(message, f"{edit}#id_{field}") for field, messages_ in exc.message_dict.items()
                        for message in messages_]
        else:
            messages.success(request, "Thank you: your end-of-grant report has been sent to "
                                      f"{grant.round.share.host}.")
            return redirect("grants:grant_detail", pk=grant.pk)
    return render(request, "grants/grant/report_check.html", {
        "grant": grant, "report": report, "problems": problems,
        "warnings": services.report_warnings(report, paid=payment_summary(grant).paid),
    }, status=400 if problems else 200)


# --- Host staff ----------------------------------------------------------------------------------------------

@require_safe
@capacity_required(Capacity.HOST)
def staff_grants(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _staff_grants_page(request)


def _staff_grants_page(request: AuthenticatedHttpRequest, problems: list[tuple[str, str]] | None = None,
                       status: int = 200) -> HttpResponse:
    rounds = rounds_for_staff(request.user).select_related("programme")
    form = StaffGrantFilterForm(request.GET or None, rounds=rounds)
    chosen = form.cleaned_data if form.is_valid() else {}
    grants = grants_for_staff(request.user, round_id=chosen["round"].pk if chosen.get("round") else None,
                              status=chosen.get("status", ""))
    return render(request, "grants/grant/staff_grants.html", {
        "form": form, "grants": list(grants), "totals": grant_totals(grants),
        "export_round": chosen["round"].pk if chosen.get("round") else "", "problems": problems or []},
        status=status)


def _typed_evidence_conditions(grant: Grant) -> QuerySet[GrantCondition]:
    """Conditions staff record evidence for by hand. A meeting condition's evidence is the Thinking Partners
    meetings the group logs (recorded when each is submitted), so staff never type it."""
    return grant.conditions.exclude(evidence_kind=EvidenceKind.MEETING)


def _manage(request: AuthenticatedHttpRequest, grant: Grant, status: int = 200, **forms: Any) -> HttpResponse:
    money = payment_summary(grant)
    scheduled = [p for p in money.payments if p.status == Payment.Status.SCHEDULED]
    context = _overview(grant) | {
        "money": money, "report_open": services.report_is_open(grant.report),
        "schedule": forms.get("schedule") or schedule_formset(
            initial=[{"due_on": p.due_on, "amount": p.amount} for p in scheduled]),
        "pay_forms": {p.pk: forms.get(f"pay-{p.pk}") or MarkPaidForm(prefix=f"pay-{p.pk}") for p in scheduled},
        "evidence_form": forms.get("evidence") or EvidenceForm(conditions=_typed_evidence_conditions(grant)),
        "meeting_conditions": [c for c in grant.conditions.all() if c.evidence_kind == EvidenceKind.MEETING],
        "review_form": forms.get("review") or ReportReviewForm(),
        "schedule_problems": [(e, "#payment-schedule") for e in forms.get("schedule_errors") or []],
        "failed": next((f for k, f in forms.items() if k not in ("schedule", "schedule_errors")), None),
    }
    context["payment_rows"] = [(p, context["pay_forms"].get(p.pk)) for p in money.payments]
    return render(request, "grants/grant/manage.html", context, status=status)


@require_safe
@capacity_required(Capacity.HOST)
def grant_manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _manage(request, grant_for_staff_or_404(request.user, pk))


@require_POST
@capacity_required(Capacity.HOST)
def grant_schedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_staff_or_404(request.user, pk)
    formset = schedule_formset(request.POST)
    if formset.is_valid():
        try:
            services.payment_schedule_set(actor=request.user, grant=grant,
                                          instalments=instalments(formset))
        except ValidationError as exc:
            return _manage(request, grant, status=400, schedule=formset, schedule_errors=exc.messages)
        messages.success(request, "The payment schedule has been saved.")
        return redirect("grants:grant_manage", pk=grant.pk)
    return _manage(request, grant, status=400, schedule=formset)


@require_POST
@capacity_required(Capacity.HOST)
def payment_paid(request: AuthenticatedHttpRequest, pk: int, payment_pk: int) -> HttpResponse:
    grant = grant_for_staff_or_404(request.user, pk)
    payment = get_object_or_404(grant.payments, pk=payment_pk)
    form = MarkPaidForm(request.POST, prefix=f"pay-{payment.pk}")
    if form.is_valid():
        try:
            services.payment_mark_paid(actor=request.user, payment=payment,
                                       paid_on=form.cleaned_data["paid_on"], reference=form.cleaned_data["reference"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Instalment {payment.number} is recorded as paid.")
            return redirect("grants:grant_manage", pk=grant.pk)
    return _manage(request, grant, status=400, **{f"pay-{payment.pk}": form})


@require_POST
@capacity_required(Capacity.HOST)
def grant_evidence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_staff_or_404(request.user, pk)
    form = EvidenceForm(request.POST, conditions=_typed_evidence_conditions(grant))
    if form.is_valid():
        services.condition_evidence_record(actor=request.user, condition=form.cleaned_data["condition"],
                                           occurred_on=form.cleaned_data["occurred_on"],
                                           description=form.cleaned_data["description"])
        messages.success(request, "The evidence has been recorded.")
        return redirect("grants:grant_manage", pk=grant.pk)
    return _manage(request, grant, status=400, evidence=form)


@require_POST
@capacity_required(Capacity.HOST)
def grant_report_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_staff_or_404(request.user, pk)
    services.monitoring_report_open_early(actor=request.user, report=grant.report)
    messages.success(request, f"{grant.organisation} can now write its end-of-grant report.")
    return redirect("grants:grant_manage", pk=grant.pk)


@require_POST
@capacity_required(Capacity.HOST)
def grant_report_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_staff_or_404(request.user, pk)
    form = ReportReviewForm(request.POST)
    if form.is_valid():
        note, user = form.cleaned_data["note"], request.user
        try:
            if form.cleaned_data["decision"] == "accept":
                services.monitoring_report_accept(actor=user, report=grant.report, note=note)
                messages.success(request, "The report is accepted and the grant is closed.")
            else:
                services.monitoring_report_return(actor=user, report=grant.report, message=note)
                messages.success(request, "The report has been returned to the group with your message.")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("grants:grant_manage", pk=grant.pk)
    return _manage(request, grant, status=400, review=form)


# --- Exports (made in the background) ------------------------------------------------------------------------

def _export(request: AuthenticatedHttpRequest, kind: str, label: str) -> HttpResponse:
    form = ExportForm(request.POST, rounds=rounds_for_staff(request.user))
    if not form.is_valid():
        # The convention for refused input: 400 and the page again, the problem in its error summary.
        return _staff_grants_page(request, status=400, problems=[
            ("That round could not be found. Choose a round in the filter and download again.", "#id_round")])
    rnd = form.cleaned_data["round"]
    params = {"round": rnd.pk} if rnd else {}
    job = job_request(actor=request.user, kind=kind, label=label + (f", {rnd.name}" if rnd else ""),
                      params=params)
    return job_requested(request, job)


@require_POST
@capacity_required(Capacity.HOST)
def export_grants_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _export(request, jobs.GRANTS_CSV, "Grants (CSV)")


@require_POST
@capacity_required(Capacity.HOST)
def export_360giving(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.POST.get("format", "json") == "csv":
        return _export(request, jobs.GIVING_CSV, "Grants in the 360Giving format (CSV)")
    return _export(request, jobs.GIVING_JSON, "Grants in the 360Giving format (JSON)")
