"""Commissioners' and providers' own actions: the dashboard panel and the list show only what their
organisation does, with its dates, status and the feedback sent to them that it answers; any other is 404."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engagement.models import Action
from engagement.services.routing import routing_send
from tests.engagement.routing_helpers import routing_world

pytestmark = pytest.mark.django_db


def _action(world, owner, title, *, status=Action.Status.PLANNED, due_on=None, items=()):
    action = Action.objects.create(host=world.host, owner=owner, title=title, description="Because people said so",
                                   status=status, due_on=due_on, created_by=world.host_staff)
    action.items.set(items)
    return action


@pytest.fixture
def owned(world):
    r = routing_world(world)
    sent = routing_send(actor=world.host_staff, host=world.host, title="GP phone lines", message="What will you do?",
                        item_ids=[r.quoted.pk], recipients=[world.icb, r.provider])
    ours = _action(world, world.icb, "Extend GP phone hours", due_on=dt.date(2020, 1, 31), items=[r.quoted])
    done = _action(world, world.icb, "Publish waiting times", status=Action.Status.DONE)
    theirs = _action(world, r.provider, "Two more phone lines at the trust", items=[r.quoted])
    return {"r": r, "sent": sent, "ours": ours, "done": done, "theirs": theirs}


def test_the_panel_shows_only_our_organisations_actions(as_commissioner, owned, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        page = as_commissioner.get(reverse("dashboard")).content.decode()
    assert "Your organisation&#x27;s actions" in page or "Your organisation's actions" in page
    assert "Extend GP phone hours" in page and "1 past their due date" in page and "1 done" in page
    assert "Two more phone lines at the trust" not in page


def test_the_list_shows_status_dates_and_what_was_sent_to_us(as_commissioner, owned, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = as_commissioner.get(reverse("engagement:owned_actions"))
    page = response.content.decode()
    assert "Extend GP phone hours" in page and "Publish waiting times" in page
    assert "Due 31 January 2020" in page and "Planned" in page and "Done" in page
    recipient = owned["sent"].recipients.get(organisation=owned["ours"].owner)
    assert reverse("engagement:inbox_detail", args=[recipient.pk]) in page
    other = owned["sent"].recipients.get(organisation=owned["r"].provider)
    assert reverse("engagement:inbox_detail", args=[other.pk]) not in page  # the provider's copy is not ours
    assert "Two more phone lines at the trust" not in page
    assert page.index("Extend GP phone hours") < page.index("Publish waiting times")  # open first


def test_the_provider_sees_its_own_and_not_the_commissioners(login_as, owned):
    client = login_as(owned["r"].provider_staff)
    page = client.get(reverse("engagement:owned_actions")).content.decode()
    assert "Two more phone lines at the trust" in page and "Extend GP phone hours" not in page
    assert client.get(reverse("engagement:owned_action", args=[owned["theirs"].pk])).status_code == 200
    assert client.get(reverse("engagement:owned_action", args=[owned["ours"].pk])).status_code == 404


def test_an_action_page_for_its_owner_and_404_for_anyone_else(as_commissioner, as_host, as_group, owned):
    url = reverse("engagement:owned_action", args=[owned["ours"].pk])
    page = as_commissioner.get(url).content.decode()
    assert "Extend GP phone hours" in page and "GP phone lines" in page and "contact Healthwatch Lambeth" in page
    assert as_commissioner.get(reverse("engagement:owned_action", args=[owned["theirs"].pk])).status_code == 404
    assert as_host.get(url).status_code == 404  # the host keeps it on its own pages
    assert as_group.get(url).status_code == 403


def test_no_panel_without_actions(as_commissioner, world):
    page = as_commissioner.get(reverse("dashboard")).content.decode()
    assert "All your organisation" not in page


def test_the_action_page_says_whether_what_was_sent_is_answered_or_overdue(as_commissioner, owned):
    url = reverse("engagement:owned_action", args=[owned["ours"].pk])
    recipient = owned["sent"].recipients.get(organisation=owned["ours"].owner)
    recipient.due_on = dt.date(2020, 1, 10)
    recipient.save(update_fields=["due_on"])
    page = as_commissioner.get(url).content.decode()
    assert "Reply by 10 January 2020" in page and "Overdue" in page

    recipient.status, recipient.answered_at = recipient.Status.ANSWERED, dt.datetime(2020, 1, 8, 12, tzinfo=dt.UTC)
    recipient.save(update_fields=["status", "answered_at"])
    page = as_commissioner.get(url).content.decode()
    assert "Answered 8 January 2020" in page and "Overdue" not in page and "Reply by" not in page
