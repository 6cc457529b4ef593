"""The community group's side of applying: find a fund, check eligibility, fill in, submit, follow, withdraw."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from grants.access import application_for_applicant_or_404, application_for_user_or_404, rounds_open_to_groups
from grants.display import answer_display
from grants.drafts import keep_post_when_signed_out, take_kept_post
from grants.forms.apply import (
    LABELS,
    SECTION_FORMS,
    SECTION_TITLES,
    AmountForm,
    BudgetFormSet,
    DocumentForm,
    EligibilityForm,
    WithdrawForm,
)
from grants.models import Application, SupportingDocument
from grants.selectors import application_problems, budget_total, eligibility_failures
from grants.selectors import apply as selectors
from grants.services import applications as services
from grants.services.common import TransitionError
from grassroots.accounts.access import Capacity, capacity_required, group_may_apply, organisations
from grassroots.accounts.models import Organisation

S = Application.Status
SECTION_ORDER = ["group", "activity", "communities", "sessions", "budget", "documents"]
BUDGET_ROWS = 8


def _section_url(application: Application, section: str) -> str:
    if section in ("budget", "documents"):
        return reverse(f"grants:application_{section}", args=[application.pk])
    if section:
        return reverse("grants:application_section", args=[application.pk, section])
    return reverse("grants:application_tasks", args=[application.pk])


def _after_save(request: HttpRequest, application: Application, section: str) -> HttpResponse:
    """"Save and continue" goes to the next part; "come back later" goes to the task list."""
    if "draft" in request.POST:
        messages.success(request, f"Your answers to “{SECTION_TITLES[section]}” are saved. "
                                  "You can come back to them at any time.")
        return redirect("grants:application_tasks", application.pk)
    following = SECTION_ORDER[SECTION_ORDER.index(section) + 1:]
    if following:
        return redirect(_section_url(application, following[0]))
    return redirect("grants:application_check", application.pk)


def _editable_or_redirect(request: HttpRequest, application: Application) -> HttpResponse | None:
    if application.is_editable:
        return None
    messages.info(request, f"This application is {application.get_status_display().lower()}, "
                           "so it can no longer be changed.")
    return redirect("grants:application_detail", application.pk)


def _summary(application: Application) -> list[dict[str, Any]]:
    """Check-your-answers rows, one block per section, read from the live application."""
    snapshot = services.application_snapshot(application)
    blocks = []
    for section, fields in services.SECTION_FIELDS.items():
        blocks.append({"section": section, "title": SECTION_TITLES[section], "url": _section_url(application, section),
                       "rows": [(LABELS[f], answer_display(f, snapshot[f])) for f in fields]})
    blocks.append({"section": "budget", "title": SECTION_TITLES["budget"], "url": _section_url(application, "budget"),
                   "rows": [(LABELS[f], answer_display(f, snapshot[f])) for f in ("amount_requested", "budget_lines")]})
    blocks.append({"section": "documents", "title": SECTION_TITLES["documents"],
                   "url": _section_url(application, "documents"),
                   "rows": [(LABELS["documents"], answer_display("documents", snapshot["documents"]))]})
    return blocks


def _groups_waiting(user: Any) -> list[tuple[Organisation, str]]:
    """The user's groups that may not apply yet (pending or declined registration), with the reason to show."""
    return [(g, reason) for g in organisations(user, Capacity.GROUP)
            for allowed, reason in [group_may_apply(g)] if not allowed]


@capacity_required(Capacity.GROUP)
def funding(request: HttpRequest) -> HttpResponse:
    waiting = _groups_waiting(request.user)
    return render(request, "grants/apply/funding.html", {
        "rounds": list(selectors.open_rounds()),
        "applications": list(selectors.group_applications(request.user)),
        "waiting": waiting,
        "may_apply": len(waiting) < len(organisations(request.user, Capacity.GROUP)) or request.user.is_superuser,
    })


