"""Host staff's "What people are saying": items by theme (each item once per theme), sub-themes, sentiment by
service and emerging themes for a quarter and area, counted from the rounds they run; everyone else is refused."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engagement.choices import Sentiment, Service
from engagement.models import FeedbackTag, SubTheme
from engagement.selectors.insights import Quarter, current_quarter, insights
from grassroots.accounts.models import Membership, Organisation
from tests.engagement.factories import make_item, make_session
from tests.engagement.theme_factories import make_theme
from tests.factories import make_member
from tests.grants.factories import make_active

pytestmark = pytest.mark.django_db
URL = reverse("engagement:insights")
Q4 = Quarter(dt.date(2026, 10, 1))


def _items(world, grant, held_on, n, *subs, area=None, **extra):
    session = make_session(grant, created_by=world.group_member, held_on=held_on, area=area or world.area)
    out = []
    for k in range(n):
        item = make_item(session, text=f"Said on {held_on} ({k})", **extra)
        for sub in subs:
            FeedbackTag.objects.create(item=item, sub_theme=sub, tagged_by=world.host_staff)
        out.append(item)
    return out


@pytest.fixture
def seeded(world):
    """October to December 2026: Access 6 items (one under both sub-themes), Travel 5 (4 a quarter before: not
    rising), Housing 5 (new), a safeguarding concern under Housing, and 2 Access items in Southwark."""
    world.programme.areas.add(world.other_area)
    grant = make_active(world)
    access = make_theme(world.host, "Access", subs=("Appointments", "Phones"))
    make_theme(world.host, "Travel", subs=("Buses",))
    make_theme(world.host, "Housing", subs=("Damp",))
    sub = {s.name: s for s in SubTheme.objects.all()}
    _items(world, grant, dt.date(2026, 10, 5), 1, sub["Appointments"], sub["Phones"])
    _items(world, grant, dt.date(2026, 10, 6), 2, sub["Appointments"], service=Service.PHARMACY,
           sentiment=Sentiment.POSITIVE)
    _items(world, grant, dt.date(2026, 11, 2), 3, sub["Phones"])
    _items(world, grant, dt.date(2026, 11, 3), 5, sub["Buses"])
    _items(world, grant, dt.date(2026, 12, 1), 5, sub["Damp"])
    _items(world, grant, dt.date(2026, 12, 2), 1, sub["Damp"], safeguarding=True)
    _items(world, grant, dt.date(2026, 10, 20), 2, sub["Appointments"], area=world.other_area)
    for start in (dt.date(2025, 10, 1), dt.date(2026, 1, 1), dt.date(2026, 4, 1), dt.date(2026, 7, 1)):
        _items(world, grant, start + dt.timedelta(days=10), 4, sub["Buses"])
    _items(world, grant, dt.date(2026, 8, 1), 2, sub["Phones"])
    _items(world, grant, dt.date(2025, 9, 30), 9, sub["Damp"])  # five quarters back: outside the four
    return access


def test_themes_sub_themes_and_emerging_for_a_quarter(world, seeded):
    data = insights(world.host_staff, Q4)
    assert data["themes"] == [("Access", 8), ("Housing", 5), ("Travel", 5)]
    subs = {t["theme"]: t["subs"] for t in data["sub_themes"]}
    assert subs["Access"] == [("Appointments", 5), ("Phones", 4)]
    assert subs["Housing"] == [("Damp", 5)]  # the safeguarding concern is left out
    emerging = {row["theme"]: row for row in data["emerging"]}
    assert set(emerging) == {"Access", "Housing"}  # Travel: 5 against an average of 4
    assert emerging["Access"]["before"] == [0, 0, 0, 2] and emerging["Access"]["mean"] == 0.5
    assert emerging["Access"]["rise"] == 1500 and not emerging["Access"]["new"]
    assert emerging["Housing"]["new"] and emerging["Housing"]["before"] == [0, 0, 0, 0]
    rows = {r["service"]: r["sentiments"] for r in data["sentiment_rows"]}
    assert rows == {"GP": [0, 17, 0, 0], "Pharmacy": [2, 0, 0, 0]}  # concerns too; pos, neg, neu, mixed


def test_an_area_narrows_every_figure(world, seeded):
    data = insights(world.host_staff, Q4, world.area.pk)
    assert data["themes"] == [("Access", 6), ("Housing", 5), ("Travel", 5)]
    assert {r["service"]: sum(r["sentiments"]) for r in data["sentiment_rows"]} == {"GP": 15, "Pharmacy": 2}
    data = insights(world.host_staff, Q4, world.other_area.pk)
    assert data["themes"] == [("Access", 2)] and data["emerging"] == []


def test_the_page_shows_the_figures_with_charts_and_tables(as_host, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = as_host.get(URL, {"quarter": Q4.value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "October to December 2026" in page and "<svg" in page
    assert "Items by theme, October to December 2026: the figures" in page
    assert "Emerging themes" in page and "up 1,500%" in page and ">New<" in page
    assert "Appointments" in page and "Feedback by service and sentiment: the figures" in page


def test_another_quarter_and_area(as_host, world, seeded):
    page = as_host.get(URL, {"quarter": "2026-3", "area": world.area.pk}).content.decode()
    assert "July to September 2026" in page and "No theme is rising this quarter." in page


def test_the_current_quarter_is_the_default(as_host, seeded):
    page = as_host.get(URL).content.decode()
    assert current_quarter().label in page and "There is a problem" not in page


@pytest.mark.parametrize("query, message", [
    ({"quarter": "2026-9"}, "Select a quarter from the list"),
    ({"quarter": "1999-1"}, "Select a quarter from the list"),
    ({"area": "abc"}, "Select an area from the list"),
    ({"area": "999999"}, "Select an area from the list"),
])
def test_bad_choices_are_named_in_the_error_summary(as_host, seeded, query, message):
    response = as_host.get(URL, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page and page.count(message) >= 2  # summary and field
    assert "<title>Error:" in page


def test_the_host_panel_links_here_without_a_new_query(as_host, seeded):
    page = as_host.get(reverse("dashboard")).content.decode()
    assert f'href="{URL}"' in page


@pytest.mark.parametrize("who", ["as_group", "as_commissioner", "as_outsider"])
def test_only_host_staff_may_see_it(request, seeded, who):
    assert request.getfixturevalue(who).get(URL).status_code == 403


def test_another_host_sees_nothing_of_these_rounds_and_not_their_areas(login_as, world, seeded):
    southwark = Organisation.objects.get(name="Healthwatch Southwark")
    client = login_as(make_member(southwark, Membership.Role.STAFF, email="sam@healthwatchsouthwark.org.uk"))
    page = client.get(URL, {"quarter": Q4.value}).content.decode()
    assert "Appointments" not in page and "has been tagged with a theme yet" in page
    page = client.get(URL, {"area": world.area.pk}).content.decode()
    assert "Select an area from the list" in page


def test_five_quarters_of_themes_are_one_query_and_agree_with_counting_the_tags(world, seeded, monkeypatch,
                                                                              django_assert_num_queries):
    from engagement import tallies
    from engagement.selectors.insights import _theme_counts

    with django_assert_num_queries(1):
        kept = _theme_counts(world.host_staff, Q4, None)
    monkeypatch.setattr(tallies, "is_kept", lambda: False)  # SQLite's way: figures.by_theme per quarter
    counted = _theme_counts(world.host_staff, Q4, None)
    assert kept == counted
    assert kept[0]["Travel"] == [4, 4, 4, 4, 5]


def test_an_empty_quarter_points_to_the_latest_one_with_tagged_feedback(as_host, world, seeded, monkeypatch):
    from engagement.selectors import insights as selector
    from engagement.views import insights as view
    later = dt.date(2027, 2, 1)  # January to March 2027: nothing held yet
    monkeypatch.setattr(view, "current_quarter", lambda: selector.current_quarter(later))
    monkeypatch.setattr(view, "quarters_offered", lambda: selector.quarters_offered(later))
    page = as_host.get(URL).content.decode()
    assert "has been tagged with a theme yet" in page
    assert "See October to December 2026</a>, the latest quarter with tagged feedback" in page
    assert "?quarter=2026-4" in page
    page = as_host.get(URL, {"quarter": "2027-1", "area": world.other_area.pk}).content.decode()
    assert f"?quarter=2026-4&amp;area={world.other_area.pk}" in page


def test_no_pointer_when_the_four_quarters_before_are_empty_too(world, seeded):
    assert insights(world.host_staff, Q4, world.other_area.pk)["latest_tagged"] is None  # nothing before October
    assert insights(world.host_staff, Quarter(dt.date(2027, 1, 1)))["latest_tagged"] == Q4
