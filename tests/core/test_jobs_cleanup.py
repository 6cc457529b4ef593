"""Jobs never hang and files do not pile up: storage errors fail the job, the sweeper fails abandoned jobs,
and finished files are deleted after JOB_RESULT_DAYS."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from grassroots.jobs import services
from grassroots.jobs.models import Job
from grassroots.jobs.registry import Output
from grassroots.jobs.tasks import expire_job_results, fail_abandoned_jobs, run_job
from tests.core.job_renderers import COUNTING


def _job(user, status=Job.Status.QUEUED, **fields) -> Job:
    return Job.objects.create(kind=COUNTING, label="My organisations (CSV)", requested_by=user, status=status,
                              **fields)


def _done(user, finished_days_ago: float) -> Job:
    job = _job(user, Job.Status.DONE, filename="file.csv", content_type="text/csv",
               finished_at=timezone.now() - timedelta(days=finished_days_ago))
    job.result.save("file.csv", ContentFile(b"Organisation\r\n"), save=True)
    return job


def test_a_storage_error_while_saving_the_file_fails_the_job(world, test_renderers, settings, tmp_path):
    """Checked by moving job_finish out of the try in run_job: the error escapes and the job stays running."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = str(blocker)
    job = _job(world.group_member)
    assert run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Something went wrong while making this file. Please try again."
    assert not job.result


def test_a_job_given_up_on_while_it_ran_is_not_marked_ready(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    job = _job(world.group_member)
    assert services.job_start(job=job)
    services.job_fail(job=job, message=services.ABANDONED_MESSAGE)
    assert services.job_finish(job=job, output=Output("late.txt", "text/plain", b"late")) is False
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == services.ABANDONED_MESSAGE
    assert not list(Path(tmp_path).rglob("late*"))


def test_the_sweeper_fails_jobs_running_past_the_hard_limit_and_jobs_never_started(world, settings):
    settings.CELERY_TASK_TIME_LIMIT = 600
    now = timezone.now()
    abandoned = _job(world.group_member, Job.Status.RUNNING, started_at=now - timedelta(minutes=12))
    still_running = _job(world.group_member, Job.Status.RUNNING, started_at=now - timedelta(minutes=5))
    lost = _job(world.group_member, created_at=now - timedelta(days=2))
    waiting = _job(world.group_member, created_at=now - timedelta(hours=2))
    done = _job(world.group_member, Job.Status.DONE, started_at=now - timedelta(hours=3))

    assert fail_abandoned_jobs() == 2

    statuses = {j.pk: (j.status, j.message) for j in Job.objects.all()}
    assert statuses[abandoned.pk] == (Job.Status.FAILED, services.ABANDONED_MESSAGE)
    assert statuses[lost.pk] == (Job.Status.FAILED, services.NEVER_STARTED_MESSAGE)
    assert statuses[still_running.pk][0] == Job.Status.RUNNING
    assert statuses[waiting.pk][0] == Job.Status.QUEUED
    assert statuses[done.pk][0] == Job.Status.DONE
    assert fail_abandoned_jobs() == 0  # safe to run again


def test_the_sweepers_cut_off_follows_the_time_limit_setting(world, settings):
    job = _job(world.group_member, Job.Status.RUNNING, started_at=timezone.now() - timedelta(minutes=12))
    settings.CELERY_TASK_TIME_LIMIT = 3600
    assert fail_abandoned_jobs() == 0
    settings.CELERY_TASK_TIME_LIMIT = 600
    assert fail_abandoned_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_files_older_than_the_setting_are_deleted_and_the_row_says_so(as_group, world, settings, tmp_path,
                                                                       django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.JOB_RESULT_DAYS = 7
    old = _done(world.group_member, finished_days_ago=8)
    recent = _done(world.group_member, finished_days_ago=6)
    old_path, recent_path = Path(old.result.path), Path(recent.result.path)
    assert old_path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert expire_job_results() == 1

    assert not old_path.exists()
    assert recent_path.exists()
    old.refresh_from_db()
    assert old.status == Job.Status.EXPIRED
    assert not old.result
    assert old.message == "Files are kept for 7 days. Ask for it again if you need it."
    assert as_group.get(reverse("jobs:download", args=[old.pk])).status_code == 404
    assert as_group.get(reverse("jobs:download", args=[recent.pk])).status_code == 200
    page = as_group.get(reverse("jobs:list")).content.decode()
    assert "Deleted: Files are kept for 7 days" in page
    assert "data-running" not in page  # an expired job is finished: the page does not poll for it
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_job_results() == 0


def test_a_shorter_setting_deletes_sooner(world, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.JOB_RESULT_DAYS = 1
    job = _done(world.group_member, finished_days_ago=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_job_results() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.EXPIRED
