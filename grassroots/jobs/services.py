"""Writes for background jobs: request one, hand it to the broker (now, and again from the dispatcher when the broker
was down), the transitions its task makes, and the two clean-ups beat runs (failing jobs a dead worker left behind,
deleting result files once they expire).

Imports run one way: this module imports the task it queues; the tasks import this module inside their bodies.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from grassroots.accounts.models import User
from grassroots.celery import publish
from grassroots.jobs.models import FINISHED, Job
from grassroots.jobs.registry import Output
from grassroots.jobs.tasks import run_job

log = logging.getLogger(__name__)

# A worker that is alive has been killed by the hard time limit by then; after it, a running job is abandoned.
ABANDONED_GRACE = timedelta(minutes=1)
# A queued job no worker has taken for this long will never be taken (its message was lost).
NEVER_STARTED_AFTER = timedelta(days=1)
# A job the broker did take but no worker has started for this long is handed over again, in case Redis lost it
# (restarted without its data). Longer than the grace period: a busy worker is not a lost message.
REDISPATCH_AFTER = timedelta(minutes=15)
DISPATCH_BATCH = 200

ABANDONED_MESSAGE = "This stopped before it was finished because the computer making it went away. Please ask again."
NEVER_STARTED_MESSAGE = "This was never started because the service making files was down. Please ask again."


def _duration(seconds: int) -> str:
    if seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def too_long_message(seconds: int) -> str:
    """The plain reason a person sees when their file took longer than the time limit."""
    return (f"This took longer than {_duration(seconds)} to make, so it was stopped. "
            "Try asking for less (for example one round), or ask again later.")


def job_request(*, actor: User, kind: str, label: str, params: dict[str, Any] | None = None) -> Job:
    """Record the request in the caller's transaction and hand it to the broker once that commits.

    A broker that is down costs the request at most a second and loses nothing: the job stays queued and the
    dispatcher hands it over when the broker is back.
    """
    job = Job.objects.create(kind=kind, label=label, params=params or {}, requested_by=actor)
    transaction.on_commit(lambda: job_dispatch(pk=job.pk))
    return job


def job_dispatch(*, pk: int) -> bool:
    """Hand a queued job to the broker. False when the broker could not take it (the job says so, and waits)."""
    Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(dispatched_at=timezone.now(),
                                                                dispatch_attempts=F("dispatch_attempts") + 1)
    if publish(run_job, pk):
        return True
    Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(dispatched_at=None)
    return False


def jobs_dispatch(*, now: datetime | None = None) -> int:
    """Hand the broker again every job queued for longer than the grace period that it never took (or lost).

    Safe to run twice at once (beat restarted, two beats): each dispatcher takes only rows no other holds and marks
    them before it lets go; and a job handed over twice still runs once (``job_start`` claims it under a lock).
    """
    now = now or timezone.now()
    grace = timedelta(seconds=settings.OUTBOX_GRACE_SECONDS)
    with transaction.atomic():
        due = list(Job.objects.select_for_update(skip_locked=True)
                   .filter(status=Job.Status.QUEUED, created_at__lte=now - grace)
                   .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lte=now - REDISPATCH_AFTER))
                   .order_by("created_at", "pk").values_list("pk", flat=True)[:DISPATCH_BATCH])
        Job.objects.filter(pk__in=due).update(dispatched_at=now, dispatch_attempts=F("dispatch_attempts") + 1)
    for done, pk in enumerate(due):
        if not publish(run_job, pk):
            # The broker is down again: the rest would each wait for nothing. All of them go next time.
            Job.objects.filter(pk__in=due[done:], status=Job.Status.QUEUED).update(dispatched_at=None)
            return done
    return len(due)


def job_start(*, job: Job) -> bool:
    """Claim a job for this worker. False when another worker has it or it already finished, so the caller stops.

    A job handed to the broker twice (the dispatcher re-sent it) therefore runs once. A job marked running for
    longer than the hard time limit is claimed again: whoever had it is dead (its message was redelivered).
    """
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.status in FINISHED:
            return False
        if locked.status == Job.Status.RUNNING and locked.started_at is not None and \
                locked.started_at > timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT):
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
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(progress=job.progress, message=job.message)


def job_finish(*, job: Job, output: Output) -> bool:
    """Store the file and mark the job ready. False when the job was given up on meanwhile (the file is not kept).

    A storage error propagates, so the task fails the job with a message instead of leaving it running.
    """
    stored = ""
    try:
        with transaction.atomic():
            locked = Job.objects.select_for_update().get(pk=job.pk)
            if locked.status != Job.Status.RUNNING:
                return False
            locked.result.save(output.filename, ContentFile(output.content), save=False)
            stored = locked.result.name or ""
            locked.filename = output.filename
            locked.content_type = output.content_type
            locked.status = Job.Status.DONE
            locked.progress = 100
            locked.message = ""
            locked.finished_at = timezone.now()
            locked.save(update_fields=["result", "filename", "content_type", "status", "progress", "message",
                                       "finished_at"])
    except Exception:
        if stored:  # the row that named the file did not commit, and a file nothing names is never deleted
            Job._meta.get_field("result").storage.delete(stored)
        raise
    job.refresh_from_db()
    return True


def job_fail(*, job: Job, message: str) -> bool:
    """Mark the job failed with a message the person can act on. False when it had already finished."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().filter(pk=job.pk).first()
        if locked is None or locked.status in FINISHED:
            return False
        locked.status = Job.Status.FAILED
        locked.message = message[:500]
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "message", "finished_at"])
    job.status, job.message, job.finished_at = locked.status, locked.message, locked.finished_at
    return True


def jobs_fail_abandoned(*, now: datetime | None = None) -> int:
    """Fail the jobs no worker will ever finish: running past the hard time limit, or never started.

    One UPDATE per kind of case: PostgreSQL re-checks the status of a row a finishing worker has just locked, so a
    job that finishes at this moment stays finished.
    """
    now = now or timezone.now()
    running_cutoff = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) - ABANDONED_GRACE
    abandoned = Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=running_cutoff).update(
        status=Job.Status.FAILED, message=ABANDONED_MESSAGE, finished_at=now)
    never_started = Job.objects.filter(status=Job.Status.QUEUED, created_at__lt=now - NEVER_STARTED_AFTER).update(
        status=Job.Status.FAILED, message=NEVER_STARTED_MESSAGE, finished_at=now)
    if abandoned or never_started:
        log.warning("Failed %s abandoned and %s never-started jobs", abandoned, never_started)
    return abandoned + never_started


def job_results_expire(*, now: datetime | None = None) -> int:
    """Delete the files of jobs finished more than JOB_RESULT_DAYS ago; the row stays, marked deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.JOB_RESULT_DAYS)
    expired = 0
    for pk in Job.objects.filter(status=Job.Status.DONE, finished_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            locked = Job.objects.select_for_update(skip_locked=True).filter(pk=pk, status=Job.Status.DONE).first()
            if locked is None:
                continue
            name, storage = locked.result.name, locked.result.storage
            locked.result = ""
            locked.status = Job.Status.EXPIRED
            locked.message = f"Files are kept for {settings.JOB_RESULT_DAYS} days. Ask for it again if you need it."
            locked.save(update_fields=["result", "status", "message"])
            if name:
                # The file goes only once the row no longer offers it for download.
                transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))  # type: ignore[misc]
        expired += 1
    return expired
