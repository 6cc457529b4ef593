"""Your downloads: the list, the status JSON the page polls, and the access-checked download."""
from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from grassroots.jobs.models import Job


def _job(user, label="My organisations (CSV)", status=Job.Status.QUEUED, content: bytes | None = None) -> Job:
    job = Job.objects.create(kind="accounts.organisations_csv", label=label, requested_by=user, status=status)
    if content is not None:
        job.result.save("file.csv", ContentFile(content), save=False)
        job.filename = "my-organisations.csv"
        job.content_type = "text/csv"
        job.status = Job.Status.DONE
        job.save()
    return job


def test_the_downloads_page_lists_only_your_own_jobs(as_group, world):
    _job(world.group_member, label="Grace's export")
    _job(world.other_group_member, label="Omar's export")
    response = as_group.get(reverse("jobs:list"))
    assert response.status_code == 200
    assert "Grace&#x27;s export" in response.content.decode()
    assert "Omar" not in response.content.decode()


def test_the_downloads_page_needs_sign_in(client, db):
    response = client.get(reverse("jobs:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_downloads_page_query_count_does_not_grow_with_jobs(as_group, world, django_assert_max_num_queries):
    for n in range(20):
        _job(world.group_member, label=f"Export {n}")
    with django_assert_max_num_queries(8):
        response = as_group.get(reverse("jobs:list"))
    assert response.content.decode().count("Export ") >= 20


def test_the_status_json_reports_progress_for_your_jobs_only(as_group, world):
    mine = _job(world.group_member, content=b"a,b\n")
    _job(world.other_group_member)
    data = as_group.get(reverse("jobs:status")).json()
    assert [j["id"] for j in data["jobs"]] == [mine.pk]
    assert data["jobs"][0]["status"] == "done"
    assert data["jobs"][0]["finished"] is True
    assert data["jobs"][0]["download_url"] == reverse("jobs:download", args=[mine.pk])


def test_an_unfinished_job_has_no_download_link(as_group, world):
    _job(world.group_member)
    job = as_group.get(reverse("jobs:status")).json()["jobs"][0]
    assert job["finished"] is False
    assert job["download_url"] is None


def test_you_can_download_your_finished_file(as_group, world):
    job = _job(world.group_member, content=b"Organisation\nBrixton\n")
    response = as_group.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Organisation\nBrixton\n"
    assert "my-organisations.csv" in response["Content-Disposition"]


def test_another_persons_file_is_not_found(as_other_group, world):
    job = _job(world.group_member, content=b"secret")
    assert as_other_group.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_an_unfinished_file_is_not_found(as_group, world):
    job = _job(world.group_member)
    assert as_group.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    job.status = Job.Status.FAILED
    job.save()
    assert as_group.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_downloaded_file_is_never_kept_in_a_cache(as_group, world):
    job = _job(world.group_member, content=b"Organisation\nBrixton\n")
    response = as_group.get(reverse("jobs:download", args=[job.pk]))
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db(transaction=True)
def test_asking_for_a_file_made_in_process_says_it_is_ready_not_that_it_is_being_made(as_group, world, settings):
    # A real commit (no test transaction around the view), as in production without a broker.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = as_group.post(reverse("accounts:organisations_export"), follow=True)
    page = response.content.decode()
    assert "Your file is ready: My organisations (CSV)." in page
    assert "We are making your file" not in page


def test_asking_for_a_file_a_worker_will_make_says_it_is_being_made(as_group, world):
    # The on-commit hook that queues the task does not run inside the test's transaction: the job stays queued.
    response = as_group.post(reverse("accounts:organisations_export"), follow=True)
    page = response.content.decode()
    assert "We are making your file. It will appear here when it is ready." in page
    assert Job.objects.get(requested_by=world.group_member).status == Job.Status.QUEUED


def test_the_downloads_page_says_when_in_words(as_group, world):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    job = _job(world.group_member)
    Job.objects.filter(pk=job.pk).update(created_at=datetime(2026, 12, 9, 15, 24, tzinfo=ZoneInfo("Europe/London")))
    assert "9 December 2026 at 3:24pm" in as_group.get(reverse("jobs:list")).content.decode()
