"""Host staff send a theme for a period (and an area) on: what it matches, each item once, never again to an
organisation that already has it, never what may not leave."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from engagement.models import RecipientEvent, RoutedItem, Routing
from engagement.models.routing import period_label
from engagement.selectors.routing import recipient_items
from engagement.services.routing import routing_send
from engagement.services.routing_theme import (
    ThemeRequest,
    routing_send_theme,
    theme_routing_defaults,
    theme_routing_plan,
)
from tests.engagement.routing_helpers import theme_world

pytestmark = pytest.mark.django_db(transaction=True)

AUTUMN = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def _request(t, area=None, theme=None, period=AUTUMN):
    return ThemeRequest(theme or t.theme, *period, area=area)


def _plan(world, t, recipients, **kwargs):
    return theme_routing_plan(actor=world.host_staff, host=world.host, request=_request(t, **kwargs),
                              recipients=recipients)


def _send(world, t, recipients, actor=None, **kwargs):
    return routing_send_theme(actor=actor or world.host_staff, host=world.host, request=_request(t, **kwargs),
                              recipients=recipients, title="GP appointments, autumn", message="Please reply")


def test_a_theme_matches_what_is_tagged_under_any_of_its_sub_themes_in_the_period_and_area(world):
    t = theme_world(world)
    everywhere = _plan(world, t, [world.icb])
    assert set(everywhere.item_ids) == {t.r.quoted.pk, t.r.redacted.pk, t.in_wandsworth.pk}
    # internal, safeguarding and unmoderated items match too, but are only counted
    assert everywhere.held_back == 3 and everywhere.matching == 6
    lambeth = _plan(world, t, [world.icb], area=world.area)
    assert set(lambeth.item_ids) == {t.r.quoted.pk, t.r.redacted.pk}
    september = _plan(world, t, [world.icb], period=(dt.date(2026, 9, 1), dt.date(2026, 9, 30)))
    assert september.item_ids == [t.before.pk]
    pharmacies = _plan(world, t, [world.icb], theme=t.other_theme)
    assert pharmacies.item_ids == [t.elsewhere.pk]


def test_sending_records_the_theme_sends_each_item_once_with_a_due_date_in_working_days(world):
    t = theme_world(world)
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, tzinfo=dt.UTC)):
        routing = _send(world, t, [world.icb, t.r.provider], area=world.area)
    routing.refresh_from_db()
    assert (routing.theme, routing.period_start, routing.period_end, routing.area) == (t.theme, *AUTUMN, world.area)
    assert routing.theme_summary == "Theme: Getting a GP appointment, October to December 2026, Lambeth"
    assert sorted(RoutedItem.objects.filter(routing=routing).values_list("item_id", flat=True)) == \
        sorted([t.r.quoted.pk, t.r.redacted.pk])
    # 20 working days from Thursday 10 December 2026, over Christmas, Boxing Day (observed) and New Year.
    assert {r.due_on for r in routing.recipients.all()} == {dt.date(2027, 1, 12)}
    assert sorted(m.to[0] for m in mail.outbox) == [world.commissioner.email, t.r.provider_staff.email]
    assert all("2 pieces of feedback" in m.body for m in mail.outbox)
    assert RecipientEvent.objects.filter(recipient__routing=routing, kind=RecipientEvent.Kind.SENT).count() == 2


def test_what_may_not_leave_is_never_sent_whatever_matches(world):
    t = theme_world(world)
    routing = _send(world, t, [world.icb])
    sent = set(RoutedItem.objects.filter(routing=routing).values_list("item_id", flat=True))
    assert sent == {t.r.quoted.pk, t.r.redacted.pk, t.in_wandsworth.pk}
    assert not sent & {t.r.internal.pk, t.r.concern.pk, t.pending.pk}


def test_an_organisation_is_not_sent_again_what_it_already_has_and_the_others_still_get_it(world):
    t = theme_world(world)
    routing_send(actor=world.host_staff, host=world.host, title="Phones", message="Please reply",
                 item_ids=[t.r.quoted.pk], recipients=[world.icb])
    plan = _plan(world, t, [world.icb, t.r.provider])
    assert [(p.organisation, p.sending, p.left_out) for p in plan.recipients] == \
        [(t.r.provider, 3, 0), (world.icb, 2, 1)]
    mail.outbox.clear()
    routing = _send(world, t, [world.icb, t.r.provider])
    assert routing.routed_items.count() == 3  # each item recorded once, however many receive it
    icb, provider = routing.recipients.get(organisation=world.icb), routing.recipients.get(organisation=t.r.provider)
    assert set(icb.left_out.all()) == {t.r.quoted}
    assert t.r.quoted not in recipient_items(icb)
    assert set(recipient_items(provider)) == {t.r.quoted, t.r.redacted, t.in_wandsworth}
    icb_mail = next(m for m in mail.outbox if m.to == [world.commissioner.email])
    assert "2 pieces of feedback" in icb_mail.body
    assert "1 left out" in icb.events.get(kind=RecipientEvent.Kind.SENT).note


def test_an_organisation_that_already_has_everything_is_refused_by_name(world):
    t = theme_world(world)
    _send(world, t, [world.icb])
    with pytest.raises(ValidationError) as caught:
        _send(world, t, [world.icb, t.r.provider])
    assert world.icb.name in caught.value.message_dict["recipients"][0]
    assert Routing.objects.count() == 1


def test_nothing_to_send_is_refused_and_says_how_many_may_not_leave(world):
    t = theme_world(world)
    with pytest.raises(ValidationError) as caught:
        _send(world, t, [world.icb], period=(dt.date(2025, 1, 1), dt.date(2025, 3, 31)))
    assert "No feedback that may be shared" in caught.value.message_dict["theme"][0]
    t.r.quoted.delete()
    t.r.redacted.delete()
    with pytest.raises(ValidationError) as caught:
        _send(world, t, [world.icb], area=world.area)
    assert "3 items match but may not leave Healthwatch Lambeth" in caught.value.message_dict["theme"][0]
    assert not Routing.objects.exists()


def test_only_the_hosts_own_themes_in_use_and_areas_and_a_period_in_order(world):
    t = theme_world(world)
    with pytest.raises(ValidationError) as caught:
        _send(world, t, [world.icb], area=world.other_area, period=(dt.date(2026, 12, 1), dt.date(2026, 11, 1)))
    assert set(caught.value.message_dict) == {"area", "period_end"}
    t.theme.retired = True
    t.theme.save(update_fields=["retired"])
    with pytest.raises(ValidationError) as caught:
        _send(world, t, [world.icb])
    assert caught.value.message_dict["theme"] == ["Choose a theme from the list"]


@pytest.mark.parametrize("who", ["group_member", "commissioner", "other_host_staff"])
def test_only_the_hosts_staff_send_its_themes(world, who):
    t = theme_world(world)
    actor = t.other_host_staff if who == "other_host_staff" else getattr(world, who)
    with pytest.raises(PermissionDenied):
        _send(world, t, [world.icb], actor=actor)
    assert not Routing.objects.exists()


def test_the_default_title_names_the_theme_and_period():
    assert period_label(dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == "July to September 2026"
    assert period_label(dt.date(2026, 7, 1), dt.date(2026, 7, 31)) == "July 2026"
    assert period_label(dt.date(2026, 12, 1), dt.date(2027, 2, 28)) == "December 2026 to February 2027"
    assert period_label(dt.date(2026, 7, 2), dt.date(2026, 9, 30)) == "2 July 2026 to 30 September 2026"


def test_the_default_title_and_message(world):
    t = theme_world(world)
    title, message = theme_routing_defaults(ThemeRequest(t.theme, dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
                                            world.host)
    assert title == "Getting a GP appointment, July to September 2026"
    assert "Healthwatch Lambeth" in message and "July to September 2026" in message
