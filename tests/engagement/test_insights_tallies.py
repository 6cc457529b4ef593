"""The tag tally the insights page reads: PostgreSQL triggers keep it in step when items are tagged and untagged,
when sub-themes or themes are merged, and when an item moves month or becomes a safeguarding concern; an item
under two sub-themes of a theme counts once for the theme."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from engagement import tallies
from engagement.models import FeedbackItem, FeedbackTag, TagTally
from engagement.services.themes import sub_theme_merge, theme_merge
from grants.access import rounds_for_staff
from tests.engagement.lists_data import make_lists
from tests.engagement.theme_factories import make_theme

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")]

OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


def _tag(item, sub, world):
    return FeedbackTag.objects.create(item=item, sub_theme=sub, tagged_by=world.host_staff)


def _counts(world, month_from=dt.date(2026, 1, 1), month_before=dt.date(2027, 1, 1), **kw):
    out: dict[tuple[str, str], int] = {}
    for _, theme, sub, n in tallies.theme_counts(rounds_for_staff(world.host_staff), month_from, month_before, **kw):
        out[(theme, sub)] = out.get((theme, sub), 0) + n
    return out


@pytest.fixture
def setup(world):
    data = make_lists(world)
    access = make_theme(world.host, "Access", subs=("Appointments", "Phones"))
    travel = make_theme(world.host, "Travel", subs=("Buses",))
    return data, access, travel, {s.name: s for s in (*access.sub_themes.all(), *travel.sub_themes.all())}


def test_an_item_under_two_sub_themes_counts_once_for_the_theme(world, setup):
    data, _, _, subs = setup
    _tag(data.gp, subs["Appointments"], world)
    _tag(data.gp, subs["Phones"], world)
    _tag(data.pharmacy, subs["Phones"], world)
    assert tallies.verify() == []
    assert _counts(world) == {("Access", ""): 2, ("Access", "Appointments"): 1, ("Access", "Phones"): 2}
    FeedbackTag.objects.filter(item=data.gp, sub_theme=subs["Phones"]).delete()
    assert _counts(world)[("Access", "")] == 2  # still under Appointments
    FeedbackTag.objects.filter(item=data.gp).delete()
    assert tallies.verify() == []
    assert _counts(world) == {("Access", ""): 1, ("Access", "Phones"): 1}


def test_bulk_tagging_and_merging_are_counted(world, setup):
    data, access, travel, subs = setup
    FeedbackTag.objects.bulk_create([FeedbackTag(item=i, sub_theme=subs["Buses"], tagged_by=world.host_staff)
                                     for i in (data.gp, data.pharmacy, data.hospital)])
    _tag(data.gp, subs["Phones"], world)
    sub_theme_merge(actor=world.host_staff, source=subs["Appointments"], target=subs["Phones"])
    assert tallies.verify() == []
    theme_merge(actor=world.host_staff, source=travel, target=access)  # Buses moves under Access
    assert tallies.verify() == []
    assert _counts(world) == {("Access", ""): 3, ("Access", "Buses"): 3, ("Access", "Phones"): 1}


def test_an_item_moving_month_or_becoming_a_concern_moves_its_counts(world, setup):
    data, _, _, subs = setup
    _tag(data.gp, subs["Buses"], world)
    _tag(data.pharmacy, subs["Buses"], world)
    FeedbackItem.objects.filter(pk=data.gp.pk).update(held_on=dt.date(2026, 11, 3))
    FeedbackItem.objects.filter(pk=data.pharmacy.pk).update(safeguarding=True)
    FeedbackItem.objects.filter(pk=data.hospital.pk).update(text="Only the words changed")
    assert tallies.verify() == []
    assert _counts(world, OCT, NOV) == {}
    assert _counts(world, NOV, dt.date(2026, 12, 1)) == {("Travel", ""): 1, ("Travel", "Buses"): 1}
    assert _counts(world, OCT, NOV, safeguarding=True) == {("Travel", ""): 1, ("Travel", "Buses"): 1}
    assert _counts(world, area=world.other_area) == {}
    data.autumn.delete()  # the items and their tags go with it
    assert tallies.verify() == []
    assert _counts(world) == {}


def test_compacting_changes_no_count_and_a_wrong_tally_is_rebuilt(world, setup):
    data, _, _, subs = setup
    for item in (data.gp, data.pharmacy, data.hospital):
        _tag(item, subs["Buses"], world)
    before, rows = tallies.kept_tags(), TagTally.objects.count()
    tallies.compact()
    assert tallies.kept_tags() == before and TagTally.objects.count() < rows
    TagTally.objects.filter(theme__isnull=False).update(count=7)
    assert any(p.startswith("tags") for p in tallies.verify())
    with pytest.raises(SystemExit):
        call_command("feedback_tallies", "--check")
    call_command("feedback_tallies", "--rebuild")
    assert tallies.verify() == []
    assert _counts(world) == {("Travel", ""): 3, ("Travel", "Buses"): 3}
