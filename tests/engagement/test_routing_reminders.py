"""Recipients are reminded before the reply is due and once it is overdue, each reminder once."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from engagement.services.routing import recipient_answer, routing_reminders_send, routing_send
from engagement.tasks import ROUTING_REMINDERS
from grassroots.celery import app
from tests.engagement.routing_helpers import routing_world

pytestmark = pytest.mark.django_db(transaction=True)
D = dt.date


def test_before_and_after_the_due_date_once_each_and_never_once_answered(world):
    r = routing_world(world)
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, tzinfo=dt.UTC)):
        routing = routing_send(actor=world.host_staff, host=world.host, title="GP phones", message="Reply please",
                               item_ids=[r.quoted.pk], recipients=[world.icb, r.provider])
    icb = routing.recipients.get(organisation=world.icb)
    assert icb.due_on == D(2027, 1, 12)
    mail.outbox.clear()
    assert routing_reminders_send(today=D(2026, 12, 31)) == 0  # 6 working days left: too early
    assert routing_reminders_send(today=D(2027, 1, 5)) == 2  # 5 working days left
    assert routing_reminders_send(today=D(2027, 1, 6)) == 0
    assert all(m.subject.startswith("Reminder:") for m in mail.outbox)
    recipient_answer(actor=r.provider_staff, recipient=routing.recipients.get(organisation=r.provider), answer="Done")
    mail.outbox.clear()
    assert routing_reminders_send(today=D(2027, 1, 13)) == 1  # overdue: only the one still awaiting
    assert routing_reminders_send(today=D(2027, 1, 14)) == 0
    assert [m.to for m in mail.outbox] == [[world.commissioner.email]]
    assert mail.outbox[0].subject.startswith("Overdue:")
    assert icb.events.filter(kind="reminded").count() == 2


def test_the_reminders_are_on_the_daily_schedule():
    assert ROUTING_REMINDERS in {entry["task"] for entry in app.conf.beat_schedule.values()}
