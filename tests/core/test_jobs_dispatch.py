"""Jobs in the outbox: a job the broker never took is handed over by the dispatcher, runs once however often it is
handed over, and the downloads page and /healthz say when it waits for the service."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from grassroots.jobs import services
from grassroots.jobs.models import WAITING_TEXT, Job
from grassroots.jobs.tasks import run_job
from tests.core.job_renderers import COUNTING


def _waiting(user, *, ago: timedelta = timedelta(minutes=5), label: str = "Count") -> Job:
    """A job asked for while the broker was down: recorded, tried once, never handed over."""
    return Job.objects.create(kind=COUNTING, label=label, requested_by=user, created_at=timezone.now() - ago,
                              dispatch_attempts=1)


def test_the_dispatcher_hands_over_jobs_the_broker_never_took_and_leaves_fresh_ones(world, test_renderers):
    waited = _waiting(world.group_member)
    fresh = _waiting(world.group_member, ago=timedelta(seconds=1))
    assert services.jobs_dispatch() == 1
    waited.refresh_from_db()
    fresh.refresh_from_db()
    assert waited.status == Job.Status.DONE
    assert waited.dispatch_attempts == 2
    assert fresh.status == Job.Status.QUEUED
    assert test_renderers.runs == [waited.pk]
    assert services.jobs_dispatch() == 0


def test_a_job_handed_over_again_while_it_runs_is_not_run_twice(world, test_renderers):
    job = _waiting(world.group_member)
    assert services.job_start(job=job)
    assert run_job(job.pk) == "taken"
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert test_renderers.runs == []


def test_a_job_running_past_the_hard_limit_is_taken_again_when_redelivered(world, settings, test_renderers):
    settings.CELERY_TASK_TIME_LIMIT = 600
    job = _waiting(world.group_member)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now() - timedelta(minutes=11))
    assert run_job(job.pk) == "done"
    assert test_renderers.runs == [job.pk]


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_run_each_job_once(world, settings, test_renderers):
    settings.OUTBOX_GRACE_SECONDS = 1
    jobs = [_waiting(world.group_member, label=f"Count {n}") for n in range(12)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def dispatcher() -> None:
        try:
            start.wait()
            services.jobs_dispatch()
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(test_renderers.runs) == sorted(j.pk for j in jobs)
    assert set(Job.objects.values_list("status", flat=True)) == {Job.Status.DONE}
    assert set(Job.objects.values_list("dispatch_attempts", flat=True)) == {2}  # one dispatcher took each


def test_the_downloads_page_says_a_job_waits_for_the_service(as_group, world):
    _waiting(world.group_member, label="Waiting export")
    Job.objects.create(kind=COUNTING, label="Fresh export", requested_by=world.group_member)
    page = as_group.get(reverse("jobs:list")).content.decode()
    assert WAITING_TEXT in page
    assert page.count(WAITING_TEXT) == 1
    assert "Queued" in page  # the fresh one is simply queued
    status = {j["status_text"]: j["waiting"] for j in as_group.get(reverse("jobs:status")).json()["jobs"]}
    assert status == {WAITING_TEXT: True, "Queued": False}


def test_healthz_reports_how_long_the_oldest_job_and_email_have_waited(client, world, settings):
    from grassroots.mail.models import OutboundEmail

    settings.HEALTHZ_TOKEN = "monitoring"
    _waiting(world.group_member, ago=timedelta(minutes=3))
    OutboundEmail.objects.create(recipients=["a@example.org"], subject="Hi", created_at=timezone.now()
                                 - timedelta(minutes=2))
    outbox = client.get(reverse("healthz"), HTTP_X_HEALTHZ_TOKEN="monitoring").json()["outbox"]
    assert 175 <= outbox["oldest_job_waiting_seconds"] <= 200
    assert 115 <= outbox["oldest_email_waiting_seconds"] <= 140
    assert client.get(reverse("healthz")).json() == {"status": "unavailable"}  # no detail without the token
