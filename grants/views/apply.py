"""The community group's side of applying: find a fund, check eligibility, fill in, submit, follow, withdraw."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from grants import sections
from grants.access import application_for_applicant_or_404, application_for_user_or_404, rounds_open_to_groups
from grants.display import answer_display
from grants.drafts import forget_typed_input, keep_post_when_signed_out, keep_typed_input, take_kept_post, typed_input
from grants.forms.apply import (
    SECTION_FORMS,
    AmountForm,
    BudgetFormSet,
    DocumentForm,
    EligibilityForm,
    WithdrawForm,
)
from grants.models import Application, SupportingDocument
from grants.selectors import application_problems, budget_problems, budget_total, eligibility_failures
from grants.selectors import apply as selectors
from grants.services import applications as services
from grants.services.common import TransitionError
from grassroots.accounts.access import Capacity, capacity_required, group_may_apply, organisations
from grassroots.accounts.models import Organisation
from grassroots.http import AuthenticatedHttpRequest

# Every view's decorators in one order: the HTTP methods it answers, then keeping a signed-out POST,
# then who may use it. An invalid POST answers 400 and shows the page again with its error summary.
S = Application.Status
LABELS = sections.LABELS
BUDGET_ROWS = 8
RETURN_TO_CHECK = "check"


def _section_url(application: Application, section: str, *, from_check: bool = False) -> str:
    if section in ("budget", "documents"):
        url = reverse(f"grants:application_{section}", args=[application.pk])
    elif section:
        url = reverse("grants:application_section", args=[application.pk, section])
    else:
        return reverse("grants:application_check", args=[application.pk])
    return f"{url}?return={RETURN_TO_CHECK}" if from_check else url


def _after_save(request: AuthenticatedHttpRequest, application: Application, section: str) -> HttpResponse:
    """"Save and continue" goes to the next part (or back to check your answers when the group came from
    there); "come back later" goes to the task list."""
    forget_typed_input(request)
    if "draft" in request.POST:
        messages.success(request, f"Your answers to “{sections.BY_KEY[section].title}” are saved. "
                                  "You can come back to them at any time.")
        return redirect("grants:application_tasks", application.pk)
    following = sections.next_section(section)
    if request.GET.get("return") == RETURN_TO_CHECK or following is None:
        return redirect("grants:application_check", application.pk)
    return redirect(_section_url(application, following))


def _editable_or_redirect(request: AuthenticatedHttpRequest, application: Application) -> HttpResponse | None:
    if application.is_editable:
        return None
    messages.info(request, f"This application is {application.get_status_display().lower()}, "
                           "so it can no longer be changed.")
    return redirect("grants:application_detail", application.pk)


def _summary(application: Application, *, change: bool = False) -> list[dict[str, Any]]:
    """Check-your-answers rows, one block per section, read from the live application."""
    snapshot = services.application_snapshot(application)
    return [{"section": s.key, "title": s.title, "url": _section_url(application, s.key, from_check=change),
             "rows": [(LABELS[f], answer_display(f, snapshot[f])) for f in s.fields]} for s in sections.SECTIONS]


def _groups_waiting(user: Any) -> list[tuple[Organisation, str]]:
    """The user's groups that may not apply yet (pending or declined registration), with the reason to show."""
    return [(g, reason) for g in organisations(user, Capacity.GROUP)
            for allowed, reason in [group_may_apply(g)] if not allowed]


