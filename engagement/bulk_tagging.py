"""Bulk tagging as a background job: the confirmed tagging of every item a filter matches runs in a worker, so the
page answers at once however many items match (about a second at a million items, done in one statement).

The job carries the staff feedback list's filter as it was confirmed, the sub-theme and the count the person saw.
Run as the person who asked, it checks again that they may tag with that sub-theme and that it is still in use,
finds the matching items again with the list's own form and selector, and tags them (INSERT ... ON CONFLICT DO
NOTHING: a job handed over twice, or asked for twice, adds nothing the second time). Its file is a receipt of the
items newly tagged: their numbers, dates, sessions and services, never what was said."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import slugify

from engagement.access import feedback_for_staff
from engagement.access_themes import may_edit_taxonomy
from engagement.choices import Service
from engagement.forms.lists import FeedbackFilterForm
from engagement.models import FeedbackItem, SubTheme
from engagement.selectors.lists import filter_feedback, funded_groups
from engagement.services import tagging as services
from grants.access import rounds_for_staff
from grassroots.jobs.exports import csv_bytes
from grassroots.jobs.models import Job
from grassroots.jobs.registry import JobError, Output, Progress, add_renderer

BULK_TAG = "engagement.bulk_tag"
CSV = "text/csv; charset=utf-8"
RECEIPT_HEADER = ["Item", "Date", "Session", "Service"]
UNFINISHED = (Job.Status.QUEUED, Job.Status.RUNNING)


def bulk_tag_params(*, filters: dict[str, str], sub_theme: SubTheme, count: int) -> dict[str, Any]:
    return {"filters": dict(filters), "sub_theme": sub_theme.pk, "count": count}


def as_query(filters: dict[str, str]) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(filters)
    return query


def bulk_tag_jobs_unfinished(user: Any, sub_theme: SubTheme | None = None) -> list[Job]:
    """This person's tagging jobs not yet finished (of one sub-theme, when given), newest first."""
    jobs = Job.objects.filter(kind=BULK_TAG, requested_by=user, status__in=UNFINISHED)
    if sub_theme is not None:
        jobs = jobs.filter(params__sub_theme=sub_theme.pk)
    return list(jobs.order_by("-created_at", "-pk")[:5])


def bulk_tag_job(job: Job, progress: Progress) -> Output:
    user, params = job.requested_by, job.params or {}
    sub = SubTheme.objects.select_related("theme").filter(pk=params.get("sub_theme") or 0).first()
    if sub is None or not may_edit_taxonomy(user, sub.theme.owner_id):
        raise JobError("You can no longer tag with this sub-theme, so nothing was tagged.")
    if sub.retired or sub.theme.retired:
        raise JobError(f"“{sub.name}” was retired before the tagging started, so nothing was tagged. "
                       "Choose a sub-theme still in use and ask again.")
    filters = {str(k): str(v) for k, v in (params.get("filters") or {}).items()}
    form = FeedbackFilterForm(as_query(filters), groups=funded_groups(rounds_for_staff(user)))
    if form.errors:  # a filter the list would drop must never widen what is tagged
        raise JobError("The filter is no longer valid, so nothing was tagged. Filter the feedback again.")
    items = services.items_to_tag(filter_feedback(feedback_for_staff(user), form.chosen()), sub)
    progress(10, "Tagging")
    at = timezone.now()
    try:
        services.items_tag_bulk(actor=user, sub_theme=sub, items=items, at=at,
                                description=as_query(filters).urlencode() or "every item")
    except (ValidationError, PermissionDenied) as exc:
        raise JobError(" ".join(getattr(exc, "messages", None) or [str(exc)]) + ". Nothing was tagged.") from exc
    progress(90, "Writing the list of items tagged")
    tagged = (FeedbackItem.objects.filter(tags__sub_theme=sub, tags__tagged_by=user, tags__tagged_at=at)
              .order_by("-held_on", "-pk").values_list("pk", "held_on", "session__reference", "service"))
    rows = ([pk, held_on, reference, Service(service).label if service in Service.values else service]
            for pk, held_on, reference, service in tagged.iterator(2000))
    name = f"tagged-{slugify(sub.name)[:60] or sub.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    return Output(name, CSV, csv_bytes(RECEIPT_HEADER, rows))


def register() -> None:
    add_renderer(BULK_TAG, bulk_tag_job)