@capacity_required(Capacity.GROUP)
def eligibility(request: HttpRequest, round_pk: int) -> HttpResponse:
    rnd = get_object_or_404(rounds_open_to_groups().select_related("programme", "share__host"), pk=round_pk)
    groups = organisations(request.user, Capacity.GROUP)
    if not groups:
        raise PermissionDenied("Only members of a community group can apply for a grant.")
    groups = [g for g in groups if group_may_apply(g)[0]]
    if not groups:
        return render(request, "grants/apply/not_approved.html", {"waiting": _groups_waiting(request.user)})
    if not rnd.is_open:
        return render(request, "grants/apply/round_closed.html", {"round": rnd})
    data = request.POST if request.method == "POST" else None
    form = EligibilityForm(data, questions=list(rnd.eligibility_questions.all()), groups=groups)
    if request.method == "POST" and form.is_valid():
        failures = eligibility_failures(rnd, form.answers())
        if failures:
            return render(request, "grants/apply/not_eligible.html", {"round": rnd, "failures": failures})
        organisation = next(g for g in groups if g.pk == form.cleaned_data.get("organisation", groups[0].pk))
        try:
            application = services.application_start(actor=request.user, organisation=organisation,  # type: ignore[arg-type]
                                                     round=rnd, answers=form.answers())
        except TransitionError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"You can apply. Your application reference is {application.reference}.")
            return redirect("grants:application_tasks", application.pk)
    return render(request, "grants/apply/eligibility.html", {"round": rnd, "form": form})


@capacity_required(Capacity.GROUP)
def application_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    prefetch_related_objects([application], "budget_lines", "documents", "round__required_documents")
    states = selectors.section_states(application)
    tasks = [{"section": s, "title": SECTION_TITLES[s], "status": states[s], "url": _section_url(application, s)}
             for s in SECTION_ORDER]
    returned = selectors.latest_return_note(application) if application.status == S.RETURNED else None
    return render(request, "grants/apply/tasks.html", {
        "application": application, "tasks": tasks, "returned": returned,
        "completed": sum(1 for t in tasks if t["status"] == selectors.COMPLETED),
    })


