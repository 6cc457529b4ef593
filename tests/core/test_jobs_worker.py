"""The organisations export through a real Celery worker and the real Redis broker, end to end."""
from __future__ import annotations

import csv
import io
import time

import pytest
from django.urls import reverse

from grassroots.jobs.models import Job


def _wait_until_finished(job_filter, seconds: float = 20.0) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = Job.objects.filter(**job_filter).first()
        if job is not None and job.is_finished:
            return job
        time.sleep(0.1)
    raise AssertionError(f"the job did not finish within {seconds}s: {Job.objects.filter(**job_filter).first()}")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_organisations_csv(live_worker, world, login_as):
    client = login_as(world.group_member)
    response = client.post(reverse("accounts:organisations_export"))
    assert response.status_code == 302
    job = _wait_until_finished({"requested_by": world.group_member})
    assert job.status == Job.Status.DONE, job.message

    status = client.get(reverse("jobs:status")).json()["jobs"][0]
    assert status["finished"] is True
    download = client.get(status["download_url"])
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Organisation"
    assert rows[1][0] == "Brixton Elders Lunch Club"
    assert "Older Caribbean residents" in rows[1]
    assert len(rows) == 2

    page = client.get(reverse("jobs:list")).content.decode()
    assert "My organisations (CSV)" in page
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200
    assert login_as(world.other_group_member).get(reverse("jobs:download", args=[job.pk])).status_code == 404
