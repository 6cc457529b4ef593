"""Asking for a report: checked against the access layer, one build at a time per report, made by a background job."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from engagement.choices import Service
from engagement.models import Theme
from grassroots.accounts.models import User
from grassroots.dates import govuk_date
from grassroots.jobs.models import Job
from grassroots.jobs.services import job_request
from reports.access import owner_of, scopes
from reports.models import Report
from reports.periods import quarter_of

PDF_JOB = "reports.pdf"
LONGEST = dt.timedelta(days=5 * 366)
BUILDING = (Job.Status.QUEUED, Job.Status.RUNNING)


@dataclass(frozen=True)
class Asked:
    report: Report
    already_building: bool


def _check(actor: User, kind: str, scope_type: str, scope_id: int, starts_on: dt.date, ends_on: dt.date,
           topic: str) -> str:
    names = {(t, pk): name for t, pk, name in scopes(actor, kind)}
    if (scope_type, scope_id) not in names:
        raise PermissionDenied("You cannot ask for this report.")
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = "The end date must be on or after the start date"
    elif ends_on - starts_on > LONGEST:
        errors["ends_on"] = "A report can cover at most 5 years"
    if starts_on > timezone.localdate():
        errors["starts_on"] = "The start date must be today or in the past"
    if kind == Report.Kind.SPOTLIGHT and topic not in Service.values and _theme(topic, scope_id) is None:
        errors["topic"] = "Choose a service, or one of the organisation's themes, to spotlight"
    if errors:
        raise ValidationError(errors)
    return names[(scope_type, scope_id)]


def _theme(topic: str, host_id: int) -> Theme | None:
    """The theme a spotlight topic names, only if it is the host's own (another host's taxonomy is theirs)."""
    theme_id = Report(topic=topic).theme_id
    return Theme.objects.filter(pk=theme_id, owner_id=host_id).first() if theme_id is not None else None


def queue_build(actor: User, report: Report) -> Job:
    label = f"{report.title}, {govuk_date(report.starts_on)} to {govuk_date(report.ends_on)} (PDF)"
    job = job_request(actor=actor, kind=PDF_JOB, label=label[:200], params={"report": report.pk})
    report.job = job
    report.save(update_fields=["job"])
    return job


def report_request(*, actor: User, kind: str, scope_type: str, scope_id: int, starts_on: dt.date, ends_on: dt.date,
                   topic: str = "") -> Asked:
    """Ask for a report. The same report (kind, scope, topic, period) asked again while it is still being built
    is not built twice: the person is sent to the build already under way."""
    if kind == Report.Kind.QUARTERLY:  # always a whole quarter, compared with the one before
        starts_on, ends_on = quarter_of(starts_on)
    name = _check(actor, kind, scope_type, scope_id, starts_on, ends_on, topic)
    with transaction.atomic():
        same = (Report.objects.select_for_update(of=("self",)).filter(kind=kind, scope_type=scope_type, scope_id=scope_id,
                                                          topic=topic, starts_on=starts_on, ends_on=ends_on,
                                                          job__status__in=BUILDING).first())
        if same is not None:
            return Asked(same, already_building=True)
        theme = _theme(topic, scope_id) if kind == Report.Kind.SPOTLIGHT else None
        report = Report.objects.create(kind=kind, scope_type=scope_type, scope_id=scope_id, scope_name=name[:200],
                                       topic=topic, topic_name=theme.name[:200] if theme else "",
                                       starts_on=starts_on, ends_on=ends_on, requested_by=actor,
                                       organisation=owner_of(actor, kind, scope_type, scope_id))
        queue_build(actor, report)
    return Asked(report, already_building=False)


def report_rebuild(*, actor: User, report: Report) -> Asked:
    """Build a kept report again (its figures as they are now); a build under way is not doubled."""
    _check(actor, report.kind, report.scope_type, report.scope_id, report.starts_on, report.ends_on, report.topic)
    with transaction.atomic():
        locked = Report.objects.select_for_update(of=("self",)).select_related("job").get(pk=report.pk)
        if locked.job is not None and locked.job.status in BUILDING:
            return Asked(locked, already_building=True)
        queue_build(actor, locked)
    return Asked(locked, already_building=False)
