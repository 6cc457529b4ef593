"""The actions pages: recording one with its evidence, moving it on, and what a group sees of it."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagement.models import Action
from engagement.services.actions import ActionDetails, action_create, action_move
from grassroots.dates import govuk_date
from tests.engagement.routing_helpers import routing_walk_rows, routing_world
from tests.grants.factories import make_other_host

pytestmark = pytest.mark.django_db(transaction=True)


def _post(r, **extra):
    return {"kind": "action", "title": "Two more GP phone lines", "description": "From March",
            "owner": str(r.provider.pk), "items": [str(r.quoted.pk)], **extra}


def test_record_an_action_with_evidence_then_mark_it_done(world, login_as):
    r = routing_world(world)
    client = login_as(world.host_staff)
    fake = SimpleUploadedFile("letter.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = client.post(reverse("engagement:action_create"), _post(r, evidence_file=fake))
    assert refused.status_code == 400 and "not a real PDF" in refused.content.decode()
    assert "Two more GP phone lines" in refused.content.decode()  # nothing typed is lost
    real = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    saved = client.post(reverse("engagement:action_create"), _post(r, evidence_file=real), follow=True)
    action = Action.objects.get()
    assert "The action has been saved" in saved.content.decode()
    assert client.get(reverse("engagement:action_evidence", kwargs={"pk": action.pk})).status_code == 200
    url = reverse("engagement:action_move", kwargs={"pk": action.pk})
    missing = client.post(url, {"status": "not_possible", "reason": ""})
    assert missing.status_code == 400 and 'href="#id_reason"' in missing.content.decode()
    client.post(url, {"status": "done"})
    action.refresh_from_db()
    assert action.is_done


def test_other_hosts_and_groups_cannot_open_it(world, login_as):
    data = routing_walk_rows(world)
    _, stranger, *_ = make_other_host(world)
    detail = reverse("engagement:action_detail", kwargs={"pk": data["action"].pk})
    evidence = reverse("engagement:action_evidence", kwargs={"pk": data["action"].pk})
    assert login_as(stranger).get(detail).status_code == 404
    assert login_as(stranger).get(evidence).status_code == 404
    assert login_as(world.group_member).get(detail).status_code == 403
    assert login_as(world.group_member).get(evidence).status_code == 404


def test_a_group_sees_what_happened_to_its_own_feedback_only(world, login_as, django_assert_max_num_queries):
    data = routing_walk_rows(world)
    mine = login_as(world.group_member)
    with django_assert_max_num_queries(10):
        page = mine.get(reverse("engagement:group_outcomes"))
    assert "Two more GP phone lines" in page.content.decode()
    assert "Calls answered faster" in page.content.decode()
    assert "Two more GP phone lines" not in login_as(world.other_group_member).get(
        reverse("engagement:group_outcomes")).content.decode()
    assert "Two more GP phone lines" in mine.get(reverse("dashboard")).content.decode()
    assert data["action"].pk


def test_lists_keep_their_query_count(world, login_as, django_assert_max_num_queries):
    routing_walk_rows(world)
    client = login_as(world.host_staff)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("engagement:action_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("engagement:programme_actions",
                                  kwargs={"pk": world.programme.pk})).status_code == 200


def test_a_finished_action_without_planned_dates_says_only_when_it_was_done(world, login_as):
    r = routing_world(world)
    client = login_as(world.host_staff)
    client.post(reverse("engagement:action_create"), _post(r))
    action = Action.objects.get()
    client.post(reverse("engagement:action_move", kwargs={"pk": action.pk}), {"status": "done"})
    action.refresh_from_db()
    page = client.get(reverse("engagement:action_detail", kwargs={"pk": action.pk})).content.decode()
    dates = page.split(">Dates</dt>", 1)[1].split("</dd>", 1)[0]
    assert dates.strip().endswith(f">Done {govuk_date(action.completed_on)}")
    assert ", done" not in dates


def test_a_group_reads_each_action_title_once_then_what_changed_or_why_not(world, login_as):
    r = routing_world(world)
    host = world.host_staff
    done = action_create(actor=host, host=world.host, details=ActionDetails(
        owner=r.provider, title="Phone lines open at 8am", description="x", what_changed="Calls answered in minutes",
        item_ids=[r.quoted.pk]))
    action_move(actor=host, action=done, to=Action.Status.DONE)
    refused = action_create(actor=host, host=world.host, details=ActionDetails(
        owner=r.provider, title="A walk-in clinic on Sundays", description="x", item_ids=[r.quoted.pk]))
    action_move(actor=host, action=refused, to=Action.Status.NOT_POSSIBLE, reason="No staff can be found")
    page = login_as(world.group_member).get(reverse("engagement:group_outcomes")).content.decode()
    assert page.count("Phone lines open at 8am") == 1 and "Calls answered in minutes" in page
    assert page.count("A walk-in clinic on Sundays") == 1 and "This was not possible. No staff can be found" in page


def test_a_done_action_can_be_reopened_without_being_asked_why_it_was_not_possible(world, login_as):
    r = routing_world(world)
    client = login_as(world.host_staff)
    client.post(reverse("engagement:action_create"), _post(r))
    action = Action.objects.get()
    detail = reverse("engagement:action_detail", kwargs={"pk": action.pk})
    assert "Why it was not possible" in client.get(detail).content.decode()
    client.post(reverse("engagement:action_move", kwargs={"pk": action.pk}), {"status": "done"})
    assert "Why it was not possible" not in client.get(detail).content.decode()
    client.post(reverse("engagement:action_move", kwargs={"pk": action.pk}), {"status": "in_progress"})
    action.refresh_from_db()
    assert action.is_in_progress
