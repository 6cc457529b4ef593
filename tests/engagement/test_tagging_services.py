"""Tagging: suggestions are shown and recorded, never applied on their own; accepting tags the item and says so;
bulk tagging reaches every matching item in one statement and tags none twice."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from engagement.access import feedback_for_staff
from engagement.models import FeedbackTag, Suggestion
from engagement.selectors.themes import acceptance_rate, rules_for_staff
from engagement.services.tagging import item_tag, items_tag_bulk, suggestion_decide, suggestions_show
from tests.engagement.factories import make_item, make_session
from tests.engagement.theme_factories import make_rule, make_theme
from tests.factories import make_member
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    theme = make_theme(world.host)
    appointments, contact = theme.sub_themes.order_by("pk")
    rule = make_rule(appointments, "appointment\nbook", created_by=world.host_staff)
    make_rule(contact, "phone", created_by=world.host_staff)
    session = make_session(make_active(world), created_by=world.group_member)
    return appointments, contact, rule, session


def test_suggestions_are_shown_and_recorded_but_tag_nothing(world, setup):
    appointments, contact, _, session = setup
    item = make_item(session, text="Could not book an appointment; the phone rang out")
    shown = suggestions_show(actor=world.host_staff, item=item)
    assert {s.sub_theme for s in shown} == {appointments, contact}
    assert not FeedbackTag.objects.filter(item=item).exists()
    suggestions_show(actor=world.host_staff, item=item)  # opened again: still one record each
    assert Suggestion.objects.filter(item=item).count() == 2


def test_whole_words_only(world, setup):
    _, _, _, session = setup
    item = make_item(session, text="The GPS in the ambulance failed; bookings were fine")
    assert suggestions_show(actor=world.host_staff, item=item) == []


def test_a_tagged_item_gets_no_suggestions(world, setup):
    _, contact, _, session = setup
    item = make_item(session, text="Could not book an appointment")
    item_tag(actor=world.host_staff, item=item, sub_theme=contact)
    assert suggestions_show(actor=world.host_staff, item=item) == []


def test_accepting_tags_the_item_as_from_a_suggestion_and_counts_for_the_rule(world, setup):
    appointments, contact, rule, session = setup
    item = make_item(session, text="Could not book an appointment; the phone rang out")
    by_sub = {s.sub_theme_id: s for s in suggestions_show(actor=world.host_staff, item=item)}
    suggestion_decide(actor=world.host_staff, suggestion=by_sub[appointments.pk], accept=True)
    suggestion_decide(actor=world.host_staff, suggestion=by_sub[contact.pk], accept=False)
    tag = FeedbackTag.objects.get(item=item)
    assert tag.sub_theme == appointments and tag.from_suggestion and tag.tagged_by == world.host_staff
    accepted = Suggestion.objects.get(item=item, sub_theme=appointments)
    assert accepted.status == Suggestion.Status.ACCEPTED and accepted.decided_by == world.host_staff
    assert Suggestion.objects.get(item=item, sub_theme=contact).status == Suggestion.Status.REJECTED
    counted = rules_for_staff(world.host_staff).get(pk=rule.pk)
    assert (counted.shown, counted.accepted, counted.rejected) == (1, 1, 0)
    assert acceptance_rate(3, 1) == 75 and acceptance_rate(0, 0) is None
    # Deciding again changes nothing.
    suggestion_decide(actor=world.host_staff, suggestion=accepted, accept=False)
    assert Suggestion.objects.get(pk=accepted.pk).status == Suggestion.Status.ACCEPTED


def test_bulk_tagging_reaches_every_matching_item_and_none_twice(world, setup, django_assert_max_num_queries):
    appointments, _, _, session = setup
    matching = [make_item(session, text=f"Waited weeks for an appointment ({n})") for n in range(60)]
    make_item(session, text="Lovely staff")  # does not match
    item_tag(actor=world.host_staff, item=matching[0], sub_theme=appointments)
    items = feedback_for_staff(world.host_staff).filter(text__contains="appointment")
    with django_assert_max_num_queries(6):
        added = items_tag_bulk(actor=world.host_staff, sub_theme=appointments, items=items)
    assert added == 59
    assert FeedbackTag.objects.filter(sub_theme=appointments).count() == 60
    assert items_tag_bulk(actor=world.host_staff, sub_theme=appointments, items=items) == 0


def test_bulk_tagging_leaves_other_hosts_items_alone(world, setup):
    appointments, _, _, session = setup
    make_item(session, text="appointment")
    other_staff = make_member(world.other_area.host_organisation, "staff", email="sam@hw-southwark.org.uk")
    with pytest.raises(PermissionDenied):
        items_tag_bulk(actor=other_staff, sub_theme=appointments, items=feedback_for_staff(world.admin))
    assert not FeedbackTag.objects.exists()
