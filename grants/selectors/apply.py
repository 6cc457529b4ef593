"""Reads for the group's side of applying: open rounds, the group's applications, section progress."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from grants.models import Application, ApplicationEvent, ApplicationVersion, Round
from grassroots.accounts.access import Capacity, org_ids

S = Application.Status

COMPLETED, IN_PROGRESS, NOT_STARTED = "Completed", "In progress", "Not yet started"

# Which answers a section needs before it counts as completed (optional ones are left out).
SECTION_NEEDS: dict[str, tuple[str, ...]] = {
    "group": ("contact_name", "contact_email", "group_description"),
    "activity": ("title", "summary", "activity_description", "start_date", "end_date"),
    "communities": ("communities",),
    "sessions": ("planned_sessions", "expected_reach"),
}
SECTION_ANY: dict[str, tuple[str, ...]] = {
    "group": ("contact_name", "contact_email", "contact_phone", "group_description"),
    "activity": SECTION_NEEDS["activity"],
    "communities": ("communities",),
    "sessions": ("planned_sessions", "expected_reach", "expected_conversations"),
}

# application_problems() starts each message with its section's name; this maps it back to a page.
PROBLEM_SECTIONS: tuple[tuple[str, str], ...] = (
    ("Your group:", "group"), ("The activity:", "activity"), ("Communities:", "communities"),
    ("Sessions and reach:", "sessions"), ("Budget:", "budget"), ("Documents:", "documents"),
)


def open_rounds() -> QuerySet[Round]:
    """Published rounds taking applications now, closing soonest first."""
    now = timezone.now()
    return (Round.objects.filter(published=True, opens_at__lte=now, closes_at__gt=now)
            .select_related("programme", "share__host").order_by("closes_at", "pk"))


def group_applications(user: Any) -> QuerySet[Application]:
    return (Application.objects.filter(organisation_id__in=org_ids(user, Capacity.GROUP))
            .select_related("round__programme", "organisation").order_by("-updated_at", "-pk"))


def group_application_counts(user: Any) -> dict[str, int]:
    rows = (Application.objects.filter(organisation_id__in=org_ids(user, Capacity.GROUP))
            .values("status").annotate(n=Count("pk")).order_by())
    return {row["status"]: row["n"] for row in rows}


def _field_state(application: Application, needs: tuple[str, ...], any_of: tuple[str, ...]) -> str:
    def filled(name: str) -> bool:
        return getattr(application, name) not in (None, "")

    if all(filled(n) for n in needs):
        return COMPLETED
    return IN_PROGRESS if any(filled(n) for n in any_of) else NOT_STARTED


@dataclass(frozen=True)
class Task:
    section: str
    title: str
    status: str
    url_name: str


def section_states(application: Application) -> dict[str, str]:
    """Completed / In progress / Not yet started for each part of the form (budget lines and documents
    must be prefetched as ``budget_lines`` and ``documents``, and the round's ``required_documents``)."""
    states = {s: _field_state(application, SECTION_NEEDS[s], SECTION_ANY[s]) for s in SECTION_NEEDS}
    lines = list(application.budget_lines.all())
    total = sum((b.amount for b in lines), start=0)
    if lines and application.amount_requested is not None and total == application.amount_requested:
        states["budget"] = COMPLETED
    elif lines or application.amount_requested is not None:
        states["budget"] = IN_PROGRESS
    else:
        states["budget"] = NOT_STARTED
    docs = list(application.documents.all())
    uploaded = {d.required_document_id for d in docs}
    missing = [r for r in application.round.required_documents.all() if r.mandatory and r.pk not in uploaded]
    states["documents"] = COMPLETED if not missing else (IN_PROGRESS if docs else NOT_STARTED)
    return states


def problem_section(problem: str) -> str:
    for prefix, section in PROBLEM_SECTIONS:
        if problem.startswith(prefix):
            return section
    return ""


def latest_return_note(application: Application) -> ApplicationEvent | None:
    return (application.events.filter(kind="transition", to_status=S.RETURNED)
            .select_related("actor").order_by("-at", "-pk").first())


def versions_of(application: Application) -> list[ApplicationVersion]:
    return list(application.versions.select_related("submitted_by").order_by("number"))
