"""An import through a real Celery worker and the real Redis broker: checked, then imported, by the worker."""
from __future__ import annotations

import time

import pytest
from django.urls import reverse

from engagement.models import FeedbackItem, ImportBatch
from grassroots.jobs.models import Job
from tests.engagement.factories import make_session
from tests.engagement.import_files import csv_file, feedback_row
from tests.grants.factories import make_active


def _wait_for(batch: ImportBatch, *statuses: str, seconds: float = 30.0) -> ImportBatch:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        # The batch moves inside the job; the job itself is marked done a moment later.
        if batch.status in statuses and Job.objects.get(pk=batch.job_id).is_finished:
            return batch
        time.sleep(0.1)
    raise AssertionError(f"the import was still {batch.status} after {seconds}s")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_and_imports_a_file(live_worker, world, login_as):
    session = make_session(make_active(world), created_by=world.group_member)
    client = login_as(world.group_member)
    rows = [feedback_row(session, text=f"Said at the lunch club, form {n}") for n in range(200)]
    response = client.post(reverse("engagement:import_upload", kwargs={"kind": "feedback"}), {"file": csv_file(rows)})
    batch = ImportBatch.objects.get()
    assert response.url == reverse("engagement:import_detail", args=[batch.pk])
    batch = _wait_for(batch, ImportBatch.Status.READY, ImportBatch.Status.PROBLEMS)
    assert batch.status == ImportBatch.Status.READY and batch.row_count == 200
    assert batch.job.status == "done" and batch.job.requested_by == world.group_member

    client.post(reverse("engagement:import_confirm", args=[batch.pk]))
    batch = _wait_for(batch, ImportBatch.Status.IMPORTED)
    batch.job.refresh_from_db()
    assert FeedbackItem.objects.filter(session=session, import_batch=batch).count() == 200
    status = client.get(reverse("engagement:import_status", args=[batch.pk])).json()
    assert status["status"] == "imported" and status["finished"] is True
    receipt = client.get(reverse("jobs:download", args=[batch.job.pk]))
    assert f"{session.reference},Coffee morning,200" in b"".join(receipt.streaming_content).decode("utf-8-sig")
