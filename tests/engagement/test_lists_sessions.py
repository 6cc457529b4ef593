"""The sessions list: host staff and the programme's readers see its sessions, filtered, with their totals."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engagement.models import Session
from tests.engagement.factories import make_session
from tests.engagement.lists_data import make_lists
from tests.grants.factories import make_other_host

pytestmark = pytest.mark.django_db
URL = reverse("engagement:staff_sessions")


def _listed(response) -> set[int]:
    assert response.status_code == 200, response.status_code
    return {s.pk for s in response.context["page"].object_list}


def test_host_staff_see_every_session_newest_first_with_totals(world, as_host):
    data = make_lists(world)
    response = as_host.get(URL)
    assert [s.pk for s in response.context["page"].object_list] == [data.peckham.pk, data.autumn.pk, data.summer.pk]
    assert response.context["totals"] == {"sessions": 3, "people": 58, "conversations": 22}
    html = response.content.decode()
    assert reverse("engagement:session_detail", args=[data.summer.pk]) in html and "Summer focus" in html


def test_commissioners_of_the_programme_read_its_submitted_sessions_never_a_draft(world, as_commissioner):
    data = make_lists(world)
    assert _listed(as_commissioner.get(URL)) == {data.summer.pk}
    Session.objects.filter(pk=data.autumn.pk).update(status=Session.Status.SUBMITTED)
    assert _listed(as_commissioner.get(URL)) == {data.autumn.pk, data.summer.pk}


@pytest.mark.parametrize(("params", "expected", "people"), [
    ({"kind": "focus_group"}, {"summer"}, 10),
    ({"status": Session.Status.SUBMITTED}, {"summer"}, 10),
    ({"status": Session.Status.DRAFT}, {"autumn", "peckham"}, 48),
    ({"held_from_0": 1, "held_from_1": 10, "held_from_2": 2026}, {"autumn", "peckham"}, 48),
    ({"held_to_0": 7, "held_to_1": 10, "held_to_2": 2026}, {"autumn", "summer"}, 40),
])
def test_each_filter_narrows_the_sessions_and_their_totals(world, as_host, params, expected, people):
    data = make_lists(world)
    response = as_host.get(URL, params)
    assert _listed(response) == {getattr(data, name).pk for name in expected}
    assert response.context["totals"]["sessions"] == len(expected)
    assert response.context["totals"]["people"] == people


def test_area_and_group_filters(world, as_host):
    data = make_lists(world)
    assert _listed(as_host.get(URL, {"area": world.other_area.pk})) == {data.peckham.pk}
    assert _listed(as_host.get(URL, {"group": world.group.pk})) == {data.autumn.pk, data.summer.pk}


def test_another_hosts_staff_and_groups_see_none_of_it(world, login_as, as_group, as_other_group):
    make_lists(world)
    _, other_staff, _, _ = make_other_host(world)
    response = login_as(other_staff).get(URL)
    assert _listed(response) == set() and response.context["totals"]["sessions"] == 0
    assert "No sessions match yet" in response.content.decode()
    assert as_group.get(URL).status_code == 403 and as_other_group.get(URL).status_code == 403


def test_a_bad_date_is_named_and_the_other_filters_still_apply(world, as_host):
    data = make_lists(world)
    response = as_host.get(URL, {"held_from_0": 1, "held_from_1": 13, "held_from_2": 2026, "kind": "forum"})
    assert "Held from must be a real date" in response.content.decode()
    assert _listed(response) == {data.peckham.pk}


@pytest.mark.parametrize("params", [{}, {"kind": "listening"}, {"status": "draft"}])
def test_the_query_count_does_not_grow_with_the_sessions_or_the_page(world, as_host, as_commissioner, params,
                                                                     django_assert_max_num_queries):
    data = make_lists(world)
    for client in (as_host, as_commissioner):
        with django_assert_max_num_queries(12):
            client.get(URL, params)
    for n in range(60):
        make_session(data.grant, created_by=world.group_member, title=f"Lunch {n}", held_on=dt.date(2026, 9, 1))
    for client in (as_host, as_commissioner):
        for page in (1, 2, 3):
            with django_assert_max_num_queries(12):
                assert client.get(URL, {**params, "page": page}).status_code == 200
    assert as_host.get(URL).context["page"].paginator.num_pages == 3
