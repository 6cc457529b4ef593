"""Writes for background jobs: request one, and the transitions its task makes."""
from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from grassroots.accounts.models import User
from grassroots.jobs.models import Job
from grassroots.jobs.registry import Output


def job_request(*, actor: User, kind: str, label: str, params: dict[str, Any] | None = None) -> Job:
    """Record the request and queue its task once the row is committed."""
    from grassroots.jobs.tasks import run_job

    job = Job.objects.create(kind=kind, label=label, params=params or {}, requested_by=actor)
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def job_start(*, job: Job) -> bool:
    """Claim a queued job. False when it already ran (a redelivered task), so the caller stops."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.status in (Job.Status.DONE, Job.Status.FAILED):
            return False
        locked.status = Job.Status.RUNNING
        locked.started_at = timezone.now()
        locked.progress = 0
        locked.save(update_fields=["status", "started_at", "progress"])
    job.refresh_from_db()
    return True


def job_progress(*, job: Job, percent: int, message: str = "") -> None:
    job.progress = max(0, min(100, percent))
    job.message = message[:500]
    Job.objects.filter(pk=job.pk).update(progress=job.progress, message=job.message)


def job_finish(*, job: Job, output: Output) -> None:
    job.result.save(output.filename, ContentFile(output.content), save=False)
    job.filename = output.filename
    job.content_type = output.content_type
    job.status = Job.Status.DONE
    job.progress = 100
    job.message = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["result", "filename", "content_type", "status", "progress", "message", "finished_at"])


def job_fail(*, job: Job, message: str) -> None:
    job.status = Job.Status.FAILED
    job.message = message[:500]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
