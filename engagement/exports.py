"""Feedback and actions as CSV and XLSX, made in the background.

Renderers work out again from ``job.requested_by`` what that person may see; parameters only narrow it. Host staff
get their rounds' feedback with the original words beside the published ones (never a safeguarding concern: those
stay on the service); anyone outside the host gets only what was routed to their organisation, and only its
published words. Every cell that a spreadsheet would run as a formula is neutralised (grassroots.jobs.exports)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import QueryDict
from django.utils import timezone

from engagement.access import actions_for_staff, feedback_for_staff, inbox_for
from engagement.choices import Sentiment, Service
from engagement.forms.lists import FeedbackFilterForm
from engagement.models import FeedbackItem, FeedbackTag
from engagement.selectors.lists import filter_feedback, funded_groups
from engagement.selectors.routing import sent_to
from grants.access import rounds_for_staff
from grassroots.accounts.access import Capacity, has_capacity
from grassroots.jobs.exports import csv_bytes, xlsx_bytes
from grassroots.jobs.models import Job
from grassroots.jobs.registry import Output, Progress, add_renderer

FEEDBACK_CSV, FEEDBACK_XLSX, ACTIONS_CSV = "engagement.feedback_csv", "engagement.feedback_xlsx", "engagement.actions_csv"
CSV, XLSX = "text/csv; charset=utf-8", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

STAFF_HEADER = ["Date", "Group", "Session", "Kind of session", "Area", "Service", "Sentiment", "Consent",
                "Moderation", "What was said (original, internal)", "Published words", "Themes", "Age band",
                "Ethnic group"]
PARTNER_HEADER = ["Date", "Area", "Service", "Sentiment", "What was said", "Themes", "Sent by", "Sent as"]
WITH_THEMES = Prefetch("tags", queryset=FeedbackTag.objects.select_related("sub_theme__theme").order_by("pk"))


def _themes(item: FeedbackItem) -> str:
    return "; ".join(f"{t.sub_theme.theme.name}: {t.sub_theme.name}" for t in item.tags.all())
ACTION_HEADER = ["Action", "Kind", "Rank", "Programme", "Owner", "Status", "Reason it was not possible", "Starts",
                 "Due", "Done", "What changed", "Published", "Feedback items"]


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _narrowed(items: QuerySet[FeedbackItem], params: dict[str, Any]) -> QuerySet[FeedbackItem]:
    if params.get("service") in Service.values:
        items = items.filter(service=params["service"])
    if params.get("sentiment") in Sentiment.values:
        items = items.filter(sentiment=params["sentiment"])
    if str(params.get("area", "")).isdigit():
        items = items.filter(area_id=int(params["area"]))
    if start := _date(params.get("from", "")):
        items = items.filter(held_on__gte=start)
    if end := _date(params.get("to", "")):
        items = items.filter(held_on__lte=end)
    return items


def _staff_rows(items: QuerySet[FeedbackItem]) -> Iterator[list[Any]]:
    chosen = items.select_related("organisation", "session", "area").prefetch_related(WITH_THEMES)
    for i in chosen.order_by("-held_on", "-pk").iterator(2000):
        published = i.published_text if i.moderation == FeedbackItem.Moderation.APPROVED else ""
        yield [i.held_on, i.organisation.name, i.session.reference, i.get_session_kind_display(), i.area.name,
               i.get_service_display(), i.get_sentiment_display(), i.get_consent_display(),
               i.get_moderation_display(), i.text, published, _themes(i), i.get_age_band_display(),
               i.get_ethnic_group_display()]


def _partner_rows(user: Any, params: dict[str, Any]) -> Iterator[list[Any]]:
    for recipient in inbox_for(user).select_related("routing__host", "organisation").order_by("-pk"):
        items = sent_to(recipient)
        chosen = _narrowed(items, params).select_related("area").prefetch_related(WITH_THEMES)
        for i in chosen.order_by("-held_on", "-pk").iterator(2000):
            yield [i.held_on, i.area.name, i.get_service_display(), i.get_sentiment_display(), i.published_text,
                   _themes(i), recipient.routing.host.name, recipient.routing.title]


def feedback_table(job: Job) -> tuple[list[str], Iterator[list[Any]]]:
    user, params = job.requested_by, job.params or {}
    if params.get("scope") != "inbox" and has_capacity(user, Capacity.HOST):
        # The staff feedback list's own filter form and selector, so the file holds what the list showed.
        form = FeedbackFilterForm(QueryDict(params.get("query", "")), groups=funded_groups(rounds_for_staff(user)))
        items = filter_feedback(feedback_for_staff(user).filter(safeguarding=False), form.chosen())
        return STAFF_HEADER, _staff_rows(_narrowed(items, params))
    return PARTNER_HEADER, _partner_rows(user, params)


def _stamp() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


def feedback_csv(job: Job, progress: Progress) -> Output:
    header, rows = feedback_table(job)
    return Output(f"feedback-{_stamp()}.csv", CSV, csv_bytes(header, rows))


def feedback_xlsx(job: Job, progress: Progress) -> Output:
    header, rows = feedback_table(job)
    return Output(f"feedback-{_stamp()}.xlsx", XLSX, xlsx_bytes(header, rows, title="Feedback"))


def actions_csv(job: Job, progress: Progress) -> Output:
    actions = (actions_for_staff(job.requested_by).select_related("owner", "programme")
               .annotate(item_count=Count("items")).order_by("programme", "kind", "rank", "-pk"))
    rows = ([a.title, a.get_kind_display(), a.rank or "", a.programme.name if a.programme else "", a.owner.name,
             a.get_status_display(), a.reason, a.starts_on or "", a.due_on or "", a.completed_on or "",
             a.what_changed, "yes" if a.published else "no", a.item_count] for a in actions)
    return Output(f"actions-{_stamp()}.csv", CSV, csv_bytes(ACTION_HEADER, rows))


def register() -> None:
    add_renderer(FEEDBACK_CSV, feedback_csv)
    add_renderer(FEEDBACK_XLSX, feedback_xlsx)
    add_renderer(ACTIONS_CSV, actions_csv)
