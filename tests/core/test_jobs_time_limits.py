"""Time limits and dead workers on the real stack: a ``celery worker`` process (prefork, as in production) on Redis
and the test database. Each test starts its own worker, because one of them kills it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from grassroots.jobs import services
from grassroots.jobs.models import Job
from grassroots.jobs.services import job_request
from grassroots.jobs.tasks import fail_abandoned_jobs, run_job
from tests.core.job_renderers import SLOW, STUBBORN
from tests.core.worker import kill, wait_for, worker_process

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_job_past_the_soft_time_limit_fails_with_a_plain_message(world, tmp_path):
    """Queued with a soft limit of one second (the worker's CELERY_TASK_SOFT_TIME_LIMIT too); the renderer sleeps a minute.

    Checked by removing the SoftTimeLimitExceeded branch of run_job: the job then fails with the generic
    "Something went wrong" message instead of the time limit."""
    log = tmp_path / "worker.log"
    job = Job.objects.create(kind=SLOW, label="A slow export", requested_by=world.group_member)
    with worker_process(log, time_limit=10, soft_time_limit=1):
        run_job.apply_async((job.pk,), time_limit=10, soft_time_limit=1)
        job = wait_for(job.pk, Job.Status.FAILED, Job.Status.DONE, seconds=60, log=log)
    assert job.status == Job.Status.FAILED
    assert job.message == ("This took longer than 1 second to make, so it was stopped. "
                           "Try asking for less (for example one round), or ask again later.")
    assert job.finished_at is not None
    assert not job.result


def test_a_job_the_hard_limit_kills_is_failed_at_once(world, tmp_path):
    """A renderer that swallows the soft limit is killed by the hard one; the worker's main process records it.

    Checked by deleting JobTask.on_failure: the job then stays "running" (for the sweeper, minutes later)."""
    log = tmp_path / "worker.log"
    job = Job.objects.create(kind=STUBBORN, label="A stuck export", requested_by=world.group_member)
    with worker_process(log, time_limit=10, soft_time_limit=1):
        run_job.apply_async((job.pk,), time_limit=3, soft_time_limit=1)
        job = wait_for(job.pk, Job.Status.FAILED, Job.Status.DONE, seconds=60, log=log)
    assert job.status == Job.Status.FAILED
    assert job.message.startswith("This took longer than 3 seconds to make, so it was stopped.")


def test_the_sweeper_fails_a_job_whose_worker_died(world, settings, tmp_path):
    """The worker is killed outright (both processes, as when its machine dies) while the job runs: nothing in the
    worker can record it, the row says "running" for ever, and only the sweeper ends it."""
    log = tmp_path / "worker.log"
    with worker_process(log, time_limit=120, soft_time_limit=100) as proc:
        job = job_request(actor=world.group_member, kind=SLOW, label="An export whose worker dies")
        wait_for(job.pk, Job.Status.RUNNING, seconds=60, log=log)
        kill(proc)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING

    assert fail_abandoned_jobs() == 0  # younger than the hard limit: it might still be running somewhere
    later = timezone.now() + timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + services.ABANDONED_GRACE
    assert services.jobs_fail_abandoned(now=later + timedelta(seconds=1)) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == services.ABANDONED_MESSAGE
