"""Confirmed bulk tagging is a background job: the POST records it and answers at once; the job, run as the person
who asked, checks again what they may tag, tags every matching item once, and leaves a receipt."""
from __future__ import annotations

import time

import pytest
from django.urls import reverse

from engagement.bulk_tagging import BULK_TAG
from engagement.models import FeedbackTag, ThemeChange
from grassroots.jobs.models import Job
from grassroots.jobs.tasks import run_job
from tests.engagement.factories import make_item, make_session
from tests.engagement.theme_factories import make_theme
from tests.factories import make_member
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db

QUERY = {"q": "appointment", "sentiment": "negative"}


@pytest.fixture
def theme(world):
    return make_theme(world.host)


@pytest.fixture
def session(world):
    return make_session(make_active(world), created_by=world.group_member)


@pytest.fixture
def sub(theme):
    return theme.sub_themes.order_by("pk").first()


def _items(session, n=12):
    matching = [make_item(session, text=f"Appointment waits were long {n}", sentiment="negative") for n in range(n)]
    make_item(session, text="Appointment was quick", sentiment="positive")  # not matched
    return matching


def _confirm(client, sub, count):
    return client.post(reverse("engagement:bulk_tag"), {**QUERY, "sub_theme": sub.pk, "count": count})


def _receipt(client, job) -> str:
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_post_records_one_job_and_tags_nothing_until_it_runs(world, as_host, session, sub):
    _items(session)
    response = _confirm(as_host, sub, 12)
    assert response.status_code == 302 and response.url == reverse("jobs:list")
    job = Job.objects.get()
    assert job.kind == BULK_TAG and job.requested_by == world.host_staff and job.status == Job.Status.QUEUED
    assert job.params == {"filters": QUERY, "sub_theme": sub.pk, "count": 12}
    assert not FeedbackTag.objects.exists()  # the transaction has not committed, so the job has not run
    page = as_host.get(reverse("jobs:list")).content.decode()
    assert f"Tagging 12 items with “{sub.name}”: this page shows when it is done" in page
    # The bulk page says a tagging is under way; asking again while it waits starts nothing.
    page = as_host.get(reverse("engagement:bulk_tag"), {**QUERY, "sub_theme": sub.pk}).content.decode()
    assert "the tagging is not finished yet" in page
    _confirm(as_host, sub, 12)
    assert Job.objects.count() == 1


def test_running_the_job_tags_exactly_the_matches_once_with_history_and_a_receipt(
        world, as_host, session, sub, django_capture_on_commit_callbacks):
    matching = _items(session)
    with django_capture_on_commit_callbacks(execute=True):  # no broker: the job runs in-process on commit
        response = _confirm(as_host, sub, 12)
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.message
    assert set(FeedbackTag.objects.filter(sub_theme=sub).values_list("item_id", flat=True)) == {
        i.pk for i in matching}
    change = ThemeChange.objects.get(kind=ThemeChange.Kind.BULK_TAGGED, sub_theme=sub)
    assert change.note.startswith("12 items tagged") and change.actor == world.host_staff
    assert job.filename.startswith(f"tagged-{sub.name.lower()[:4]}") and job.filename.endswith(".csv")
    receipt = _receipt(as_host, job)
    lines = receipt.strip().splitlines()
    assert lines[0] == "Item,Date,Session,Service" and len(lines) == 13
    assert {int(line.split(",")[0]) for line in lines[1:]} == {i.pk for i in matching}
    assert "Appointment" not in receipt  # numbers, dates and services only, never what was said
    page = as_host.get(response.url).content.decode()
    assert f"Tagging 12 items with “{sub.name}”" in page and reverse("jobs:download", args=[job.pk]) in page

    # A second run (a job handed over again, or asked for again once the first is done) adds nothing.
    job2 = Job.objects.create(kind=BULK_TAG, label="again", params=job.params, requested_by=world.host_staff)
    assert run_job(job2.pk) == "done"
    assert FeedbackTag.objects.filter(sub_theme=sub).count() == 12
    assert _receipt(as_host, job2).strip() == "Item,Date,Session,Service"
    assert run_job(job.pk) == "taken"  # the same job redelivered does not run again


def test_another_hosts_staff_cannot_see_the_job_nor_tag_through_one(world, as_host, login_as, session, sub,
                                                                    django_capture_on_commit_callbacks):
    _items(session, 3)
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(as_host, sub, 3)
    job = Job.objects.get()
    other_staff = make_member(world.other_area.host_organisation, "staff", email="sam@hw-southwark.org.uk")
    other = login_as(other_staff)
    assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert job.label not in other.get(reverse("jobs:list")).content.decode()
    assert all(j["id"] != job.pk for j in other.get(reverse("jobs:status")).json()["jobs"])
    # A job carrying another host's sub-theme fails when it runs as them: access is checked again, as the requester.
    FeedbackTag.objects.all().delete()
    forged = Job.objects.create(kind=BULK_TAG, label="forged", params=job.params, requested_by=other_staff)
    assert run_job(forged.pk) == "failed"
    forged.refresh_from_db()
    assert forged.message == "You can no longer tag with this sub-theme, so nothing was tagged."
    assert not FeedbackTag.objects.exists()


def test_a_sub_theme_retired_between_confirming_and_running_fails_the_job_plainly(as_host, session, sub):
    _items(session, 3)
    _confirm(as_host, sub, 3)
    job = Job.objects.get()
    sub.retired = True
    sub.save(update_fields=["retired"])
    assert run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message.startswith(f"“{sub.name}” was retired before the tagging started, so nothing was tagged.")
    assert not FeedbackTag.objects.exists()
    assert f"Failed: “{sub.name}” was retired" in as_host.get(reverse("jobs:list")).content.decode()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_tags_the_items_after_the_post(live_worker, world, login_as):
    theme = make_theme(world.host)
    sub = theme.sub_themes.order_by("pk").first()
    session = make_session(make_active(world), created_by=world.group_member)
    matching = _items(session, 30)
    client = login_as(world.host_staff)
    response = _confirm(client, sub, 30)
    assert response.status_code == 302
    job = Job.objects.get()
    deadline = time.monotonic() + 30
    while not job.is_finished and time.monotonic() < deadline:
        time.sleep(0.1)
        job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert set(FeedbackTag.objects.filter(sub_theme=sub).values_list("item_id", flat=True)) == {
        i.pk for i in matching}


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_tagging_is_done_when_the_page_answers(world, login_as):
    """The embedded default: jobs run in-process as the request commits, so the person sees it done at once."""
    sub = make_theme(world.host).sub_themes.order_by("pk").first()
    _items(make_session(make_active(world), created_by=world.group_member), 3)
    client = login_as(world.host_staff)
    response = _confirm(client, sub, 3)
    assert FeedbackTag.objects.filter(sub_theme=sub).count() == 3
    assert Job.objects.get().status == Job.Status.DONE
    assert f"Tagged 3 items with “{sub.name}”" in client.get(response.url).content.decode()
