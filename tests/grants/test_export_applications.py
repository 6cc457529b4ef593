"""The applications CSV holds exactly the list on screen: its search, round, area and status filters (issue 17)."""
from __future__ import annotations

import csv
import io

from django.urls import reverse

from grants.models import Application
from grassroots.jobs.models import Job
from grassroots.jobs.tasks import run_job
from tests.grants.factories import make_draft, make_other_host, make_submitted


def _references(job: Job) -> set[str]:
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    with job.result.open("rb") as f:
        return {row["Reference"] for row in csv.DictReader(io.StringIO(f.read().decode("utf-8-sig")))}


def test_the_export_repeats_the_search_and_status_shown_on_screen(world, as_host, django_capture_on_commit_callbacks):
    wanted = make_submitted(world, title="Coffee morning")
    make_submitted(world, title="Walk and talk")  # another title
    make_draft(world, title="Coffee morning again")  # another status
    page = as_host.get(reverse("grants:staff_applications"), {"q": "coffee", "status": "submitted"}).text
    assert '<input type="hidden" name="q" value="coffee">' in page
    assert '<input type="hidden" name="status" value="submitted">' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = as_host.post(reverse("grants:export_applications_csv"), {"q": "coffee", "status": "submitted"})
    assert response.status_code == 302
    assert _references(Job.objects.get()) == {wanted.reference}


def test_without_filters_the_export_holds_every_application_the_person_runs(world, as_host,
                                                                          django_capture_on_commit_callbacks):
    make_submitted(world)
    make_draft(world)
    with django_capture_on_commit_callbacks(execute=True):
        as_host.post(reverse("grants:export_applications_csv"), {})
    assert _references(Job.objects.get()) == set(Application.objects.values_list("reference", flat=True))


def test_a_job_naming_another_hosts_round_exports_nothing(world):
    make_submitted(world)
    _, other_staff, _, _ = make_other_host(world)
    job = Job.objects.create(kind="grants.applications_csv", label="x", params={"round": str(world.round.pk)},
                             requested_by=other_staff)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "could not be found" in job.message


def test_filters_that_match_nothing_say_so(world, as_host, django_capture_on_commit_callbacks):
    make_submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        as_host.post(reverse("grants:export_applications_csv"), {"q": "nothing like this"})
    job = Job.objects.get()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "no application matches the filters you chose" in job.message
