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
