"""Host staff's pages: programmes and rounds, the applications list, one application and its actions."""
from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from grants import jobs
from grants.access import (
    application_for_staff_or_404,
    may_assign_reviewers,
    may_return,
    may_unassign,
    programme_for_lead_or_404,
    programme_for_staff_or_404,
    programme_reviewers,
    review_for_staff_or_404,
    round_for_staff_or_404,
    shares_for_staff,
)
from grants.display import answer_display
from grants.filters import ApplicationFilter, export_params
from grants.forms.staff import (
    AssignReviewerForm,
    CheckForm,
    ConditionForm,
    CriterionForm,
    EligibilityQuestionForm,
    ProgrammeForm,
    RequiredDocumentForm,
    ReturnForm,
    RoundForm,
)
from grants.models import (
    Application,
    ConditionTemplate,
    Criterion,
    EligibilityQuestion,
    RequiredDocument,
    Round,
)
from grants.sections import FORM_SECTIONS, LABELS
from grants.selectors.programmes import staff_programme_rows
from grants.selectors.staff import (
    application_rows,
    list_status_counts,
    round_with_setup,
    staff_applications,
)
from grants.services import programmes as programme_services
from grants.services import staff as services
from grants.services.applications import application_return
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest
from grassroots.jobs.services import job_request
from grassroots.jobs.views import job_requested

PER_PAGE = 25
host_only = capacity_required(Capacity.HOST)

# The parts of a round's set-up, by the name used in their URLs: model, form, add service, label.
SetupItem = EligibilityQuestion | Criterion | ConditionTemplate | RequiredDocument
SETUP: dict[str, tuple[type[SetupItem], type[BaseForm], Any, str]] = {
    "questions": (EligibilityQuestion, EligibilityQuestionForm, services.eligibility_question_add,
                  "Eligibility question"),
    "criteria": (Criterion, CriterionForm, services.criterion_add, "Assessment criterion"),
    "conditions": (ConditionTemplate, ConditionForm, services.condition_add, "Grant condition"),
    "documents": (RequiredDocument, RequiredDocumentForm, services.required_document_add, "Required document"),
}


def _status(form: BaseForm) -> int:
    """400 when a posted form comes back to its page: it (or the service behind it) refused the input."""
    return 400 if form.is_bound else 200


def _programme_lists(form: ProgrammeForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in ("commissioners", "areas", "delivery_partners")}


@host_only
def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "grants/staff/programme_list.html",
                  {"programmes": staff_programme_rows(request.user)})


@host_only
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        programme = programme_services.programme_save(actor=request.user, data=form.cleaned_data,
                                                      **_programme_lists(form))
        messages.success(request, f"Programme “{programme.name}” created. Now add its first round.")
        return redirect("grants:round_create", programme_pk=programme.pk)
    return render(request, "grants/staff/programme_form.html", {"form": form, "programme": None},
                  status=_status(form))


@host_only
def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_for_lead_or_404(request.user, pk)
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.programme_save(actor=request.user, programme=programme, data=form.cleaned_data,
                                              **_programme_lists(form))
        except ValidationError as exc:
            form.add_error("budget", exc.messages)
        else:
            messages.success(request, "Programme saved.")
            return redirect("grants:programme_overview", pk=programme.pk)
    return render(request, "grants/staff/programme_form.html", {"form": form, "programme": programme},
                  status=_status(form))


