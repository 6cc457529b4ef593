"""Reads for the group's side of applying: open rounds, the group's applications, section progress."""
from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from grants import access
from grants.models import Application, ApplicationEvent, ApplicationVersion, Grant, Round
from grants.sections import FORM_SECTIONS
from grants.selectors import budget_problems

S = Application.Status

COMPLETED, IN_PROGRESS, NOT_STARTED = "Completed", "In progress", "Not yet started"


def open_rounds() -> QuerySet[Round]:
    """Published rounds taking applications now, closing soonest first."""
    now = timezone.now()
    return (Round.objects.filter(published=True, opens_at__lte=now, closes_at__gt=now)
            .select_related("programme", "share__host").order_by("closes_at", "pk"))


def group_applications(user: Any) -> QuerySet[Application]:
    # Who may see what is decided in grants.access alone; this only orders and joins.
    return (access.group_applications(user)
            .select_related("round__programme", "organisation").order_by("-updated_at", "-pk"))


def group_application_counts(user: Any) -> dict[str, int]:
    rows = (access.group_applications(user)
            .values("status").annotate(n=Count("pk")).order_by())
    return {row["status"]: row["n"] for row in rows}


def section_states(application: Application) -> dict[str, str]:
    """Completed / In progress / Not yet started for each part of the form (budget lines and documents
    must be prefetched as ``budget_lines`` and ``documents``, and the round's ``required_documents``).

    A form section is only ever Completed once the group has saved it: answers filled in for it at
    the start count for nothing until the group has seen them.
    """
    states: dict[str, str] = {}
    for section in FORM_SECTIONS:
        if section.key not in application.sections_saved:
            states[section.key] = NOT_STARTED
        elif all(getattr(application, name) not in (None, "") for name in section.needs):
            states[section.key] = COMPLETED
        else:
            states[section.key] = IN_PROGRESS
    if not budget_problems(application):
        states["budget"] = COMPLETED
    elif application.budget_lines.all() or application.amount_requested is not None:
        states["budget"] = IN_PROGRESS
    else:
        states["budget"] = NOT_STARTED
    docs = list(application.documents.all())
    uploaded = {d.required_document_id for d in docs}
    missing = [r for r in application.round.required_documents.all() if r.mandatory and r.pk not in uploaded]
    states["documents"] = COMPLETED if not missing else (IN_PROGRESS if docs else NOT_STARTED)
    return states


def open_application(organisation_id: int, round_id: int) -> Application | None:
    """The group's application in this round that is still open (not decided or withdrawn), if any."""
    return (Application.objects.filter(organisation_id=organisation_id, round_id=round_id,
                                       status__in=(S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED))
            .order_by("pk").first())


def grant_of(application: Application) -> Grant | None:
    """The grant an awarded application led to, for the link from its status page."""
    return Grant.objects.filter(application=application).first()


def latest_return_note(application: Application) -> ApplicationEvent | None:
    return (application.events.filter(kind="transition", to_status=S.RETURNED)
            .select_related("actor").order_by("-at", "-pk").first())


def versions_of(application: Application) -> list[ApplicationVersion]:
    return list(application.versions.select_related("submitted_by").order_by("number"))
