"""Paper forms: choose what to import, download the template, upload, see the check, import all rows or none."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from engagement.access import import_batch_or_404, import_scopes, may_start_import
from engagement.forms.imports import ImportUploadForm
from engagement.imports.blank_files import template_csv, template_xlsx
from engagement.imports.columns import FEEDBACK_COLUMNS, Column, answer_columns
from engagement.models import ImportBatch, QuestionSet
from engagement.selectors import imports as selectors
from engagement.services.imports import import_batch_start, import_batch_upload
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.dates import govuk_datetime
from grassroots.http import AuthenticatedHttpRequest
from grassroots.jobs.models import Job

K = ImportBatch.Kind
PER_PAGE = 50
TYPES = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
may_import = capacity_required(Capacity.GROUP, Capacity.HOST)


def _scopes(request: AuthenticatedHttpRequest) -> list[Any]:
    scopes = import_scopes(request.user)
    if not scopes:
        raise PermissionDenied("Only community groups and host staff import paper forms.")
    return scopes


def _kind(kind: str) -> str:
    if kind not in K.values:
        raise Http404("No such kind of import.")
    return kind


def _question_set(request: AuthenticatedHttpRequest, scopes: list[Any], value: str | None) -> QuestionSet | None:
    if not value or not value.isdigit():
        return None
    return selectors.question_sets_for_import(request.user, scopes).filter(pk=int(value)).first()


def _columns(kind: str, question_set: QuestionSet | None) -> list[Column]:
    if kind == K.FEEDBACK:
        return list(FEEDBACK_COLUMNS)
    assert question_set is not None
    fixed, questions = answer_columns(question_set)
    return [*fixed, *(qc.column for qc in questions)]


@require_safe
@may_import
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    scopes = _scopes(request)
    return render(request, "engagement/imports/start.html", {
        "batches": selectors.recent_batches(request.user), "kinds": K.choices,
        "question_sets": selectors.question_sets_for_import(request.user, scopes)})


@may_import
def import_upload(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """The columns and their allowed values, the template, and the upload."""
    kind, scopes = _kind(kind), _scopes(request)
    question_set = _question_set(request, scopes, request.GET.get("set") or request.POST.get("set"))
    if kind == K.ANSWERS and question_set is None:
        return render(request, "engagement/imports/choose_set.html", {
            "question_sets": selectors.question_sets_for_import(request.user, scopes)})
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None, scopes=scopes)
    if posted and form.is_valid():
        batch, created = import_batch_upload(actor=request.user, scope=form.scope(), kind=kind,
                                             upload=form.cleaned_data["file"], question_set=question_set)
        if not created:
            messages.info(request, f"This file was already imported on {govuk_datetime(batch.imported_at)} by "
                                   f"{batch.created_by.full_name or batch.created_by.email}. Nothing new was created.")
        return redirect("engagement:import_detail", pk=batch.pk)
    return render(request, "engagement/imports/upload.html", {
        "kind": kind, "kind_label": K(kind).label, "question_set": question_set, "form": form,
        "columns": _columns(kind, question_set), "sessions": selectors.editable_sessions(request.user, scopes)[:10],
    }, status=400 if form.errors else 200)


@require_safe
@may_import
def import_template(request: AuthenticatedHttpRequest, kind: str, fmt: str) -> HttpResponse:
    kind, scopes = _kind(kind), _scopes(request)
    if fmt not in TYPES:
        raise Http404("No such format.")
    question_set = _question_set(request, scopes, request.GET.get("set"))
    if kind == K.ANSWERS and question_set is None:
        return redirect("engagement:import_upload", kind=kind)
    columns = _columns(kind, question_set)
    if fmt == "csv":
        content = template_csv(columns)
    else:
        sessions = selectors.editable_sessions(request.user, scopes)
        if question_set is not None:
            sessions = [s for s in sessions if s.question_set_id == question_set.pk]
        content = template_xlsx(columns, sessions, "Feedback" if kind == K.FEEDBACK else "Answers")
    name = "feedback" if kind == K.FEEDBACK else "answers"
    response = HttpResponse(content, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}-template.{fmt}"'
    return response


def _stalled(batch: ImportBatch) -> str:
    """The job's message when its job ended without finishing the batch (a worker died): else ""."""
    job = batch.job
    if batch.is_busy and job is not None and job.is_finished and job.status != Job.Status.DONE:
        return job.message or "This stopped before it finished."
    return ""


@require_safe
@may_import
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = import_batch_or_404(request.user, pk)
    context: dict[str, Any] = {"batch": batch, "stalled": _stalled(batch),
                               "may_import": bool(may_start_import(request.user, batch)),
                               "progress": batch.job.progress if batch.job else 0}
    if batch.problem_count:
        page = Paginator(selectors.problems(batch), PER_PAGE).get_page(request.GET.get("page"))
        context.update(page=page, counts=selectors.problem_counts(batch),
                       kept=page.paginator.count, page_links=_page_links(page))
    if batch.is_imported:
        context["per_session"] = selectors.imported_per_session(batch)
    return render(request, "engagement/imports/detail.html", context)


@require_safe
@may_import
def import_status(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """Polled by static/js/import-progress.js while the batch is being checked or imported."""
    batch = import_batch_or_404(request.user, pk)
    job = batch.job
    return JsonResponse({"status": batch.status, "status_label": batch.get_status_display(),
                         "progress": job.progress if job else 0, "message": job.message if job else "",
                         "finished": not batch.is_busy or bool(_stalled(batch))})


@require_POST
@may_import
def import_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """"Import N rows": all of them in one transaction, in the background."""
    batch = import_batch_or_404(request.user, pk)
    allowed = may_start_import(request.user, batch)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    import_batch_start(actor=request.user, batch=batch)
    return redirect("engagement:import_detail", pk=batch.pk)


def _page_links(page: Any) -> list[int | None]:
    """Page numbers to show in govuk-pagination, with None for an ellipsis."""
    last, here = page.paginator.num_pages, page.number
    wanted = sorted({1, last, here - 1, here, here + 1} & set(range(1, last + 1)))
    out: list[int | None] = []
    for n in wanted:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out