@host_only
def round_create(request: AuthenticatedHttpRequest, programme_pk: int) -> HttpResponse:
    programme = programme_for_staff_or_404(request.user, programme_pk)
    shares = list(shares_for_staff(request.user).filter(programme=programme).select_related("host"))
    form = RoundForm(request.POST or None, shares=shares)
    if request.method == "POST" and form.is_valid():
        share = form.cleaned_data.get("share") or (shares[0] if len(shares) == 1 else None)
        try:
            rnd = programme_services.round_save(actor=request.user, programme=programme, share=share,
                                                data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error("budget", exc.messages)
        else:
            messages.success(request, "Round created. Add its eligibility questions, criteria and conditions below.")
            return redirect("grants:round_detail", pk=rnd.pk)
    return render(request, "grants/staff/round_form.html", {"form": form, "programme": programme, "round": None},
                  status=_status(form))


@host_only
def round_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rnd = round_for_staff_or_404(request.user, pk)
    form = RoundForm(request.POST or None, instance=rnd)
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.round_save(actor=request.user, programme=rnd.programme, round=rnd,
                                          data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error("budget", exc.messages)
        else:
            messages.success(request, "Round saved.")
            return redirect("grants:round_detail", pk=rnd.pk)
    return render(request, "grants/staff/round_form.html", {"form": form, "programme": rnd.programme, "round": rnd},
                  status=_status(form))


def _round_page(request: AuthenticatedHttpRequest, rnd: Round, bound: tuple[str, BaseForm] | None = None,
                status: int = 200) -> HttpResponse:
    forms = {kind: form_class(prefix=kind) for kind, (_, form_class, _, _) in SETUP.items()}
    if bound:
        forms[bound[0]] = bound[1]
    context = {"round": rnd, "programme": rnd.programme, "forms": forms, **round_with_setup(rnd),
               "bound_form": bound[1] if bound else None}
    return render(request, "grants/staff/round_detail.html", context, status=status)


@host_only
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _round_page(request, round_for_staff_or_404(request.user, pk))


@host_only
@require_POST
def round_item_add(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    rnd = round_for_staff_or_404(request.user, pk)
    if kind not in SETUP:
        raise Http404
    _, form_class, add, label = SETUP[kind]
    form = form_class(request.POST, prefix=kind)
    if not form.is_valid():
        return _round_page(request, rnd, (kind, form), status=400)
    add(actor=request.user, round=rnd, data=form.cleaned_data)
    messages.success(request, f"{label} added.")
    return redirect("grants:round_detail", pk=rnd.pk)


@host_only
@require_POST
def round_item_remove(request: AuthenticatedHttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    rnd = round_for_staff_or_404(request.user, pk)
    if kind not in SETUP:
        raise Http404
    model, _, _, label = SETUP[kind]
    item = cast(SetupItem, get_object_or_404(model._default_manager.all(), pk=item_pk, round=rnd))
    try:
        services.round_item_remove(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{label} removed.")
    return redirect("grants:round_detail", pk=rnd.pk)


@host_only
def application_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _application_list_page(request)


def _application_list_page(request: AuthenticatedHttpRequest, problems: list[tuple[str, str]] | None = None,
                           status: int = 200) -> HttpResponse:
    filterset = ApplicationFilter(request.GET, queryset=staff_applications(request.user), user=request.user)
    counts = list_status_counts(request.user, filterset)
    paginator = Paginator(application_rows(filterset.qs), PER_PAGE)
    # The aggregate above already counted these rows; spare the database a second COUNT.
    chosen = filterset.form.cleaned_data.get("status") if filterset.is_valid() else None
    paginator.count = counts[chosen] if chosen else counts["all"]
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status_links = []
    for value, label in Application.Status.choices:
        link = query.copy()
        link["status"] = value
        status_links.append({"value": value, "label": label, "count": counts[value], "query": link.urlencode(),
                             "current": chosen == value})
    all_link = query.copy()
    all_link.pop("status", None)
    return render(request, "grants/staff/application_list.html", {
        "filter": filterset, "page": page, "counts": counts, "status_links": status_links,
        "all_query": all_link.urlencode(), "query": query.urlencode(), "chosen_status": chosen,
        "page_links": _page_links(page), "export_filters": export_params(request.GET), "problems": problems or [],
    }, status=status)


@require_POST
@host_only
def application_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The applications list as a CSV, with exactly the filters shown on screen (made in the background)."""
    params = export_params(request.POST)
    filterset = ApplicationFilter(params, queryset=staff_applications(request.user), user=request.user)
    if not filterset.is_valid():
        # The convention for refused input: 400 and the page again, the problem in its error summary.
        return _application_list_page(request, status=400, problems=[
            ("That round or area could not be found. Choose them in the filter and download again.", "#id_round")])
    job = job_request(actor=request.user, kind=jobs.APPLICATIONS_CSV, params=params,
                      label="Applications (CSV)" + (", filtered" if params else ""))
    return job_requested(request, job)


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


def _label(name: str) -> str:
    field: Any = Application._meta.get_field(name)
    return str(field.verbose_name)


def _application_page(request: AuthenticatedHttpRequest, application: Application, forms: dict[str, BaseForm] | None = None,
                      status: int = 200) -> HttpResponse:
    # Each review's ``application`` is this one (the related manager sets it), share and all: joining
    # ``application__round`` again would fetch the round's share once per review for the access check.
    reviews = list(application.reviews.select_related("reviewer"))
    assigned = {r.reviewer_id for r in reviews}
    forms = forms or {}
    may_assign = may_assign_reviewers(request.user, application)
    # Who could be asked costs a query: only when the form that offers them is shown.
    assign_form = forms.get("assign") or (AssignReviewerForm(
        prefix="assign", reviewers=[u for u in programme_reviewers(application.round.programme)
                                    if u.pk not in assigned]) if may_assign else None)
    sections = [
        (s.title, [(LABELS[f], answer_display(f, getattr(application, f))) for f in s.fields]) for s in FORM_SECTIONS
    ]
    context = {
        "application": application, "round": application.round, "sections": sections,
        "budget_lines": list(application.budget_lines.all()),
        "documents": list(application.documents.select_related("required_document")),
        "eligibility": list(application.eligibility_answers.select_related("question").order_by("question__order")),
        "events": list(application.events.select_related("actor")),
        "checks": list(application.checks.select_related("checked_by")),
        "reviews": [(r, may_unassign(request.user, r)) for r in reviews],
        "check_form": forms.get("check") or CheckForm(prefix="check"),
        "return_form": forms.get("return") or ReturnForm(prefix="return"),
        "assign_form": assign_form,
        "may_return": may_return(request.user, application),
        "may_assign": may_assign,
        "bound_form": next(iter(forms.values()), None),
    }
    return render(request, "grants/staff/application_detail.html", context, status=status)


@host_only
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, application_for_staff_or_404(request.user, pk))


@host_only
@require_POST
def application_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_staff_or_404(request.user, pk)
    form = CheckForm(request.POST, prefix="check")
    if not form.is_valid():
        return _application_page(request, application, {"check": form}, status=400)
    services.application_check_record(actor=request.user, application=application, **form.cleaned_data)
    messages.success(request, "Check recorded.")
    return redirect("grants:staff_application", pk=application.pk)


@host_only
@require_POST
def application_return_post(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_staff_or_404(request.user, pk)
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            application_return(actor=request.user, application=application,
                               message=form.cleaned_data["message"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Application returned to the group for changes. They have been emailed.")
            return redirect("grants:staff_application", pk=application.pk)
    return _application_page(request, application, {"return": form}, status=400)


@host_only
@require_POST
def review_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_for_staff_or_404(request.user, pk)
    form = AssignReviewerForm(request.POST, prefix="assign", reviewers=programme_reviewers(application.round.programme))
    if form.is_valid():
        try:
            services.review_assign(actor=request.user, application=application,
                                   reviewer=form.cleaned_data["reviewer"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"{form.cleaned_data['reviewer'].full_name} has been asked to review.")
            return redirect("grants:staff_application", pk=application.pk)
    return _application_page(request, application, {"assign": form}, status=400)


@host_only
@require_POST
def review_unassign(request: AuthenticatedHttpRequest, pk: int, review_pk: int) -> HttpResponse:
    application = application_for_staff_or_404(request.user, pk)
    review = review_for_staff_or_404(request.user, application, review_pk)
    try:
        services.review_unassign(actor=request.user, review=review)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{review.reviewer.full_name} is no longer reviewing this application.")
    return redirect("grants:staff_application", pk=application.pk)