@keep_post_when_signed_out
@capacity_required(Capacity.GROUP)
def application_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if section not in SECTION_FORMS:
        raise Http404("No such section")
    if (locked := _editable_or_redirect(request, application)) is not None:
        return locked
    initial = {name: getattr(application, name) for name in services.SECTION_FIELDS[section]}
    data = request.POST if request.method == "POST" else take_kept_post(request)
    form = SECTION_FORMS[section](data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save_section(actor=request.user, application=application,  # type: ignore[arg-type]
                                              section=section, data=form.cleaned_data)
        except TransitionError as exc:
            form.add_error(None, exc.messages)
        else:
            return _after_save(request, application, section)
    return render(request, "grants/apply/section.html", {
        "application": application, "form": form, "section": section, "title": SECTION_TITLES[section],
    })


def _budget_warnings(application: Application) -> list[str]:
    rnd, amount = application.round, application.amount_requested
    warnings = []
    total = budget_total(application)
    if amount is not None and application.budget_lines.exists() and total != amount:
        warnings.append(f"Your budget lines add up to £{total:,.2f} but you are asking for £{amount:,.2f}. "
                        "They must be the same before you can submit.")
    if amount is not None and not rnd.min_award <= amount <= rnd.max_award:
        warnings.append(f"This round gives between £{rnd.min_award:,.0f} and £{rnd.max_award:,.0f}. "
                        f"You are asking for £{amount:,.2f}.")
    return warnings


@keep_post_when_signed_out
@capacity_required(Capacity.GROUP)
def application_budget(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if (locked := _editable_or_redirect(request, application)) is not None:
        return locked
    lines = [{"description": b.description, "amount": b.amount} for b in application.budget_lines.all()]
    data = request.POST if request.method == "POST" else take_kept_post(request)
    formset = BudgetFormSet(data, prefix="lines",
                            initial=lines + [{}] * (max(BUDGET_ROWS, len(lines) + 2) - len(lines)))
    amount_form = AmountForm(data, initial={"amount_requested": application.amount_requested})
    if request.method == "POST" and formset.is_valid() and amount_form.is_valid():
        try:
            application = services.application_save_budget(
                actor=request.user, application=application, lines=formset.lines(),  # type: ignore[arg-type,attr-defined]
                amount_requested=amount_form.cleaned_data["amount_requested"])
        except TransitionError as exc:
            amount_form.add_error(None, exc.messages)
        else:
            warnings = _budget_warnings(application)
            for warning in warnings:
                messages.warning(request, warning)
            if "more" in request.POST or (warnings and "continue" in request.POST):
                return redirect("grants:application_budget", application.pk)
            return _after_save(request, application, "budget")
    return render(request, "grants/apply/budget.html", {
        "application": application, "formset": formset, "amount_form": amount_form,
        "warnings": _budget_warnings(application) if request.method == "GET" else [],
        "total": budget_total(application),
    })


@capacity_required(Capacity.GROUP)
def application_documents(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if (locked := _editable_or_redirect(request, application)) is not None:
        return locked
    required = list(application.round.required_documents.all())
    data = request.POST if request.method == "POST" else None
    form = DocumentForm(data, request.FILES or None, required_documents=required)
    if request.method == "POST" and form.is_valid():
        wanted = next((r for r in required if r.pk == form.cleaned_data["required_document"]), None)
        try:
            doc = services.document_add(actor=request.user, application=application,  # type: ignore[arg-type]
                                        upload=form.cleaned_data["file"], required_document=wanted)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, f"“{doc.original_name}” has been uploaded.")
            return redirect("grants:application_documents", application.pk)
    documents = list(application.documents.select_related("required_document"))
    uploaded = {d.required_document_id for d in documents}
    return render(request, "grants/apply/documents.html", {
        "application": application, "form": form, "documents": documents,
        "required": [(r, r.pk in uploaded) for r in required],
    })


@require_POST
@capacity_required(Capacity.GROUP)
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    document = get_object_or_404(SupportingDocument, pk=document_pk, application=application)
    try:
        services.document_remove(actor=request.user, document=document)  # type: ignore[arg-type]
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"“{document.original_name}” has been removed.")
    return redirect("grants:application_documents", application.pk)


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(SupportingDocument, pk=pk)
    application_for_user_or_404(request.user, document.application_id)  # 404 unless they may see the application
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _check_context(application: Application, problems: list[str]) -> dict[str, Any]:
    prefetch_related_objects([application], "budget_lines", "documents", "round__required_documents")
    return {
        "application": application, "summary": _summary(application),
        "problems": [(p, _section_url(application, selectors.problem_section(p))) for p in problems],
    }


@capacity_required(Capacity.GROUP)
def application_check(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if (locked := _editable_or_redirect(request, application)) is not None:
        return locked
    return render(request, "grants/apply/check.html", _check_context(application, application_problems(application)))


@require_POST
@capacity_required(Capacity.GROUP)
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if not application.is_editable and application.version >= 1:
        return redirect("grants:application_submitted", application.pk)  # a second press: already done
    try:
        services.application_submit(actor=request.user, application=application)  # type: ignore[arg-type]
    except TransitionError as exc:
        application.refresh_from_db()
        context = _check_context(application, exc.messages)
        return render(request, "grants/apply/check.html", context, status=200)
    return redirect("grants:application_submitted", application.pk)


@capacity_required(Capacity.GROUP)
def application_submitted(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if application.version < 1:
        return redirect("grants:application_check", application.pk)
    return render(request, "grants/apply/submitted.html", {"application": application})


@capacity_required(Capacity.GROUP)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    prefetch_related_objects([application], "budget_lines", "documents")
    events = list(application.events.for_group().select_related("actor"))
    return render(request, "grants/apply/detail.html", {
        "application": application, "summary": _summary(application), "events": events,
        "may_withdraw": application.may_move_to(S.WITHDRAWN),
        "returned": selectors.latest_return_note(application) if application.status == S.RETURNED else None,
    })


@capacity_required(Capacity.GROUP)
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if not application.may_move_to(S.WITHDRAWN):
        messages.info(request, f"This application is {application.get_status_display().lower()}, "
                               "so it cannot be withdrawn.")
        return redirect("grants:application_detail", application.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.application_withdraw(actor=request.user, application=application,  # type: ignore[arg-type]
                                      reason=form.cleaned_data["reason"])
        messages.success(request, f"Application {application.reference} has been withdrawn.")
        return redirect("grants:application_detail", application.pk)
    return render(request, "grants/apply/withdraw.html", {"application": application, "form": form})


def _compare(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    names = [*[f for fields in services.SECTION_FIELDS.values() for f in fields],
             "amount_requested", "budget_lines", "documents"]
    return [(LABELS[n], answer_display(n, old.get(n)), answer_display(n, new.get(n)))
            for n in names if old.get(n) != new.get(n)]


def _version_number(raw: str | None, default: int, numbers: list[int]) -> int:
    try:
        number = int(raw) if raw else default
    except ValueError:
        return default
    return number if number in numbers else default


@login_required
def application_versions(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_user_or_404(request.user, pk)
    versions = selectors.versions_of(application)
    numbers = [v.number for v in versions]
    context: dict[str, Any] = {"application": application, "versions": versions}
    if len(versions) >= 2:
        a = _version_number(request.GET.get("a"), numbers[-2], numbers)
        b = _version_number(request.GET.get("b"), numbers[-1], numbers)
        by_number = {v.number: v for v in versions}
        context.update(a=by_number[a], b=by_number[b],
                       changes=_compare(by_number[a].snapshot, by_number[b].snapshot))
    return render(request, "grants/apply/versions.html", context)


