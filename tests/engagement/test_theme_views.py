"""The themes pages as host staff use them, and as everyone else is refused them."""
from __future__ import annotations

import pytest
from django.urls import reverse

from engagement.models import FeedbackTag, Suggestion, Theme
from tests.engagement.factories import make_item, make_session
from tests.engagement.theme_factories import make_rule, make_theme
from tests.factories import make_member
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(world):
    return make_theme(world.host)


@pytest.fixture
def session(world):
    return make_session(make_active(world), created_by=world.group_member)


def test_the_themes_page_lists_each_theme_with_tag_counts_in_few_queries(world, as_host, theme, session,
                                                                         django_assert_max_num_queries):
    for n in range(8):
        make_theme(world.host, f"Theme {n}", subs=("One", "Two", "Three"))
    with django_assert_max_num_queries(12):
        response = as_host.get(reverse("engagement:theme_list"))
    assert response.status_code == 200
    assert "Access to medical care &amp; support" in response.content.decode()


def test_a_host_without_themes_loads_the_default_list(world, as_host):
    page = as_host.get(reverse("engagement:theme_list")).content.decode()
    assert "Load the default themes" in page
    response = as_host.post(reverse("engagement:taxonomy_load"), {"owner": world.host.pk})
    assert response.status_code == 302
    assert Theme.objects.filter(owner=world.host).count() == 12


