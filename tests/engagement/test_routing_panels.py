"""Dashboards: recipients see what awaits their reply; host staff see replies awaited (overdue first) and actions."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from engagement.services.actions import ActionDetails, action_create
from engagement.services.routing import routing_send
from tests.engagement.routing_helpers import routing_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_dashboards_show_replies_awaited_and_overdue(world, login_as, django_assert_max_num_queries):
    r = routing_world(world)
    with time_machine.travel(dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC)):
        routing_send(actor=world.host_staff, host=world.host, title="GP phone lines", message="Reply please",
                     item_ids=[r.quoted.pk], recipients=[r.provider, world.icb])
    action_create(actor=world.host_staff, host=world.host, details=ActionDetails(
        owner=r.provider, title="More phone lines", description="x"))
    provider = login_as(r.provider_staff).get(reverse("dashboard")).content.decode()
    assert "Feedback sent to you" in provider and "1 overdue" in provider and "GP phone lines" in provider
    host = login_as(world.host_staff)
    with django_assert_max_num_queries(40):
        page = host.get(reverse("dashboard")).content.decode()
    assert "2 replies awaited" in page and "2 overdue" in page and "Actions by status" in page
    assert "Feedback sent to you" not in login_as(world.group_member).get(reverse("dashboard")).content.decode()


def test_actions_by_status_are_counted_with_and_without_overdue_replies(world, django_assert_num_queries):
    """The actions chart rides on the overdue-replies query when there are overdue replies (to keep the dashboard
    at 15 queries): the counts must be the same either way, and each way costs one query besides the shared counts."""
    from django.test import RequestFactory

    from engagement.models import Action
    from engagement.panels import _counts, routing_panel
    from engagement.services.actions import action_move

    r = routing_world(world)
    for title in ("More phone lines", "Text reminders", "Evening clinic"):
        action_create(actor=world.host_staff, host=world.host, details=ActionDetails(
            owner=r.provider, title=title, description="x"))
    action_move(actor=world.host_staff, action=Action.objects.get(title="Evening clinic"),
                to=Action.Status.IN_PROGRESS)

    def panel():
        request = RequestFactory().get("/")
        request.user = world.host_staff
        _counts(request)
        with django_assert_num_queries(1):
            return routing_panel(request)

    before = panel()  # nothing sent yet: no overdue replies
    assert before["overdue_rows"] == [] and before["actions"] == 3
    with time_machine.travel(dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC)):
        routing_send(actor=world.host_staff, host=world.host, title="GP phone lines", message="Reply please",
                     item_ids=[r.quoted.pk], recipients=[r.provider])
    after = panel()
    assert len(after["overdue_rows"]) == 1 and after["actions"] == 3
    assert after["chart"] == before["chart"]
