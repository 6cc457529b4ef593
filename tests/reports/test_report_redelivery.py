"""A build whose worker is killed part-way is redelivered to the next worker and finishes exactly once: one file,
one e-mail. Real Celery workers (prefork) on Redis, killed with SIGKILL."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail

from grassroots.jobs.models import Job
from reports.models import Report
from reports.schedule import scheduled_reports_announce
from reports.services import report_request
from tests.core.worker import kill, wait_for, worker_process
from tests.engagement.routing_helpers import routing_world
from tests.reports.helpers import pdf_of, text_of
from tests.reports.redelivery_renderers import attempts_file

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
RENDERERS = "tests.reports.redelivery_renderers"
# Redis gives an unacknowledged message to another worker after this many seconds (production: an hour or more);
# it must outlast the hard time limit, so both are short here.
LIMITS = {"time_limit": 25, "soft_time_limit": 20}
QUICK_REDELIVERY = {"CELERY_VISIBILITY_TIMEOUT": "32"}


def test_a_killed_build_is_redelivered_and_finishes_once(world, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the workers store here too: only this test's files
    routing_world(world)
    attempts_file().unlink(missing_ok=True)
    with worker_process(tmp_path / "first.log", extra_env=QUICK_REDELIVERY, renderers=RENDERERS,
                        **LIMITS) as first:
        report = report_request(actor=world.host_staff, kind="yswd", scope_type="area", scope_id=world.area.pk,
                                starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 11, 20)).report
        Report.objects.filter(pk=report.pk).update(scheduled=True)  # so that it is announced by e-mail when done
        wait_for(report.job_id, Job.Status.RUNNING, seconds=60, log=tmp_path / "first.log")
        kill(first)  # SIGKILL to the worker and its pool, mid-build
    assert Job.objects.get(pk=report.job_id).status == Job.Status.RUNNING
    with worker_process(tmp_path / "second.log", extra_env=QUICK_REDELIVERY, renderers=RENDERERS, **LIMITS):
        job = wait_for(report.job_id, Job.Status.DONE, Job.Status.FAILED, seconds=120, log=tmp_path / "second.log")
    assert job.status == Job.Status.DONE, job.message
    assert len(attempts_file().read_text().split()) == 2  # the stalled attempt, then the redelivered one
    stored = list(Path(settings.MEDIA_ROOT, "jobs").rglob("*.pdf"))
    assert len(stored) == 1
    assert "Nobody answers the phone" in text_of(pdf_of(report))
    mail.outbox.clear()
    assert scheduled_reports_announce() == 1
    assert scheduled_reports_announce() == 0
    assert len(mail.outbox) == 1
