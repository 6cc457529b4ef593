"""Host staff's feedback list: every filter narrows it, words are found in their other forms, the counts match
what is listed, safeguarding concerns are marked, and nobody but the programme's host staff sees any of it."""
from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from engagement.choices import Sentiment, Service
from engagement.selectors import lists as selectors
from tests.engagement.factories import make_item
from tests.engagement.lists_data import make_lists
from tests.grants.factories import make_other_host

pytestmark = pytest.mark.django_db
URL = reverse("engagement:staff_feedback")


def _listed(response) -> set[int]:
    assert response.status_code == 200, response.status_code
    return {item.pk for item in response.context["page"].object_list}


def _date(name: str, day: int, month: int, year: int) -> dict[str, int]:
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def test_host_staff_see_every_item_of_their_programme_newest_first_each_linked_to_its_session(world, as_host):
    data = make_lists(world)
    response = as_host.get(URL)
    items = list(response.context["page"].object_list)
    assert [i.pk for i in items] == [data.hospital.pk, data.pharmacy.pk, data.gp.pk, data.dental.pk]
    html = response.content.decode()
    assert reverse("engagement:session_detail", args=[data.autumn.pk]) in html
    assert "I waited three weeks for an appointment with my GP." in html
    assert "4 items" in html


@pytest.mark.parametrize(("params", "expected"), [
    ({"service": Service.GP}, {"gp"}),
    ({"sentiment": Sentiment.POSITIVE}, {"pharmacy"}),
    ({"consent": "internal"}, {"dental"}),
    ({"kind": "forum"}, {"hospital"}),
    ({"held_from": (1, 10, 2026)}, {"gp", "pharmacy", "hospital"}),
    ({"held_to": (31, 7, 2026)}, {"dental"}),
    ({"held_from": (8, 10, 2026), "held_to": (25, 10, 2026)}, {"hospital"}),
    ({"service": Service.GP, "sentiment": Sentiment.POSITIVE}, set()),
])
def test_each_filter_narrows_the_list_and_its_counts(world, as_host, params, expected):
    data = make_lists(world)
    query: dict[str, object] = {}
    for name, value in params.items():
        query.update(_date(name, *value) if isinstance(value, tuple) else {name: value})
    response = as_host.get(URL, query)
    assert _listed(response) == {getattr(data, name).pk for name in expected}
    counts = response.context["counts"]
    assert counts.total == len(expected) and not counts.capped
    assert sum(s["count"] for s in counts.by_service) == len(expected)


def test_area_and_group_filters_narrow_to_one_place_and_one_group(world, as_host):
    data = make_lists(world)
    assert _listed(as_host.get(URL, {"area": world.other_area.pk})) == {data.hospital.pk}
    assert _listed(as_host.get(URL, {"group": world.group.pk})) == {data.gp.pk, data.pharmacy.pk, data.dental.pk}
    # Counted without the tally (a group filter) and with it (an area): the same answer as the rows.
    assert as_host.get(URL, {"group": world.other_group.pk}).context["counts"].total == 1
    assert as_host.get(URL, {"area": world.area.pk}).context["counts"].total == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_words_are_found_in_their_other_forms(world, as_host):
    data = make_lists(world)
    assert _listed(as_host.get(URL, {"q": "appointments"})) == {data.gp.pk}
    assert _listed(as_host.get(URL, {"q": "waiting"})) == {data.gp.pk}  # "waited"
    assert _listed(as_host.get(URL, {"q": "interpreters hospital"})) == {data.hospital.pk}
    assert _listed(as_host.get(URL, {"q": "tablets -pharmacist"})) == set()  # web search syntax
    response = as_host.get(URL, {"q": "appointments", "service": Service.PHARMACY})
    assert _listed(response) == set() and "No feedback matches these filters." in response.content.decode()


def test_safeguarding_concerns_are_marked(world, as_host):
    make_lists(world)
    html = as_host.get(URL, {"service": Service.DENTAL}).content.decode()
    tag = 'govuk-tag--red">Safeguarding concern</strong>'
    assert tag in html
    assert tag not in as_host.get(URL, {"service": Service.GP}).content.decode()


def test_long_words_are_shortened_on_the_list(world, as_host):
    data = make_lists(world)
    make_item(data.autumn, text="word " * 200 + "THE-END")
    html = as_host.get(URL).content.decode()
    assert "THE-END" not in html and "word word …" in html


