"""Changing a host's taxonomy: the default list loads once, names stay unique, merging keeps every tag once,
retiring keeps history, and only the host's own staff change it."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagement.models import FeedbackTag, SubTheme, Theme, ThemeChange
from engagement.services import themes as services
from engagement.services.tagging import item_tag
from engagement.taxonomy import default_rows
from tests.engagement.factories import make_item, make_session
from tests.engagement.theme_factories import make_rule, make_theme
from tests.factories import make_member, make_org
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world):
    session = make_session(make_active(world), created_by=world.group_member)
    return [make_item(session, text=f"Item {n}") for n in range(4)]


def test_the_default_taxonomy_loads_once_from_the_committed_file(world):
    assert len(default_rows()) == 57
    added = services.taxonomy_load_default(actor=world.host_staff, owner=world.host)
    assert added == 57
    assert Theme.objects.filter(owner=world.host).count() == 12
    assert services.taxonomy_load_default(actor=world.host_staff, owner=world.host) == 0
    assert SubTheme.objects.filter(theme__owner=world.host).count() == 57


def test_loading_again_never_brings_back_what_staff_retired(world):
    services.taxonomy_load_default(actor=world.host_staff, owner=world.host)
    staff = Theme.objects.get(owner=world.host, name="Staff")
    services.theme_retire(actor=world.host_staff, theme=staff)
    assert services.taxonomy_load_default(actor=world.host_staff, owner=world.host) == 0
    assert Theme.objects.filter(owner=world.host, name="Staff").count() == 1


def test_names_are_unique_among_themes_in_use_whatever_the_case(world):
    theme = services.theme_add(actor=world.host_staff, owner=world.host, name="Transport")
    with pytest.raises(ValidationError, match="already a theme"):
        services.theme_add(actor=world.host_staff, owner=world.host, name="  transport ")
    services.sub_theme_add(actor=world.host_staff, theme=theme, name="Parking")
    with pytest.raises(ValidationError, match="already has a sub-theme"):
        services.sub_theme_add(actor=world.host_staff, theme=theme, name="PARKING")


def test_renaming_keeps_the_tags_and_says_what_it_was(world, items):
    theme = make_theme(world.host)
    sub = theme.sub_themes.first()
    item_tag(actor=world.host_staff, item=items[0], sub_theme=sub)
    services.sub_theme_change(actor=world.host_staff, sub_theme=sub, name="Booking an appointment", description="")
    sub.refresh_from_db()
    assert sub.name == "Booking an appointment" and sub.tags.count() == 1
    assert ThemeChange.objects.filter(sub_theme=sub, note__contains="Renamed from “Appointment arrangements”").exists()


def test_merging_two_sub_themes_keeps_every_tag_once(world, items):
    theme = make_theme(world.host)
    source, target = theme.sub_themes.order_by("pk")
    for item in items[:3]:
        item_tag(actor=world.host_staff, item=item, sub_theme=source)
    for item in items[2:]:
        item_tag(actor=world.host_staff, item=item, sub_theme=target)  # items[2] carries both
    rule = make_rule(source, "phone", created_by=world.host_staff)
    services.sub_theme_merge(actor=world.host_staff, source=source, target=target)
    assert set(FeedbackTag.objects.filter(sub_theme=target).values_list("item_id", flat=True)) == {i.pk for i in items}
    assert FeedbackTag.objects.filter(item=items[2]).count() == 1  # no duplicate
    assert not FeedbackTag.objects.filter(sub_theme=source).exists()
    source.refresh_from_db()
    rule.refresh_from_db()
    assert source.retired and source.merged_into == target  # kept, for history
    assert rule.sub_theme == target


def test_merging_two_themes_moves_their_sub_themes_and_folds_twins(world, items):
    left = make_theme(world.host, "Access", subs=("Parking", "Waiting times"))
    right = make_theme(world.host, "Getting there", subs=("Parking", "Buses"))
    left_parking = left.sub_themes.get(name="Parking")
    right_parking = right.sub_themes.get(name="Parking")
    item_tag(actor=world.host_staff, item=items[0], sub_theme=left_parking)
    item_tag(actor=world.host_staff, item=items[0], sub_theme=right_parking)
    item_tag(actor=world.host_staff, item=items[1], sub_theme=left_parking)
    services.theme_merge(actor=world.host_staff, source=left, target=right)
    left.refresh_from_db()
    assert left.retired and left.merged_into == right
    in_use = set(right.sub_themes.filter(retired=False).values_list("name", flat=True))
    assert in_use == {"Parking", "Buses", "Waiting times"}
    assert set(right_parking.tags.values_list("item_id", flat=True)) == {items[0].pk, items[1].pk}
    assert FeedbackTag.objects.filter(item=items[0]).count() == 1


def test_retiring_keeps_history_and_stops_new_tags(world, items):
    theme = make_theme(world.host)
    sub = theme.sub_themes.first()
    item_tag(actor=world.host_staff, item=items[0], sub_theme=sub)
    services.sub_theme_retire(actor=world.host_staff, sub_theme=sub)
    assert sub.tags.count() == 1
    with pytest.raises(PermissionDenied):
        item_tag(actor=world.host_staff, item=items[1], sub_theme=sub)
    services.sub_theme_retire(actor=world.host_staff, sub_theme=sub, retired=False)
    item_tag(actor=world.host_staff, item=items[1], sub_theme=sub)
    assert sub.tags.count() == 2
    kinds = list(ThemeChange.objects.filter(sub_theme=sub).values_list("kind", flat=True))
    assert ThemeChange.Kind.RETIRED in kinds and ThemeChange.Kind.RESTORED in kinds


def test_another_hosts_staff_and_groups_cannot_change_the_taxonomy(world):
    theme = make_theme(world.host)
    other_staff = make_member(world.other_area.host_organisation, "staff", email="sam@hw-southwark.org.uk")
    for actor in (other_staff, world.group_member, world.commissioner):
        with pytest.raises(PermissionDenied):
            services.theme_change(actor=actor, theme=theme, name="Hijacked", description="")
        with pytest.raises(PermissionDenied):
            services.theme_add(actor=actor, owner=world.host, name="Hijacked")
    assert not Theme.objects.filter(name="Hijacked").exists()


def test_themes_of_two_hosts_never_merge(world):
    mine = make_theme(world.host)
    other_host = make_org("Healthwatch Elsewhere", "host")
    theirs = make_theme(other_host)
    with pytest.raises(ValidationError):
        services.sub_theme_merge(actor=world.admin, source=mine.sub_themes.first(), target=theirs.sub_themes.first())


def test_seed_demo_gives_every_host_the_default_themes_and_rules_once(world):
    from engagement.demo_themes import seed_themes
    from engagement.models import KeywordRule
    from grassroots.accounts.demo import DemoContext

    ctx = DemoContext(users={"host_staff": world.host_staff})
    seed_themes(ctx)
    seed_themes(ctx)
    assert SubTheme.objects.filter(theme__owner=world.host).count() == 57
    assert KeywordRule.objects.filter(sub_theme__theme__owner=world.host).count() == 5