@require_safe
@capacity_required(Capacity.GROUP)
def funding(request: AuthenticatedHttpRequest) -> HttpResponse:
    waiting = _groups_waiting(request.user)
    return render(request, "grants/apply/funding.html", {
        "rounds": list(selectors.open_rounds()),
        "applications": list(selectors.group_applications(request.user)),
        "waiting": waiting,
        "may_apply": len(waiting) < len(organisations(request.user, Capacity.GROUP)) or request.user.is_superuser,
    })


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.GROUP)
def eligibility(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
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
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        failures = eligibility_failures(rnd, form.answers())
        if failures:
            return render(request, "grants/apply/not_eligible.html", {"round": rnd, "failures": failures})
        organisation = next(g for g in groups if g.pk == form.cleaned_data.get("organisation", groups[0].pk))
        existing = selectors.open_application(organisation.pk, rnd.pk)
        try:
            application = services.application_start(actor=request.user, organisation=organisation,
                                                     round=rnd, answers=form.answers())
        except TransitionError as exc:
            form.add_error(None, exc.messages)
            status = 400
        else:
            if existing is None:
                messages.success(request, f"You can apply. Your application reference is {application.reference}.")
            else:
                messages.info(request, f"{organisation.name} already has an application in this round "
                                       f"({application.reference}), so we have taken you to it.")
            if application.is_editable:
                return redirect("grants:application_tasks", application.pk)
            return redirect("grants:application_detail", application.pk)
    return render(request, "grants/apply/eligibility.html", {"round": rnd, "form": form}, status=status)


@require_safe
@capacity_required(Capacity.GROUP)
def application_tasks(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    prefetch_related_objects([application], "budget_lines", "documents", "round__required_documents")
    states = selectors.section_states(application)
    tasks = [{"section": s.key, "title": s.title, "status": states[s.key], "url": _section_url(application, s.key)}
             for s in sections.SECTIONS]
    returned = selectors.latest_return_note(application) if application.status == S.RETURNED else None
    return render(request, "grants/apply/tasks.html", {
        "application": application, "tasks": tasks, "returned": returned,
        "completed": sum(1 for t in tasks if t["status"] == selectors.COMPLETED),
    })


@require_http_methods(["GET", "POST"])
@keep_post_when_signed_out
@capacity_required(Capacity.GROUP)
def application_section(request: AuthenticatedHttpRequest, pk: int, section: str) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if section not in SECTION_FORMS:
        raise Http404("No such section")
    if (locked := _editable_or_redirect(request, application)) is not None:
        return locked
    initial = {name: getattr(application, name) for name in sections.BY_KEY[section].fields}
    status = 200
    if request.method == "POST":
        form = SECTION_FORMS[section](request.POST, initial=initial, complete="continue" in request.POST)
        valid = form.is_valid()
        # Everything that passed its checks is saved even when something else did not: nothing typed is lost.
        try:
            services.application_save_section(actor=request.user, application=application,
                                              section=section, data=form.valid_answers())
        except TransitionError as exc:
            form.add_error(None, exc.messages)
            valid = False
        if valid:
            return _after_save(request, application, section)
        keep_typed_input(request)
        if form.valid_answers():
            messages.info(request, "We saved the answers that were right. Correct the ones marked below and save again.")
        status = 400
    else:
        form = SECTION_FORMS[section](take_kept_post(request) or typed_input(request), initial=initial)
    return render(request, "grants/apply/section.html", {
        "application": application, "form": form, "section": section, "title": sections.BY_KEY[section].title,
    }, status=status)


@require_http_methods(["GET", "POST"])
@keep_post_when_signed_out
@capacity_required(Capacity.GROUP)
def application_budget(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if (locked := _editable_or_redirect(request, application)) is not None:
        return locked
    lines = [{"description": b.description, "amount": b.amount} for b in application.budget_lines.all()]
    data = request.POST if request.method == "POST" else take_kept_post(request)
    formset = BudgetFormSet(data, prefix="lines",
                            initial=lines + [{}] * (max(BUDGET_ROWS, len(lines) + 2) - len(lines)))
    amount_form = AmountForm(data, initial={"amount_requested": application.amount_requested})
    status = 200
    if request.method == "POST" and not (formset.is_valid() and amount_form.is_valid()):
        status = 400
    elif request.method == "POST":
        try:
            application = services.application_save_budget(
                actor=request.user, application=application, lines=formset.lines(),  # type: ignore[attr-defined]
                amount_requested=amount_form.cleaned_data["amount_requested"])
        except TransitionError as exc:
            amount_form.add_error(None, exc.messages)
            status = 400
        else:
            warnings = budget_problems(application) if application.budget_lines.exists() else []
            for warning in warnings:
                messages.warning(request, warning)
            if "more" in request.POST or (warnings and "continue" in request.POST):
                return redirect("grants:application_budget", application.pk)
            return _after_save(request, application, "budget")
    return render(request, "grants/apply/budget.html", {
        "application": application, "formset": formset, "amount_form": amount_form,
        "warnings": budget_problems(application) if request.method == "GET" and application.budget_lines.all() else [],
        "total": budget_total(application),
    }, status=status)


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.GROUP)
def application_documents(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if (locked := _editable_or_redirect(request, application)) is not None:
        return locked
    required = list(application.round.required_documents.all())
    data = request.POST if request.method == "POST" else None
    form = DocumentForm(data, request.FILES or None, required_documents=required)
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        wanted = next((r for r in required if r.pk == form.cleaned_data["required_document"]), None)
        try:
            doc = services.document_add(actor=request.user, application=application,
                                        upload=form.cleaned_data["file"], required_document=wanted)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            status = 400
        else:
            messages.success(request, f"“{doc.original_name}” has been uploaded.")
            return redirect("grants:application_documents", application.pk)
    documents = list(application.documents.select_related("required_document"))
    uploaded = {d.required_document_id for d in documents}
    return render(request, "grants/apply/documents.html", {
        "application": application, "form": form, "documents": documents,
        "required": [(r, r.pk in uploaded) for r in required],
    }, status=status)


@require_POST
@capacity_required(Capacity.GROUP)
def document_remove(request: AuthenticatedHttpRequest, pk: int, document_pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    document = get_object_or_404(SupportingDocument, pk=document_pk, application=application)
    try:
        services.document_remove(actor=request.user, document=document)
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"“{document.original_name}” has been removed.")
    return redirect("grants:application_documents", application.pk)


@require_safe
@login_required
def document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(SupportingDocument, pk=pk)
    application_for_user_or_404(request.user, document.application_id)  # 404 unless they may see the application
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _check_page(request: AuthenticatedHttpRequest, application: Application, *,
                refused: list[str] | None = None) -> HttpResponse:
    """Check your answers; ``refused`` is why a press of "Accept and send" failed (then the page says 400)."""
    prefetch_related_objects([application], "budget_lines", "documents", "round__required_documents")
    problems = [(p.message, _section_url(application, p.section, from_check=True))
                for p in application_problems(application)]
    if refused and not problems:  # refused for another reason than the answers, e.g. the round closed
        problems = [(message, "#main-content") for message in refused]
    return render(request, "grants/apply/check.html", {
        "application": application, "summary": _summary(application, change=True), "problems": problems,
    }, status=400 if refused else 200)


@require_safe
@capacity_required(Capacity.GROUP)
def application_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if (locked := _editable_or_redirect(request, application)) is not None:
        return locked
    return _check_page(request, application)


@require_POST
@capacity_required(Capacity.GROUP)
def application_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if not application.is_editable and application.version >= 1:
        return redirect("grants:application_submitted", application.pk)  # a second press: already done
    try:
        services.application_submit(actor=request.user, application=application)
    except TransitionError as exc:
        application.refresh_from_db()
        return _check_page(request, application, refused=exc.messages)
    return redirect("grants:application_submitted", application.pk)


@require_safe
@capacity_required(Capacity.GROUP)
def application_submitted(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if application.version < 1:
        return redirect("grants:application_check", application.pk)
    return render(request, "grants/apply/submitted.html", {"application": application})


@require_safe
@capacity_required(Capacity.GROUP)
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    prefetch_related_objects([application], "budget_lines", "documents")
    events = list(application.events.for_group().select_related("actor"))
    return render(request, "grants/apply/detail.html", {
        "application": application, "summary": _summary(application), "events": events,
        "may_withdraw": application.may_move_to(S.WITHDRAWN),
        "grant": selectors.grant_of(application),
        "returned": selectors.latest_return_note(application) if application.status == S.RETURNED else None,
    })


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.GROUP)
def application_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_applicant_or_404(request.user, pk)
    if not application.may_move_to(S.WITHDRAWN):
        messages.info(request, f"This application is {application.get_status_display().lower()}, "
                               "so it cannot be withdrawn.")
        return redirect("grants:application_detail", application.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.application_withdraw(actor=request.user, application=application,
                                      reason=form.cleaned_data["reason"])
        messages.success(request, f"Application {application.reference} has been withdrawn.")
        return redirect("grants:application_detail", application.pk)
    return render(request, "grants/apply/withdraw.html", {"application": application, "form": form},
                  status=400 if form.is_bound else 200)


def _compare(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    names = sections.ALL_FIELDS
    return [(LABELS[n], answer_display(n, old.get(n)), answer_display(n, new.get(n)))
            for n in names if old.get(n) != new.get(n)]


def _version_number(raw: str | None, default: int, numbers: list[int]) -> int:
    try:
        number = int(raw) if raw else default
    except ValueError:
        return default
    return number if number in numbers else default


@require_safe
@login_required
def application_versions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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


