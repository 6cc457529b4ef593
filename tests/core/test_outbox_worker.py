"""The outbox on the real stack: a ``celery worker`` process (prefork, as in production) on Redis and the test
database, and a real SMTP server (aiosmtpd) on a local port.

Redis unreachable while a group submits an application and staff ask for an export: both answer at once and nothing
is lost; once Redis is back, a worker starting up runs the dispatchers, and the export is made once and every e-mail
sent once, however often they are handed over again. A mail server refusing connections: the request still answers
at once, and each e-mail is tried again until the server accepts it, then sent once.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import override_settings
from django.urls import reverse

from grassroots.celery import app, publish
from grassroots.jobs.models import WAITING_TEXT, Job
from grassroots.jobs.services import job_request, jobs_dispatch
from grassroots.jobs.tasks import run_job
from grassroots.mail.models import OutboundEmail
from grassroots.mail.services import emails_dispatch
from grassroots.mail.tasks import send_email
from tests.core.job_renderers import COUNTING
from tests.core.smtp import free_port, smtp_server
from tests.core.worker import wait_for, worker_process
from tests.grants.factories import make_draft

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

UNREACHABLE = "redis://127.0.0.1:6390/0"  # a closed port: nothing listens there
QUICK = 2.5  # seconds: a request may wait at most a second for the broker, plus its own work
TOKEN = "monitoring-secret"
S = OutboundEmail.Status


@contextmanager
def redis_down() -> Iterator[None]:
    """This process (the web) talks to a broker that is not there; tasks are not run in-process."""
    before = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = UNREACHABLE
    try:
        with override_settings(REDIS_URL=UNREACHABLE, CELERY_TASK_ALWAYS_EAGER=False):
            yield
    finally:
        app.conf.broker_url = before
        app.conf.changes.pop("task_always_eager", None)


def _worker_env(smtp_port: int) -> dict[str, str]:
    return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "false", "EMAIL_TIMEOUT": "5",
            "OUTBOX_GRACE_SECONDS": "1", "EMAIL_RETRY_SECONDS": "1", "EMAIL_MAX_ATTEMPTS": "10"}


def _timed_post(client, url: str, **kwargs):
    started = time.monotonic()
    response = client.post(url, **kwargs)
    return response, time.monotonic() - started


def _wait_until(condition, what: str, seconds: float = 60.0, log=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    detail = log.read_text()[-3000:] if log is not None and log.exists() else ""
    raise AssertionError(f"{what} did not happen within {seconds}s\n{detail}")


def _everything_handled_again_then_settled(job_pks: list[int], email_pks: list[int], world, log) -> None:
    """Hand every finished job and sent e-mail to the worker again, as a second beat or a lost ack would, run both
    dispatchers twice, then wait for a job queued after all of that: the worker takes messages in order."""
    for pk in job_pks:
        assert publish(run_job, pk)
    for pk in email_pks:
        assert publish(send_email, pk)
    jobs_dispatch()
    jobs_dispatch()
    emails_dispatch()
    emails_dispatch()
    marker = job_request(actor=world.group_member, kind=COUNTING, label="After everything else")
    assert wait_for(marker.pk, Job.Status.DONE, Job.Status.FAILED, log=log).status == Job.Status.DONE


def test_nothing_is_lost_while_redis_is_down_and_all_is_done_once_when_it_is_back(world, settings, login_as,
                                                                                tmp_path):
    settings.OUTBOX_GRACE_SECONDS = 1
    settings.HEALTHZ_TOKEN = TOKEN
    application = make_draft(world)
    group, staff = login_as(world.group_member), login_as(world.host_staff)

    with redis_down():
        response, took = _timed_post(group, reverse("grants:application_submit", args=[application.pk]))
        assert response.status_code == 302, response.content[:2000]
        assert response.url == reverse("grants:application_submitted", args=[application.pk])
        assert took < QUICK

        response, took = _timed_post(staff, reverse("grants:export_applications_csv"), follow=True)
        assert response.status_code == 200
        assert took < QUICK
        assert "your file will be made when it is back" in response.content.decode()

        job = Job.objects.get(requested_by=world.host_staff)
        assert (job.status, job.dispatched_at, job.dispatch_attempts) == (Job.Status.QUEUED, None, 1)
        emails = list(OutboundEmail.objects.all())
        assert emails, "submitting tells the group"
        assert {e.status for e in emails} == {S.QUEUED}
        assert any(world.group_member.email in e.recipients for e in emails)

        time.sleep(1.1)  # past the grace period
        assert WAITING_TEXT in staff.get(reverse("jobs:list")).content.decode()
        health = staff.get(reverse("healthz"), HTTP_X_HEALTHZ_TOKEN=TOKEN)
        assert health.status_code == 503
        assert health.json()["outbox"]["oldest_job_waiting_seconds"] >= 1
        assert health.json()["outbox"]["oldest_email_waiting_seconds"] >= 1

    # Redis is back. Nobody asks again: a worker starts, and its start-up dispatch hands over what waited.
    port = free_port()
    log = tmp_path / "worker.log"
    with smtp_server(port) as inbox, worker_process(log, extra_env=_worker_env(port)):
        job = wait_for(job.pk, Job.Status.DONE, Job.Status.FAILED, log=log)
        assert job.status == Job.Status.DONE, job.message
        _wait_until(lambda: not OutboundEmail.objects.exclude(status=S.SENT).exists(), "every e-mail sent", log=log)
        finished_at, result = job.finished_at, job.result.name

        _everything_handled_again_then_settled([job.pk], [e.pk for e in emails], world, log)

    job.refresh_from_db()
    assert (job.finished_at, job.result.name) == (finished_at, result)  # made once, never remade
    sent = Counter(str(m["Subject"]) for m in inbox.messages)
    assert sent == Counter(e.subject for e in emails)  # every e-mail arrived, and only once
    assert {e.attempts for e in OutboundEmail.objects.all()} == {1}
    assert WAITING_TEXT not in staff.get(reverse("jobs:list")).content.decode()


def test_a_refusing_mail_server_slows_no_request_and_each_email_arrives_once_it_accepts(world, login_as, tmp_path):
    application = make_draft(world)
    group = login_as(world.group_member)
    port = free_port()  # nothing listens here yet: every connection is refused
    log = tmp_path / "worker.log"
    with worker_process(log, extra_env=_worker_env(port)):
        response, took = _timed_post(group, reverse("grants:application_submit", args=[application.pk]))
        assert response.status_code == 302
        assert took < QUICK
        emails = list(OutboundEmail.objects.all())
        assert emails

        def retried() -> bool:
            rows = OutboundEmail.objects.all()
            return all(e.attempts >= 2 and "refused" in e.last_error.lower() and e.status == S.QUEUED for e in rows)

        _wait_until(retried, "a second refused attempt at every e-mail", log=log)

        with smtp_server(port) as inbox:
            _wait_until(lambda: not OutboundEmail.objects.exclude(status=S.SENT).exists(), "every e-mail sent",
                        log=log)
            _everything_handled_again_then_settled([], [e.pk for e in emails], world, log)

    assert Counter(str(m["Subject"]) for m in inbox.messages) == Counter(e.subject for e in emails)
    for email in OutboundEmail.objects.all():
        assert email.attempts >= 3 and email.sent_at is not None
        assert email.last_error == ""
