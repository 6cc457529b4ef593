"""The one task that runs every background job: it takes an id and is safe to run twice."""
from __future__ import annotations

import logging

from celery import shared_task

from grassroots.jobs import services
from grassroots.jobs.models import Job
from grassroots.jobs.registry import JobError, renderer_for

log = logging.getLogger(__name__)


@shared_task(name="jobs.run_job")
def run_job(job_id: int) -> str:
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    if not services.job_start(job=job):
        return "already-finished"
    def progress(percent: int, message: str = "") -> None:
        services.job_progress(job=job, percent=percent, message=message)

    try:
        output = renderer_for(job.kind)(job, progress)
    except JobError as exc:
        services.job_fail(job=job, message=str(exc))
        return "failed"
    except Exception:
        log.exception("Job %s (%s) crashed", job.pk, job.kind)
        services.job_fail(job=job, message="Something went wrong while making this file. Please try again.")
        return "failed"
    services.job_finish(job=job, output=output)
    return "done"
