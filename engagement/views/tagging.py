"""Tagging feedback: one item (its tags and the suggestions its words raise) and every item a filter matches."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from engagement.access import feedback_for_staff
from engagement.access_themes import feedback_item_for_staff_or_404, item_taxonomy_owner_id
from engagement.bulk_tagging import BULK_TAG, UNFINISHED, bulk_tag_jobs_unfinished, bulk_tag_params
from engagement.forms.lists import FeedbackFilterForm
from engagement.forms.themes import BulkTagForm, TagForm
from engagement.models import SubTheme, Suggestion
from engagement.selectors import themes as sel
from engagement.selectors.lists import filter_feedback, funded_groups
from engagement.services import tagging as services
from grants.access import rounds_for_staff
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest
from grassroots.jobs.models import Job
from grassroots.jobs.services import job_request

host_only = capacity_required(Capacity.HOST)
PREVIEW = 10


@host_only
def item_themes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = feedback_item_for_staff_or_404(request.user, pk)
    form = TagForm(request.POST or None, sub_themes=sel.sub_themes_in_use(item_taxonomy_owner_id(item)),
                   label="Add a sub-theme")
    if request.method == "POST" and form.is_valid():
        try:
            services.item_tag(actor=request.user, item=item, sub_theme=form.cleaned_data["sub_theme"])
        except ValidationError as exc:
            form.add_error("sub_theme", exc.messages)
        else:
            messages.success(request, f"Tagged “{form.cleaned_data['sub_theme'].name}”.")
            return redirect("engagement:item_themes", pk=item.pk)
    # Shown only while the item has no tags; showing them is recorded, so the rules can be measured.
    suggestions = services.suggestions_show(actor=request.user, item=item)
    return render(request, "engagement/themes/item.html", {
        "item": item, "form": form, "tags": sel.item_tags(item),
        "suggestions": [s for s in suggestions if s.is_open]}, status=400 if form.is_bound else 200)


@require_POST
@host_only
def item_untag(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = feedback_item_for_staff_or_404(request.user, pk)
    sub = get_object_or_404(SubTheme.objects.select_related("theme"), pk=request.POST.get("sub_theme") or 0,
                            tags__item=item)
    services.item_untag(actor=request.user, item=item, sub_theme=sub)
    messages.success(request, f"Tag “{sub.name}” removed.")
    return redirect("engagement:item_themes", pk=item.pk)


@require_POST
@host_only
def suggestion_decide(request: AuthenticatedHttpRequest, pk: int, suggestion_pk: int) -> HttpResponse:
    item = feedback_item_for_staff_or_404(request.user, pk)
    suggestion = get_object_or_404(Suggestion.objects.select_related("sub_theme__theme"), pk=suggestion_pk, item=item)
    accept = request.POST.get("decision") == "accept"
    try:
        services.suggestion_decide(actor=request.user, suggestion=suggestion, accept=accept)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Suggestion “{suggestion.sub_theme.name}” " + ("accepted: the item is tagged."
                                                                                  if accept else "rejected."))
    return redirect("engagement:item_themes", pk=item.pk)


NOT_FILTERS = frozenset({"csrfmiddlewaretoken", "sub_theme", "count", "page"})


def _filter_params(data: QueryDict) -> dict[str, str]:
    """The list's filter as it came in (its date boxes too), to carry through the confirmation step unchanged."""
    return {name: str(value) for name, value in data.items() if name not in NOT_FILTERS and str(value).strip()}


def _bulk_tag_requested(request: AuthenticatedHttpRequest, *, sub: SubTheme, count: int,
                        params: dict[str, str]) -> HttpResponse:
    """The confirmed tagging becomes a background job (once: asking again while the same tagging is still waiting or
    running starts nothing), then the downloads page, which shows when it is done and offers the receipt."""
    wanted = bulk_tag_params(filters=params, sub_theme=sub, count=count)
    running = Job.objects.filter(kind=BULK_TAG, requested_by=request.user, status__in=UNFINISHED,
                                 params=wanted).first()
    if running is not None:
        messages.info(request, f"You have already asked to tag these items with “{sub.name}”: this page shows "
                               "when it is done.")
        return redirect("jobs:list")
    noun = f"{count:,} item{'s' if count != 1 else ''}"
    job = job_request(actor=request.user, kind=BULK_TAG, label=f"Tagging {noun} with “{sub.name}”"[:200],
                      params=wanted)
    job.refresh_from_db(fields=["status", "message"])
    if job.status == Job.Status.DONE:  # no broker: it ran in-process when the request was recorded
        messages.success(request, f"Tagged {noun} with “{sub.name}”. The list of items newly tagged is below.")
    elif job.status == Job.Status.FAILED:
        messages.error(request, f"We could not tag the items with “{sub.name}”. {job.message}".strip())
    else:
        messages.success(request, f"Tagging {noun} with “{sub.name}”: this page shows when it is done.")
    return redirect("jobs:list")


@host_only
def bulk_tag(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 (GET): the staff feedback list's own filter (same parameters, same selector) and a sub-theme; step 2:
    how many items match, the first few, and a confirmation; step 3 (POST): a background job that tags every
    matching item, however many pages the list would take. A filter the list would ignore as invalid stops the
    tagging instead."""
    data = request.POST if request.method == "POST" else request.GET
    filters = FeedbackFilterForm(data, groups=funded_groups(rounds_for_staff(request.user)))
    chosen = filters.chosen()
    tag_form = BulkTagForm(data if "sub_theme" in data else None, sub_themes=sel.sub_themes_for_staff(request.user),
                           label="Sub-theme to add")
    context: dict[str, Any] = {"filters": filters, "form": tag_form, "params": _filter_params(data)}
    if filters.errors or not (tag_form.is_bound and tag_form.is_valid()):
        bad = bool(filters.errors) or (tag_form.is_bound and bool(tag_form.errors))
        return render(request, "engagement/themes/bulk.html", context, status=400 if bad else 200)
    sub: SubTheme = tag_form.cleaned_data["sub_theme"]
    items = services.items_to_tag(filter_feedback(feedback_for_staff(request.user), chosen), sub)
    count = items.count()
    already = items.filter(tags__sub_theme=sub).count()
    context.update(sub=sub, count=count, already=already, preview=list(
        items.select_related("organisation").order_by("-held_on", "-pk")[:PREVIEW]),
        tagging_jobs=bulk_tag_jobs_unfinished(request.user, sub))
    if request.method == "POST":
        if str(count) != request.POST.get("count"):
            context["problems"] = [(f"The number of matching items has changed to {count:,}. Check them and confirm "
                                    "again", "#confirm")]
            return render(request, "engagement/themes/bulk.html", context, status=400)
        return _bulk_tag_requested(request, sub=sub, count=count, params=context["params"])
    return render(request, "engagement/themes/bulk.html", context)
