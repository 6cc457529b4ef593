"""Background jobs: running, failing, and being safe to run twice."""
from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from grassroots.accounts.jobs import ORGANISATIONS_CSV
from grassroots.accounts.models import Organisation
from grassroots.jobs.models import Job
from grassroots.jobs.services import job_request
from grassroots.jobs.tasks import run_job
from tests.core.job_renderers import COUNTING, CRASHING, FAILING


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_organisations_export_lists_the_persons_organisations(as_group, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_group.post(reverse("accounts:organisations_export"))
    assert response.status_code == 302
    assert response.url == reverse("jobs:list")
    job = Job.objects.get(requested_by=world.group_member)
    assert job.status == Job.Status.DONE, job.message
    rows = _csv_rows(job.result.read())
    assert rows[0][:3] == ["Organisation", "Kind", "Your role"]
    assert rows[1][0] == "Brixton Elders Lunch Club"
    assert "Older Caribbean residents" in rows[1]
    assert "GB-CHC-1123456" in rows[1]
    assert all("Peckham Deaf Social" not in row for row in rows)


def test_the_organisations_export_is_safe_to_open_in_a_spreadsheet(as_group, world,
                                                                     django_capture_on_commit_callbacks):
    world.group.communities_served = '=HYPERLINK("http://evil.example","click")'
    world.group.save()
    with django_capture_on_commit_callbacks(execute=True):
        as_group.post(reverse("accounts:organisations_export"))
    job = Job.objects.get(requested_by=world.group_member)
    rows = _csv_rows(job.result.read())
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in rows[1]


def test_the_organisations_export_needs_a_post(as_group):
    assert as_group.get(reverse("accounts:organisations_export")).status_code == 405


def test_an_expected_failure_marks_the_job_failed_with_its_message(world, test_renderers,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_request(actor=world.group_member, kind=FAILING, label="Nothing")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "There were no applications in that period."
    assert job.finished_at is not None


def test_a_crash_marks_the_job_failed_with_a_friendly_message(world, test_renderers,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_request(actor=world.group_member, kind=CRASHING, label="Crash")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Something went wrong" in job.message
    assert "boom" not in job.message


def test_an_outsider_with_no_organisations_gets_a_clear_failure(as_outsider, outsider,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_outsider.post(reverse("accounts:organisations_export"))
    job = Job.objects.get(requested_by=outsider)
    assert job.status == Job.Status.FAILED
    assert "do not belong to any organisation" in job.message


def test_an_unknown_kind_fails_rather_than_crashing(world):
    job = Job.objects.create(kind="no.such.kind", label="?", requested_by=world.group_member)
    assert run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Unknown kind" in job.message


def test_running_a_job_twice_does_the_work_once(world, test_renderers):
    job = Job.objects.create(kind=COUNTING, label="Count", requested_by=world.group_member)
    runs = test_renderers.runs
    assert run_job(job.pk) == "done"
    first_file = Job.objects.get(pk=job.pk).result.name
    assert run_job(job.pk) == "taken"
    job.refresh_from_db()
    assert runs == [job.pk]
    assert job.status == Job.Status.DONE
    assert job.progress == 100
    assert job.result.name == first_file
    assert job.result.read() == b"ran"


def test_a_job_for_a_deleted_row_is_ignored(db):
    assert run_job(987654321) == "missing"


@pytest.mark.parametrize("name", ["=SUM(A1)", "+1", "-1", "@cmd", "\tx"])
def test_formula_like_organisation_names_are_neutralised(name, world, django_capture_on_commit_callbacks):
    group = Organisation.objects.create(name=name, kind=Organisation.Kind.COMMUNITY_GROUP)
    group.memberships.create(user=world.group_member, role="member")
    with django_capture_on_commit_callbacks(execute=True):
        job = job_request(actor=world.group_member, kind=ORGANISATIONS_CSV, label="Mine")
    job.refresh_from_db()
    names = [row[0] for row in _csv_rows(job.result.read())[1:]]
    assert "'" + name in names


def test_the_services_import_the_task_and_the_tasks_import_the_services_only_when_they_run():
    """The one direction documented in both modules: a top-level import the other way would be a cycle."""
    from grassroots.jobs import services, tasks

    def top_level_imports(module) -> set[str]:
        names = set()
        for node in ast.parse(Path(module.__file__).read_text()).body:
            if isinstance(node, ast.ImportFrom):
                names |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module or ""}
        return names

    assert "grassroots.jobs.tasks.run_job" in top_level_imports(services)
    # Catches both "from grassroots.jobs import services" and "from grassroots.jobs.services import ...".
    assert not any(name.startswith("grassroots.jobs.services") for name in top_level_imports(tasks))