def test_a_duplicate_name_comes_back_in_the_error_summary(as_host, theme):
    response = as_host.post(reverse("engagement:theme_add"), {"name": theme.name.upper(), "description": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "There is already a theme called" in page
    assert response.context["form"]["name"].value() == theme.name.upper()  # nothing typed is lost


def test_merging_asks_for_confirmation_before_anything_moves(world, as_host, theme, session):
    source, target = theme.sub_themes.order_by("pk")
    FeedbackTag.objects.create(item=make_item(session), sub_theme=source, tagged_by=world.host_staff)
    url = reverse("engagement:sub_theme_merge", args=[source.pk])
    response = as_host.post(url, {"target": target.pk})
    assert response.status_code == 200 and "Tags that move" in response.content.decode()
    assert FeedbackTag.objects.filter(sub_theme=source).count() == 1
    response = as_host.post(url, {"target": target.pk, "confirm": "yes"})
    assert response.status_code == 302
    assert FeedbackTag.objects.filter(sub_theme=target).count() == 1


def test_the_item_page_shows_suggestions_without_tagging_and_accepts_one(world, as_host, theme, session):
    sub = theme.sub_themes.order_by("pk").first()
    make_rule(sub, "appointment", created_by=world.host_staff)
    item = make_item(session, text="No appointment for three weeks")
    page = as_host.get(reverse("engagement:item_themes", args=[item.pk])).content.decode()
    assert "Suggested" in page and sub.name in page
    assert not FeedbackTag.objects.filter(item=item).exists()
    suggestion = Suggestion.objects.get(item=item)
    as_host.post(reverse("engagement:suggestion_decide", args=[item.pk, suggestion.pk]), {"decision": "accept"})
    assert FeedbackTag.objects.get(item=item).from_suggestion
    page = as_host.get(reverse("engagement:rule_list")).content.decode()
    assert "100%" in page  # the rule's acceptance


def test_bulk_tagging_counts_confirms_and_tags_every_match_not_just_the_page(
        world, as_host, theme, session, django_assert_max_num_queries, django_capture_on_commit_callbacks):
    sub = theme.sub_themes.order_by("pk").first()
    for n in range(40):
        make_item(session, text=f"Appointment waits were long {n}", sentiment="negative")
    make_item(session, text="Appointment was quick", sentiment="positive")
    query = {"q": "appointment", "sentiment": "negative", "sub_theme": sub.pk}
    with django_assert_max_num_queries(14):
        response = as_host.get(reverse("engagement:bulk_tag"), query)
    page = response.content.decode()
    assert "40 items match" in page and "Tag 40 items" in page
    assert len(response.context["preview"]) == 10  # only a few are shown...
    assert not FeedbackTag.objects.exists()  # ...and nothing is tagged before the confirmation
    with django_capture_on_commit_callbacks(execute=True):  # a background job, run in-process on commit here
        response = as_host.post(reverse("engagement:bulk_tag"), {**query, "count": 40})
    assert response.status_code == 302
    assert FeedbackTag.objects.filter(sub_theme=sub).count() == 40  # ...but every match is tagged


def test_bulk_tagging_asks_again_when_the_matches_changed(world, as_host, theme, session):
    sub = theme.sub_themes.order_by("pk").first()
    make_item(session, text="appointment")
    response = as_host.post(reverse("engagement:bulk_tag"), {"q": "appointment", "sub_theme": sub.pk, "count": 7})
    assert response.status_code == 400 and "has changed to 1" in response.content.decode()
    assert not FeedbackTag.objects.exists()


def test_a_bad_filter_is_an_error_on_the_page_not_a_500(as_host, theme):
    sub = theme.sub_themes.first()
    response = as_host.get(reverse("engagement:bulk_tag"), {
        "held_from_0": "31", "held_from_1": "2", "held_from_2": "2026", "service": "nonsense", "sub_theme": sub.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Held from must be a real date" in page and "govuk-error-summary" in page
    assert "Select a service from the list" in page
    assert "count" not in response.context  # a filter the list would drop never widens what is tagged


def test_another_hosts_staff_get_404_on_every_themes_page(world, login_as, theme, session):
    sub = theme.sub_themes.first()
    rule = make_rule(sub, "phone", created_by=world.host_staff)
    item = make_item(session)
    other = login_as(make_member(world.other_area.host_organisation, "staff", email="sam@hw-southwark.org.uk"))
    for name, args in (("theme_detail", [theme.pk]), ("sub_theme_add", [theme.pk]), ("theme_merge", [theme.pk]),
                       ("sub_theme_detail", [sub.pk]), ("sub_theme_merge", [sub.pk]), ("rule_edit", [rule.pk]),
                       ("item_themes", [item.pk]), ("moderate", [item.pk])):
        assert other.get(reverse(f"engagement:{name}", args=args)).status_code == 404, name
    for name, args in (("theme_retire", [theme.pk]), ("sub_theme_retire", [sub.pk]), ("rule_delete", [rule.pk]),
                       ("item_untag", [item.pk])):
        assert other.post(reverse(f"engagement:{name}", args=args)).status_code == 404, name
    assert theme.name not in other.get(reverse("engagement:theme_list")).content.decode()
    bulk = other.get(reverse("engagement:bulk_tag"), {"sub_theme": sub.pk})
    assert bulk.status_code == 400  # not a sub-theme they may choose


@pytest.mark.parametrize("client_name", ["as_group", "as_commissioner", "as_other_group"])
def test_groups_and_commissioners_are_refused_every_themes_and_moderation_page(request, client_name, theme, session):
    client = request.getfixturevalue(client_name)
    sub = theme.sub_themes.first()
    item = make_item(session)
    for name, args in (("theme_list", []), ("theme_add", []), ("rule_list", []), ("bulk_tag", []),
                       ("moderation_queue", []), ("theme_detail", [theme.pk]), ("sub_theme_detail", [sub.pk]),
                       ("item_themes", [item.pk]), ("moderate", [item.pk])):
        assert client.get(reverse(f"engagement:{name}", args=args)).status_code in (403, 404), name


def test_the_rules_and_item_pages_cost_the_same_however_many_rules_and_tags(world, as_host, theme, session,
                                                                            django_assert_max_num_queries):
    subs = list(theme.sub_themes.all())
    for n in range(15):
        make_rule(subs[n % 2], f"word{n}", created_by=world.host_staff)
    item = make_item(session, text="word1 word2 word3")
    with django_assert_max_num_queries(12):
        assert as_host.get(reverse("engagement:rule_list")).status_code == 200
    for sub in subs:
        FeedbackTag.objects.create(item=item, sub_theme=sub, tagged_by=world.host_staff)
    with django_assert_max_num_queries(16):
        assert as_host.get(reverse("engagement:item_themes", args=[item.pk])).status_code == 200
