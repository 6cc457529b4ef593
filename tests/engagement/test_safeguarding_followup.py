"""Host staff record what was done about each safeguarding concern; open ones are chased; none ever leaves."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from engagement.models import FeedbackItem, SafeguardingCase
from engagement.services.safeguarding_cases import safeguarding_reminders_send
from engagement.tasks import SAFEGUARDING_REMINDERS
from grassroots.celery import app
from tests.engagement.routing_helpers import routing_world
from tests.grants.factories import make_other_host

pytestmark = pytest.mark.django_db(transaction=True)


def test_escalate_note_and_close_each_write_a_staff_timeline_row(world, login_as):
    r = routing_world(world)
    url = reverse("engagement:safeguarding_item", kwargs={"pk": r.concern.pk})
    client = login_as(world.host_staff)
    page = client.get(url)
    assert page.status_code == 200 and "being hit" in page.content.decode()
    bad = client.post(url, {"action": "escalate", "escalated_to": ""})
    assert bad.status_code == 400 and 'href="#id_escalated_to"' in bad.content.decode()
    client.post(url, {"action": "escalate", "escalated_to": "Lambeth MASH", "escalated_on_0": "24",
                      "escalated_on_1": "11", "escalated_on_2": "2026", "note": "Phoned at 3pm"})
    client.post(url, {"action": "close", "note": ""})
    case = SafeguardingCase.objects.get(item=r.concern)
    assert case.is_escalated and case.escalated_to == "Lambeth MASH" and case.escalated_on == dt.date(2026, 11, 24)
    client.post(url, {"action": "close", "note": "MASH confirmed a visit"})
    case.refresh_from_db()
    assert case.is_closed
    assert [e.visibility for e in case.events.all()] == ["staff", "staff"]
    assert "MASH confirmed a visit" in client.get(url).content.decode()


def test_nobody_but_the_hosts_staff_opens_it(world, login_as):
    r = routing_world(world)
    url = reverse("engagement:safeguarding_item", kwargs={"pk": r.concern.pk})
    other_host_staff = make_other_host(world)[1]
    for user in (world.group_member, world.other_group_member, world.commissioner, r.provider_staff):
        assert login_as(user).get(url).status_code == 403  # not host staff at all
    assert login_as(other_host_staff).get(url).status_code == 404
    plain = reverse("engagement:safeguarding_item", kwargs={"pk": r.quoted.pk})
    assert login_as(world.host_staff).get(plain).status_code == 404  # not a concern: nothing to follow up


def test_open_concerns_are_chased_after_two_and_five_working_days_once_each(world):
    r = routing_world(world)
    FeedbackItem.objects.filter(pk=r.concern.pk).update(
        created_at=dt.datetime(2026, 12, 23, 10, tzinfo=dt.UTC))
    mail.outbox.clear()
    assert safeguarding_reminders_send(today=dt.date(2026, 12, 24)) == 0  # 1 working day
    assert safeguarding_reminders_send(today=dt.date(2026, 12, 29)) == 1  # 24th and 29th: 2 working days
    assert safeguarding_reminders_send(today=dt.date(2026, 12, 29)) == 0
    assert safeguarding_reminders_send(today=dt.date(2027, 1, 4)) == 1  # 24, 29, 30, 31, 4: 5 working days
    assert safeguarding_reminders_send(today=dt.date(2027, 1, 20)) == 0  # two reminders at most
    assert len(mail.outbox) == 2 and all("being hit" not in m.body for m in mail.outbox)
    assert SAFEGUARDING_REMINDERS in {entry["task"] for entry in app.conf.beat_schedule.values()}


def test_a_closed_concern_is_not_chased(world, login_as):
    r = routing_world(world)
    login_as(world.host_staff).post(reverse("engagement:safeguarding_item", kwargs={"pk": r.concern.pk}),
                                    {"action": "close", "note": "Dealt with at the session"})
    FeedbackItem.objects.filter(pk=r.concern.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    assert safeguarding_reminders_send(today=timezone.localdate()) == 0
