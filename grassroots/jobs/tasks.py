"""The tasks behind background jobs: each takes an id (or nothing), is safe to run twice, and calls a service.

Imports run one way: grassroots.jobs.services imports ``run_job`` to queue it, and these tasks import the services
inside their bodies, so neither module needs the other while it loads.
"""
from __future__ import annotations

import logging
from typing import Any

from billiard.einfo import ExceptionInfo
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.db import connection

from grassroots.jobs.models import Job
from grassroots.jobs.registry import JobError, renderer_for

log = logging.getLogger(__name__)

CRASHED_MESSAGE = "Something went wrong while making this file. Please try again."


class JobTask(Task):
    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: ExceptionInfo) -> None:
        """The job's last word when ``run_job`` itself could not say it.

        Celery calls this in the worker's main process when the hard time limit killed the process making the file
        (``run_job`` never sees that), and when ``run_job`` raised because even failing the job failed.
        """
        from grassroots.jobs import services

        job = Job.objects.filter(pk=args[0]).first() if args else None
        if job is None:
            return
        if isinstance(exc, TimeLimitExceeded):
            message = services.too_long_message(int(exc.args[0]) if exc.args else settings.CELERY_TASK_TIME_LIMIT)
        else:
            message = CRASHED_MESSAGE
        services.job_fail(job=job, message=message)


@shared_task(name="jobs.run_job", base=JobTask)
def run_job(job_id: int) -> str:
    from grassroots.jobs import services

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    if not services.job_start(job=job):
        return "taken"  # finished, or running elsewhere: a second hand-over of the same job does nothing

    def progress(percent: int, message: str = "") -> None:
        services.job_progress(job=job, percent=percent, message=message)

    try:
        output = renderer_for(job.kind)(job, progress)
        # Inside the try: a storage error while saving the file must fail the job, not leave it running.
        finished = services.job_finish(job=job, output=output)
    except JobError as exc:
        services.job_fail(job=job, message=str(exc))
        return "failed"
    except SoftTimeLimitExceeded:
        # The limit may have struck in the middle of a query: start the last write on a fresh connection.
        connection.close()
        services.job_fail(job=job, message=services.too_long_message(settings.CELERY_TASK_SOFT_TIME_LIMIT))
        return "too-long"
    except Exception:
        log.exception("Job %s (%s) crashed", job.pk, job.kind)
        services.job_fail(job=job, message=CRASHED_MESSAGE)
        return "failed"
    return "done" if finished else "given-up"


@shared_task(name="jobs.dispatch")
def dispatch_jobs() -> int:
    """Every minute and at worker start: hand over the jobs the broker never took (it was down when they were asked
    for)."""
    from grassroots.jobs import services

    return services.jobs_dispatch()


@shared_task(name="jobs.fail_abandoned")
def fail_abandoned_jobs() -> int:
    """Every few minutes: fail the jobs a dead worker left running, so no one waits for them for ever."""
    from grassroots.jobs import services

    return services.jobs_fail_abandoned()


@shared_task(name="jobs.expire_results")
def expire_job_results() -> int:
    """Daily: delete result files older than JOB_RESULT_DAYS."""
    from grassroots.jobs import services

    return services.job_results_expire()
