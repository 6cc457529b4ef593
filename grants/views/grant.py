"""Pages for an awarded grant: the group's view, agreement and report; host staff's management and exports."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from grants.access import grant_for_grantee_or_404, grant_for_staff_or_404, rounds_for_staff
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
from grants.models import Grant, MonitoringReport, Payment
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
from grassroots.jobs.services import job_request

RS = MonitoringReport.Status


def _overview(grant: Grant) -> dict[str, Any]:
    """What both the group's and staff's grant pages show."""
    return {"grant": grant, "compliance": condition_compliance(grant), "money": payment_summary(grant),
            "report": grant.report, "events": grant_timeline(grant)}


# --- The group's side ----------------------------------------------------------------------------------------

@capacity_required(Capacity.GROUP)
def my_grants(request: HttpRequest) -> HttpResponse:
    return render(request, "grants/grant/my_grants.html", {"grants": list(grants_for_group(request.user))})


@capacity_required(Capacity.GROUP)
def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_grantee_or_404(request.user, pk)
    return render(request, "grants/grant/detail.html", _overview(grant))


@capacity_required(Capacity.GROUP)
def grant_accept(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_grantee_or_404(request.user, pk)
    if grant.status != Grant.Status.OFFERED:
        messages.info(request, "This grant agreement has already been accepted.")
        return redirect("grants:grant_detail", pk=grant.pk)
    form = AcceptForm(request.POST or None, organisation=grant.organisation.name,
                      initial={"signature": request.user.full_name})  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        services.grant_accept(actor=request.user, grant=grant,  # type: ignore[arg-type]
                              signature=form.cleaned_data["signature"])
        messages.success(request, "You have accepted the grant. We will let the host know so payment can be made.")
        return redirect("grants:grant_detail", pk=grant.pk)
    return render(request, "grants/grant/accept.html", {
        "grant": grant, "form": form, "conditions": grant.conditions.all()})


@capacity_required(Capacity.GROUP)
def grant_report(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_grantee_or_404(request.user, pk)
    report = grant.report
    editable = grant.status == Grant.Status.ACTIVE and report.status in (RS.DRAFT, RS.RETURNED)
    form = ReportForm(request.POST if request.method == "POST" and editable else None,
                      initial={f: getattr(report, f) for f in services.REPORT_FIELDS})
    if request.method == "POST" and editable and form.is_valid():
        report = services.monitoring_report_save(actor=request.user, report=report,  # type: ignore[arg-type]
                                                 data=form.cleaned_data)
        if "submit" not in request.POST:
            messages.success(request, "Your draft report has been saved. You can come back and finish it later.")
            return redirect("grants:grant_report", pk=grant.pk)
        try:
            services.monitoring_report_submit(actor=request.user, report=report)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Thank you: your end-of-grant report has been sent to "
                                      f"{grant.round.share.host}.")
            return redirect("grants:grant_detail", pk=grant.pk)
    return render(request, "grants/grant/report.html", {
        "grant": grant, "report": report, "form": form, "editable": editable,
        "budget_lines": grant.application.budget_lines.all()})


# --- Host staff ----------------------------------------------------------------------------------------------

@capacity_required(Capacity.HOST)
def staff_grants(request: HttpRequest) -> HttpResponse:
    rounds = rounds_for_staff(request.user).select_related("programme")
    form = StaffGrantFilterForm(request.GET or None, rounds=rounds)
    chosen = form.cleaned_data if form.is_valid() else {}
    grants = grants_for_staff(request.user, round_id=chosen["round"].pk if chosen.get("round") else None,
                              status=chosen.get("status", ""))
    return render(request, "grants/grant/staff_grants.html", {
        "form": form, "grants": list(grants), "totals": grant_totals(grants),
        "export_round": chosen["round"].pk if chosen.get("round") else ""})


def _manage(request: HttpRequest, grant: Grant, status: int = 200, **forms: Any) -> HttpResponse:
    money = payment_summary(grant)
    scheduled = [p for p in money.payments if p.status == Payment.Status.SCHEDULED]
    context = _overview(grant) | {
        "money": money,
        "schedule": forms.get("schedule") or schedule_formset(
            initial=[{"due_on": p.due_on, "amount": p.amount} for p in scheduled]),
        "pay_forms": {p.pk: forms.get(f"pay-{p.pk}") or MarkPaidForm(prefix=f"pay-{p.pk}") for p in scheduled},
        "evidence_form": forms.get("evidence") or EvidenceForm(conditions=grant.conditions.all()),
        "review_form": forms.get("review") or ReportReviewForm(),
        "schedule_errors": forms.get("schedule_errors") or [],
    }
    context["payment_rows"] = [(p, context["pay_forms"].get(p.pk)) for p in money.payments]
    return render(request, "grants/grant/manage.html", context, status=status)


@capacity_required(Capacity.HOST)
def grant_manage(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage(request, grant_for_staff_or_404(request.user, pk))


@require_POST
@capacity_required(Capacity.HOST)
def grant_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_staff_or_404(request.user, pk)
    formset = schedule_formset(request.POST)
    if formset.is_valid():
        try:
            services.payment_schedule_set(actor=request.user, grant=grant,  # type: ignore[arg-type]
                                          instalments=instalments(formset))
        except ValidationError as exc:
            return _manage(request, grant, status=400, schedule=formset, schedule_errors=exc.messages)
        messages.success(request, "The payment schedule has been saved.")
        return redirect("grants:grant_manage", pk=grant.pk)
    return _manage(request, grant, status=400, schedule=formset)


@require_POST
@capacity_required(Capacity.HOST)
def payment_paid(request: HttpRequest, pk: int, payment_pk: int) -> HttpResponse:
    grant = grant_for_staff_or_404(request.user, pk)
    payment = get_object_or_404(grant.payments, pk=payment_pk)
    form = MarkPaidForm(request.POST, prefix=f"pay-{payment.pk}")
    if form.is_valid():
        try:
            services.payment_mark_paid(actor=request.user, payment=payment,  # type: ignore[arg-type]
                                       paid_on=form.cleaned_data["paid_on"], reference=form.cleaned_data["reference"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Instalment {payment.number} is recorded as paid.")
            return redirect("grants:grant_manage", pk=grant.pk)
    return _manage(request, grant, status=400, **{f"pay-{payment.pk}": form})


@require_POST
@capacity_required(Capacity.HOST)
def grant_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_staff_or_404(request.user, pk)
    form = EvidenceForm(request.POST, conditions=grant.conditions.all())
    if form.is_valid():
        services.condition_evidence_record(actor=request.user, condition=form.cleaned_data["condition"],  # type: ignore[arg-type]
                                           occurred_on=form.cleaned_data["occurred_on"],
                                           description=form.cleaned_data["description"])
        messages.success(request, "The evidence has been recorded.")
        return redirect("grants:grant_manage", pk=grant.pk)
    return _manage(request, grant, status=400, evidence=form)


@require_POST
@capacity_required(Capacity.HOST)
def grant_report_review(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_staff_or_404(request.user, pk)
    form = ReportReviewForm(request.POST)
    if form.is_valid():
        note, user = form.cleaned_data["note"], request.user
        try:
            if form.cleaned_data["decision"] == "accept":
                services.monitoring_report_accept(actor=user, report=grant.report, note=note)  # type: ignore[arg-type]
                messages.success(request, "The report is accepted and the grant is closed.")
            else:
                services.monitoring_report_return(actor=user, report=grant.report, message=note)  # type: ignore[arg-type]
                messages.success(request, "The report has been returned to the group with your message.")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("grants:grant_manage", pk=grant.pk)
    return _manage(request, grant, status=400, review=form)


# --- Exports (made in the background) ------------------------------------------------------------------------

def _export(request: HttpRequest, kind: str, label: str) -> HttpResponse:
    form = ExportForm(request.POST, rounds=rounds_for_staff(request.user))
    if not form.is_valid():
        messages.error(request, "That round could not be found.")
        return redirect("grants:staff_grants")
    rnd = form.cleaned_data["round"]
    params = {"round": rnd.pk} if rnd else {}
    job_request(actor=request.user, kind=kind, label=label + (f", {rnd.name}" if rnd else ""),  # type: ignore[arg-type]
                params=params)
    messages.success(request, "We are making your file. It will appear here when it is ready.")
    return redirect("jobs:list")


@require_POST
@capacity_required(Capacity.HOST)
def export_grants_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "grants.grants_csv", "Grants (CSV)")


@require_POST
@capacity_required(Capacity.HOST)
def export_360giving(request: HttpRequest) -> HttpResponse:
    if request.POST.get("format", "json") == "csv":
        return _export(request, "grants.360giving_csv", "Grants in the 360Giving format (CSV)")
    return _export(request, "grants.360giving_json", "Grants in the 360Giving format (JSON)")
