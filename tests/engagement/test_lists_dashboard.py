"""The host staff's dashboard panel: this quarter against the last, and the funded groups gone quiet."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engagement.selectors.dashboard import add_months, host_dashboard, quarter_start
from tests.engagement.lists_data import make_lists
from tests.grants.factories import make_other_host

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)  # this quarter: October to December 2026; last: July to September


def _figures(panel) -> dict[str, tuple[int, int]]:
    return {f["label"]: (f["this"], f["last"]) for f in panel["figures"]}


def test_quarters_run_from_january_april_july_and_october():
    assert quarter_start(dt.date(2026, 11, 24)) == dt.date(2026, 10, 1)
    assert quarter_start(dt.date(2027, 3, 31)) == dt.date(2027, 1, 1)
    assert add_months(dt.date(2027, 1, 1), -3) == dt.date(2026, 10, 1)
    assert add_months(dt.date(2026, 10, 1), 3) == dt.date(2027, 1, 1)


def test_this_quarter_against_the_last_for_known_sessions_and_feedback(world):
    make_lists(world)
    panel = host_dashboard(world.host_staff, today=TODAY)
    assert (panel["this_start"], panel["this_end"]) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert (panel["last_start"], panel["last_end"]) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert _figures(panel) == {"Sessions": (2, 1), "People reached": (48, 10), "In-depth conversations": (18, 4),
                               "Feedback items": (3, 1)}
    by_service = {s["label"]: (s["this"], s["last"]) for s in panel["by_service"]}
    assert by_service == {"GP": (1, 0), "Hospital": (1, 0), "Pharmacy": (1, 0), "Dental": (0, 1)}
    by_sentiment = {s["label"]: (s["this"], s["last"]) for s in panel["by_sentiment"]}
    assert by_sentiment == {"Positive": (1, 0), "Negative": (1, 0), "Neutral": (1, 0), "Mixed": (0, 1)}


def test_a_quarter_later_this_quarter_becomes_last_and_older_sessions_drop_out(world):
    make_lists(world)
    panel = host_dashboard(world.host_staff, today=dt.date(2027, 2, 1))
    assert _figures(panel)["Sessions"] == (0, 2) and _figures(panel)["Feedback items"] == (0, 3)


def test_groups_with_an_active_grant_and_no_session_in_thirty_days_longest_quiet_first(world):
    data = make_lists(world)
    quiet = host_dashboard(world.host_staff, today=TODAY)["quiet"]
    assert [(g.pk, g.last_held) for g in quiet] == [(world.group.pk, data.autumn.held_on),
                                                     (world.other_group.pk, data.peckham.held_on)]
    # A fortnight after the group's forum only the group (37 days) is quiet; in early November, nobody.
    assert [g.pk for g in host_dashboard(world.host_staff, today=dt.date(2026, 11, 10))["quiet"]] == [world.group.pk]
    assert host_dashboard(world.host_staff, today=dt.date(2026, 11, 1))["quiet"] == []


def test_another_hosts_staff_see_nothing_of_this_programme(world):
    make_lists(world)
    _, other_staff, _, _ = make_other_host(world)
    panel = host_dashboard(other_staff, today=TODAY)
    assert all(f["this"] == f["last"] == 0 for f in panel["figures"])
    assert panel["by_service"] == [] and panel["quiet"] == []


def test_the_panel_is_on_host_staffs_dashboard_only_in_a_few_queries(world, as_host, as_commissioner,
                                                                     django_assert_max_num_queries):
    make_lists(world)
    with django_assert_max_num_queries(20):  # every panel of the dashboard; this one adds three
        html = as_host.get(reverse("dashboard")).content.decode()
    assert "Sessions and feedback" in html and "Groups with no session in the last 30 days" in html
    assert "Sessions and feedback" not in as_commissioner.get(reverse("dashboard")).content.decode()


def test_host_staff_and_commissioners_find_the_lists_in_the_navigation(world, as_host, as_commissioner, as_group):
    sessions, feedback = reverse("engagement:staff_sessions"), reverse("engagement:staff_feedback")
    host = as_host.get(reverse("dashboard")).content.decode()
    assert f'href="{sessions}"' in host and f'href="{feedback}"' in host
    commissioner = as_commissioner.get(reverse("dashboard")).content.decode()
    assert f'href="{sessions}"' in commissioner and f'href="{feedback}"' not in commissioner
    assert f'href="{sessions}"' not in as_group.get(reverse("dashboard")).content.decode()
