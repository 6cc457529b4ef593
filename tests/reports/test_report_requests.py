"""Who may ask for which report; the same report is never built twice at once; a kept report can be made again."""
from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from grassroots.accounts.models import Membership
from grassroots.jobs.models import Job
from grassroots.jobs.tasks import run_job
from reports.models import Report
from reports.services import report_request
from tests.engagement.routing_helpers import routing_world
from tests.factories import make_member
from tests.grants.factories import make_other_host

pytestmark = pytest.mark.django_db(transaction=True)
START, END = dt.date(2026, 4, 1), dt.date(2026, 10, 31)


def _ask(user, kind, scope_type, scope_id, **extra):
    return report_request(actor=user, kind=kind, scope_type=scope_type, scope_id=scope_id, starts_on=START,
                          ends_on=END, **extra)


def test_a_group_asks_only_for_its_own_community_report(world, login_as):
    routing_world(world)
    mine = _ask(world.group_member, "community", "group", world.group.pk).report
    assert mine.organisation == world.group
    with pytest.raises(PermissionDenied):
        _ask(world.group_member, "community", "group", world.other_group.pk)
    with pytest.raises(PermissionDenied):
        _ask(world.group_member, "quarterly", "host", world.host.pk)
    client = login_as(world.other_group_member)
    assert client.get(reverse("reports:download", kwargs={"pk": mine.pk})).status_code == 404
    assert login_as(world.group_member).get(reverse("reports:download", kwargs={"pk": mine.pk})).status_code == 200


def test_host_staff_ask_only_for_their_own_host(world):
    other_host, stranger, *_ = make_other_host(world)
    with pytest.raises(PermissionDenied):
        _ask(stranger, "quarterly", "host", world.host.pk)
    with pytest.raises(PermissionDenied):
        _ask(stranger, "yswd", "area", world.area.pk)
    with pytest.raises(PermissionDenied):
        _ask(stranger, "funder", "programme", world.programme.pk)
    assert _ask(stranger, "quarterly", "host", other_host.pk).report.organisation == other_host


def test_funder_staff_ask_for_their_programmes_funder_report(world):
    funder_staff = make_member(world.funder, Membership.Role.STAFF, email="fay@england.nhs.uk", name="Fay Funder")
    assert _ask(funder_staff, "funder", "programme", world.programme.pk).report.organisation == world.funder


def test_the_same_report_is_not_built_twice_while_building(world):
    routing_world(world)
    first = _ask(world.host_staff, "yswd", "area", world.area.pk).report
    Job.objects.filter(pk=first.job_id).update(status=Job.Status.RUNNING)
    jobs = Job.objects.count()
    again = _ask(world.host_staff, "yswd", "area", world.area.pk)
    assert again.already_building and again.report == first and Job.objects.count() == jobs


def test_bad_periods_are_named_on_the_page(world, login_as):
    client = login_as(world.host_staff)
    url = reverse("reports:ask", kwargs={"kind": "yswd"})
    page = client.post(url, {"scope": f"area:{world.area.pk}", "starts_on_0": "1", "starts_on_1": "10",
                             "starts_on_2": "2026", "ends_on_0": "1", "ends_on_1": "4", "ends_on_2": "2026"})
    assert page.status_code == 400 and 'href="#id_ends_on' in page.content.decode()
    tampered = client.post(url, {"scope": "area:999999", "starts_on_0": "1", "starts_on_1": "4",
                                 "starts_on_2": "2026", "ends_on_0": "1", "ends_on_1": "5", "ends_on_2": "2026"})
    assert tampered.status_code == 400 and not Report.objects.exists()


def test_a_kept_report_is_made_again_and_listed(world, login_as, django_assert_max_num_queries):
    routing_world(world)
    client = login_as(world.host_staff)
    done = client.post(reverse("reports:ask", kwargs={"kind": "yswd"}), {
        "scope": f"area:{world.area.pk}", "starts_on_0": "1", "starts_on_1": "4", "starts_on_2": "2026",
        "ends_on_0": "31", "ends_on_1": "10", "ends_on_2": "2026"}, follow=True)
    assert "Your report is ready" in done.content.decode()
    report = Report.objects.get()
    first_job = report.job_id
    client.post(reverse("reports:rebuild", kwargs={"pk": report.pk}))
    report.refresh_from_db()
    assert report.job_id != first_job and report.job.is_ready
    listing = client.get(reverse("reports:list"))
    assert "Download" in listing.content.decode() and "page" in listing.content.decode()
    for _ in range(5):  # more reports, the same queries
        Report.objects.create(kind="yswd", scope_type="area", scope_id=world.area.pk, scope_name="Lambeth",
                              starts_on=START, ends_on=END, organisation=world.host, requested_by=world.host_staff,
                              job=Job.objects.create(kind="reports.pdf", label="x", requested_by=world.host_staff))
    with django_assert_max_num_queries(12):
        client.get(reverse("reports:list"))


def test_a_failed_build_says_why_and_can_be_made_again(world, login_as):
    routing_world(world)
    colleague = make_member(world.host, Membership.Role.STAFF, email="cal@healthwatchlambeth.org.uk",
                            name="Cal Colleague")
    with mock.patch("grassroots.jobs.services.job_dispatch"):  # recorded; no worker has picked it up yet
        report = _ask(world.host_staff, "yswd", "area", world.area.pk).report
    Membership.objects.filter(user=world.host_staff).delete()  # left the host before the build ran
    run_job.apply(args=(report.job_id,))
    report.refresh_from_db()
    assert report.job.status == Job.Status.FAILED
    assert report.job.message == "You can no longer ask for this report: your access has changed."
    client = login_as(colleague)
    page = client.get(reverse("reports:list")).content.decode()
    assert "Failed" in page and "your access has changed" in page and "Make again" in page
    client.post(reverse("reports:rebuild", kwargs={"pk": report.pk}))
    report.refresh_from_db()
    assert report.job.is_ready and report.job.requested_by == colleague
