"""The feedback tally the dashboard and the list's counts read: PostgreSQL triggers keep it in step with every
insert, update and delete of items, however they are written, and compacting it changes no count."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from engagement import tallies
from engagement.choices import Sentiment, Service
from engagement.models import FeedbackItem, FeedbackTally
from grants.access import rounds_for_staff
from tests.engagement.factories import make_item
from tests.engagement.lists_data import make_lists

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")]


def test_the_tally_follows_inserts_updates_and_deletes(world):
    data = make_lists(world)
    assert tallies.verify() == []
    rounds = rounds_for_staff(world.host_staff)
    assert sum(tallies.counts(rounds).values()) == 4
    FeedbackItem.objects.filter(pk=data.gp.pk).update(service=Service.MENTAL_HEALTH, held_on=dt.date(2026, 8, 1))
    FeedbackItem.objects.filter(pk=data.pharmacy.pk).update(text="Only the words changed")
    assert tallies.verify() == []
    assert tallies.counts(rounds, service=Service.MENTAL_HEALTH) == {(Service.MENTAL_HEALTH, Sentiment.NEGATIVE): 1}
    assert tallies.counts(rounds, service=Service.GP) == {}
    data.autumn.delete()  # its items go with it
    assert tallies.verify() == []
    assert sum(tallies.counts(rounds).values()) == 2


def test_a_bulk_insert_is_counted_like_single_saves(world):
    data = make_lists(world)
    FeedbackItem.objects.bulk_create([
        FeedbackItem(session=data.autumn, organisation_id=data.autumn.organisation_id, round_id=data.autumn.round_id,
                     area_id=data.autumn.area_id, session_kind=data.autumn.kind, held_on=data.autumn.held_on,
                     text=f"Imported {n}", service=Service.GP, sentiment=Sentiment.NEGATIVE, consent="quote",
                     created_by=world.group_member) for n in range(50)])
    assert tallies.verify() == []
    counted = tallies.counts(rounds_for_staff(world.host_staff), service=Service.GP)
    assert counted[(Service.GP, Sentiment.NEGATIVE)] == 51


def test_compacting_folds_the_rows_and_changes_no_count(world):
    data = make_lists(world)
    for n in range(5):
        make_item(data.autumn, text=f"Another {n}")
    before = tallies.kept()
    rows = FeedbackTally.objects.count()
    tallies.compact()
    assert tallies.kept() == before and FeedbackTally.objects.count() < rows
    assert tallies.verify() == []


def test_a_wrong_tally_is_found_and_rebuilt(world):
    data = make_lists(world)
    FeedbackTally.objects.create(round_id=data.gp.round_id, area_id=data.gp.area_id, month=dt.date(2026, 10, 1),
                                 service=Service.GP, sentiment=Sentiment.NEGATIVE, count=5)
    assert len(tallies.verify()) == 1
    with pytest.raises(SystemExit):
        call_command("feedback_tallies", "--check")
    call_command("feedback_tallies", "--rebuild")
    assert tallies.verify() == []