def test_more_matches_than_the_cap_are_counted_as_more_than_and_the_pages_stop_there(world, as_host, monkeypatch):
    data = make_lists(world)
    monkeypatch.setattr(selectors, "CAP", 2)
    response = as_host.get(URL, {"group": world.group.pk})  # counted, not tallied: 3 match
    counts = response.context["counts"]
    assert counts.capped and counts.shown == 2
    assert "More than 2 items match" in response.content.decode()
    assert response.context["page"].paginator.count == 2
    # The tally knows the exact number even past the cap; the pages still stop at it.
    tallied = as_host.get(URL).context["counts"]
    assert tallied.total == len(data.all) and not tallied.capped and tallied.shown == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_a_text_search_counts_to_a_lower_cap(world, as_host, monkeypatch):
    data = make_lists(world)
    for n in range(3):
        make_item(data.autumn, text=f"Another appointment story {n}")
    monkeypatch.setattr(selectors, "TEXT_CAP", 3)
    response = as_host.get(URL, {"q": "appointments"})  # four match
    assert response.context["counts"].capped and response.context["page"].paginator.count == 3
    assert "More than 3 items match" in response.content.decode()
    assert not as_host.get(URL, {"q": "appointments", "group": world.group.pk, "held_to_0": 6, "held_to_1": 10,
                                 "held_to_2": 2026}).context["counts"].capped  # none held before 7 October


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the time limit is PostgreSQL's")
def test_a_count_that_would_take_too_long_is_abandoned_and_the_list_still_shows(world, as_host, monkeypatch):
    data = make_lists(world)
    monkeypatch.setattr(selectors, "COUNT_MS", 50)
    newest = selectors._newest
    # The count made slow on purpose: PostgreSQL sleeps 0.3 s first, so the 50 ms limit cancels it.
    monkeypatch.setattr(selectors, "_newest", lambda items, cap: newest(
        items.extra(where=["(SELECT 1 FROM pg_sleep(0.3)) = 1"]), cap))
    response = as_host.get(URL, {"group": world.group.pk})
    assert response.context["counts"].unknown
    assert "Too many items match to count quickly" in response.content.decode()
    assert _listed(response) == {data.gp.pk, data.pharmacy.pk, data.dental.pk}
    assert as_host.get(URL, {"kind": "forum"}).status_code == 200  # the limit did not outlive the count


def test_a_date_that_is_not_real_is_named_in_the_error_summary_and_kept(world, as_host):
    make_lists(world)
    response = as_host.get(URL, {**_date("held_from", 31, 2, 2026), "service": Service.GP})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'href="#id_held_from_0"' in html
    assert "Held from must be a real date" in html and 'value="31"' in html
    assert response.context["counts"].total == 1  # the valid filters still apply


def test_an_end_before_the_start_is_refused(world, as_host):
    make_lists(world)
    html = as_host.get(URL, {**_date("held_from", 1, 10, 2026), **_date("held_to", 1, 9, 2026)}).content.decode()
    assert "Held up to must be the same as or after held from" in html


def test_another_hosts_staff_see_none_of_it(world, login_as):
    data = make_lists(world)
    _, other_staff, _, _ = make_other_host(world)
    client = login_as(other_staff)
    response = client.get(URL)
    assert _listed(response) == set() and response.context["counts"].total == 0
    assert client.get(URL, {"group": world.group.pk}).context["form"].errors  # not a group they may choose
    assert client.get(reverse("engagement:session_detail", args=[data.autumn.pk])).status_code == 404


def test_commissioners_and_groups_may_not_open_it(world, as_commissioner, as_group):
    make_lists(world)
    assert as_commissioner.get(URL).status_code == 403
    assert as_group.get(URL).status_code == 403


@pytest.mark.parametrize("extra", [{}, {"group": "group"}, {"q": "appointment"}, {"kind": "listening"}])
def test_the_query_count_does_not_grow_with_the_items_or_the_page(world, as_host, django_assert_max_num_queries,
                                                                  extra):
    data = make_lists(world)
    params = {k: (world.group.pk if v == "group" else v) for k, v in extra.items()}
    with django_assert_max_num_queries(12):
        as_host.get(URL, params)
    for n in range(60):
        make_item(data.autumn, text=f"The appointment system failed me, story {n}.", service=Service.GP)
    for page in (1, 2, 3):
        with django_assert_max_num_queries(12):
            assert as_host.get(URL, {**params, "page": page}).status_code == 200
