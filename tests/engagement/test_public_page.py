"""The public "You said, we did" page shows only what may be published, and no count that could point at a person."""
from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from engagement.choices import Consent
from engagement.models import Action, FeedbackItem, Session
from engagement.services.actions import ActionDetails, action_create, action_move
from tests.engagement.factories import make_item, make_session
from tests.engagement.routing_helpers import routing_world
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db(transaction=True)
APPROVED = FeedbackItem.Moderation.APPROVED


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _page(world, **params) -> str:
    response = Client().get(reverse("engagement:public_area", kwargs={"pk": world.area.pk}), params)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    return response.content.decode()


def test_only_approved_consented_words_appear_and_never_an_original(world):
    r = routing_world(world)
    draft = make_session(make_active(world, title="Second"), created_by=world.group_member)
    make_item(draft, text="Words from a draft session", moderation=APPROVED)
    make_item(r.session, text="Not yet moderated words", consent=Consent.QUOTE)
    make_item(r.session, text="Staff said not for publication", moderation=FeedbackItem.Moderation.REJECTED)
    make_item(r.session, text="<script>alert(1)</script> hostile", moderation=APPROVED)
    html = _page(world)
    assert "Nobody answers the phone" in html  # may be quoted, approved
    assert "&lt;script&gt;alert(1)&lt;/script&gt; hostile" in html and "<script>alert(1)" not in html
    for hidden in ("Dr Patel", "keep this to yourselves", "being hit", "Words from a draft session",
                   "Not yet moderated words", "Staff said not for publication"):
        assert hidden not in html, hidden
    # The anonymised item is counted but never quoted, even in its redacted form.
    assert "A GP told my mother" not in html


def test_small_counts_are_shown_as_fewer_than_five(world):
    routing_world(world)
    Session.objects.update(attendance=3, conversations=2)
    html = _page(world)
    assert "fewer than 5" in html
    assert ">3<" not in html and ">2<" not in html


def test_published_actions_show_with_their_public_words_and_unpublished_ones_do_not(world):
    r = routing_world(world)
    shown = action_create(actor=world.host_staff, host=world.host, details=ActionDetails(
        owner=r.provider, title="Phone lines open at 8am", description="internal plan", published=True,
        what_changed="Calls answered within two minutes", item_ids=[r.quoted.pk]))
    action_move(actor=world.host_staff, action=shown, to=Action.Status.DONE)
    action_create(actor=world.host_staff, host=world.host, details=ActionDetails(
        owner=r.provider, title="A private plan", description="x", item_ids=[r.quoted.pk]))
    html = _page(world)
    assert "Phone lines open at 8am" in html and "Calls answered within two minutes" in html
    assert html.count("Phone lines open at 8am") == 1, "the card's heading is the title; its words do not repeat it"
    assert "A private plan" not in html and "internal plan" not in html


def test_other_years_have_their_own_page(world):
    routing_world(world)  # sessions on 1 October 2026: financial year 2026 to 2027
    assert "Nobody answers the phone" in _page(world, year="2026")
    assert "Nobody answers the phone" not in _page(world, year="2025")
    assert "April 2026 to March 2027" in _page(world, year="not-a-year")


def test_the_page_is_quick_to_draw_twice(world, django_assert_max_num_queries):
    routing_world(world)
    _page(world)
    with django_assert_max_num_queries(3):  # the figures come from the cache the second time
        _page(world)


def test_the_scheduled_refresh_counts_the_figures_so_no_visitor_waits_for_them(world, django_assert_max_num_queries):
    from engagement.tasks import refresh_public_pages
    routing_world(world)
    assert refresh_public_pages.delay().get() >= 1  # through Celery, as beat runs it
    with django_assert_max_num_queries(3):  # the first visitor finds the figures counted: no aggregate is run
        page = _page(world)
    fresh = _page(world)
    assert re.sub(r"\s+", " ", fresh) == re.sub(r"\s+", " ", page)


def test_themes_heard_show_with_counts_small_ones_as_fewer_than_five(world):
    from tests.reports.theme_helpers import ACCESS, HIDDEN, MENTAL, themed_world
    themed_world(world)
    html = _page(world)
    assert "Themes heard" in html
    row = re.search(r"<th[^>]*>([^<]*)</th><td[^>]*>([^<]*)</td><td[^>]*>(.*?)</td>", html[html.index(
        "What each theme was about"):], re.S)
    # Access: 8 publishable items (the internal, safeguarding and unmoderated items tagged under it are not counted).
    assert row and row.groups() == ("Access to medical care &amp; support", "8",
                                    "Appointment arrangements (7)<br>Contacting services (fewer than 5)")
    assert ">Mental health &amp; wellbeing</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">5<" in html
    assert ACCESS.replace("&", "&amp;") in html and MENTAL.replace("&", "&amp;") in html
    assert HIDDEN.replace("&", "&amp;") not in html and "Fear at home" not in html


def test_a_theme_heard_once_reads_fewer_than_five_in_the_chart_and_the_tables(world):
    from engagement.models import FeedbackTag
    from tests.engagement.theme_factories import make_theme
    r = routing_world(world)
    sub = make_theme(world.host, "<b>Respect</b> & dignity", subs=("Being listened to",)).sub_themes.get()
    FeedbackTag.objects.create(item=r.quoted, sub_theme=sub, tagged_by=world.host_staff)
    html = _page(world)
    section = html[html.index('id="themes"'):html.index("We did</h2>")]
    assert "&lt;b&gt;Respect&lt;/b&gt; &amp; dignity" in section and "<b>Respect" not in section
    assert section.count("fewer than 5") == 3  # the chart's bar, the theme's row and its sub-theme
    assert ">1<" not in section


def test_the_themes_cost_the_same_queries_however_many_there_are(world, django_assert_max_num_queries):
    from engagement.models import FeedbackTag
    from tests.engagement.theme_factories import make_theme
    from tests.reports.theme_helpers import themed_world
    t = themed_world(world)
    with django_assert_max_num_queries(8):  # drawn afresh: sessions, feedback, themes and sub-themes, actions
        _page(world)
    for n in range(12):
        sub = make_theme(world.host, f"Extra theme {n}", subs=("One", "Two")).sub_themes.first()
        FeedbackTag.objects.create(item=t.routed.quoted, sub_theme=sub, tagged_by=world.host_staff)
    cache.clear()
    with django_assert_max_num_queries(8):
        assert "Extra theme 11" in _page(world)
