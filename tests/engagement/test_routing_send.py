"""Host staff send feedback on once, to every organisation that can act; only what may leave, never twice."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from engagement.models import RoutingRecipient
from engagement.services.routing import routing_send
from tests.engagement.routing_helpers import routing_world

pytestmark = pytest.mark.django_db(transaction=True)


def _send(world, r, items, recipients, **extra):
    return routing_send(actor=world.host_staff, host=world.host, title="GP access", message="Please reply",
                        item_ids=[i.pk for i in items], recipients=recipients, **extra)


def test_one_sending_reaches_every_recipient_once_with_a_due_date_in_working_days(world):
    r = routing_world(world)
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, tzinfo=dt.UTC)):
        routing = _send(world, r, [r.quoted, r.redacted], [world.icb, r.provider])
    assert routing.routed_items.count() == 2
    recipients = list(routing.recipients.order_by("organisation__name"))
    assert [x.organisation for x in recipients] == [r.provider, world.icb]
    # 20 working days from Thursday 10 December 2026, over Christmas, Boxing Day (observed) and New Year.
    assert {x.due_on for x in recipients} == {dt.date(2027, 1, 12)}
    assert sorted(m.to[0] for m in mail.outbox) == [world.commissioner.email, r.provider_staff.email]
    assert all("12 January 2027" in m.subject for m in mail.outbox)
    assert all("Nobody answers" not in m.body for m in mail.outbox)


@pytest.mark.parametrize("which", ["internal", "concern"])
def test_what_may_not_leave_is_refused(world, which):
    r = routing_world(world)
    with pytest.raises(ValidationError) as caught:
        _send(world, r, [r.quoted, getattr(r, which)], [world.icb])
    assert "cannot leave" in str(caught.value)
    assert not RoutingRecipient.objects.exists()


def test_an_item_already_sent_to_an_organisation_is_not_sent_to_it_again(world):
    r = routing_world(world)
    _send(world, r, [r.quoted], [world.icb])
    with pytest.raises(ValidationError) as caught:
        _send(world, r, [r.quoted, r.redacted], [r.provider, world.icb])
    assert world.icb.name in str(caught.value)
    _send(world, r, [r.quoted], [r.provider])  # a new organisation may have it
    assert RoutingRecipient.objects.count() == 2


def test_only_host_staff_send(world):
    r = routing_world(world)
    with pytest.raises(PermissionDenied):
        routing_send(actor=world.group_member, host=world.host, title="x", message="y", item_ids=[r.quoted.pk],
                     recipients=[world.icb])


def test_bad_input_names_each_problem(world):
    routing_world(world)
    with pytest.raises(ValidationError) as caught:
        routing_send(actor=world.host_staff, host=world.host, title=" ", message="", item_ids=[], recipients=[],
                     reply_days=0)
    assert set(caught.value.message_dict) == {"title", "message", "items", "recipients", "reply_days"}
