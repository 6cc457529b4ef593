"""Results per question: answers entered one by one and tallies from paper counted together, for a session, a
group, an area and a period; the session's results page and host staff's results page for a set."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import Session
from engagement.selectors.questions import percent, question_results, session_results, set_sessions
from tests.engagement.factories import make_session
from tests.engagement.question_data import full_set, paper, person, session_a
from tests.grants.factories import make_active, make_grant


@pytest.fixture
def data(world):
    question_set = full_set(world)
    a = session_a(make_active(world), world, question_set)
    other_grant = make_grant(world, organisation=world.other_group, actor=world.other_group_member,
                             title="Peckham listening")
    b = make_session(other_grant, created_by=world.other_group_member, title="Peckham", attendance=30,
                     held_on=dt.date(2027, 2, 1), area=world.other_area, question_set=question_set)
    paper(b, "yes_no", 20, yes=14, no=6)
    return {"set": question_set, "a": a, "b": b}


def _by_kind(results):
    return {r.question.kind: r for r in results}


def _counts(result):
    return {c.label: (c.count, c.percent) for c in result.choices}


def test_percentages_round_half_up_and_nobody_answering_is_zero():
    assert percent(8, 13) == 62  # 61.5%
    assert percent(1, 8) == 13  # 12.5%
    assert percent(0, 0) == 0


def test_a_session_counts_its_people_and_its_paper_forms_together(data):
    results = _by_kind(session_results(data["a"]))
    assert results["yes_no"].answered == 13
    assert _counts(results["yes_no"]) == {"Yes": (8, 62), "No": (5, 38)}
    assert results["yes_no"].headline == "62% yes"
    assert results["agreement"].answered == 13
    assert (results["agreement"].agree.count, results["agreement"].agree.percent) == (8, 62)
    assert results["agreement"].headline == "62% agree"
    assert _counts(results["agreement"])["Strongly agree"] == (4, 31)
    assert _counts(results["single"]) == {"Phone": (3, 43), "Online": (3, 43), "In person": (1, 14)}
    # Multiple choice: the shares are of the people who answered, so they add up to more than 100%.
    assert results["multiple"].answered == 11
    assert _counts(results["multiple"]) == {"Reception": (7, 64), "App": (6, 55), "111": (4, 36)}
    number = results["number"]
    assert (number.answered, number.mean, number.minimum, number.maximum) == (2, Decimal("4.0"), 3, 5)
    assert results["text"].answered == 9
    assert results["text"].choices == []


def test_a_group_an_area_and_a_period_each_count_only_their_sessions(data, world):
    question_set, staff = data["set"], world.host_staff

    def yes(**filters):
        result = _by_kind(question_results(question_set, set_sessions(staff, question_set, **filters)))["yes_no"]
        return result.answered, _counts(result)["Yes"]

    assert yes() == (33, (22, 67))
    assert yes(group=world.group) == (13, (8, 62))
    assert yes(group=world.other_group) == (20, (14, 70))
    assert yes(area=world.other_area) == (20, (14, 70))
    assert yes(start=dt.date(2027, 1, 1)) == (20, (14, 70))
    assert yes(end=dt.date(2026, 12, 31)) == (13, (8, 62))
    assert yes(start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 1)) == (13, (8, 62))  # both dates included
    assert yes(area=world.area, start=dt.date(2027, 1, 1)) == (0, (0, 0))


def test_sessions_of_another_host_or_another_set_are_not_counted(data, world):
    other_set = full_set(world, name="Pharmacy")
    c = make_session(data["a"].grant, created_by=world.group_member, question_set=other_set)
    paper(c, "yes_no", 50, yes=50, no=0)
    from tests.grants.factories import make_other_host
    _, elsewhere_staff, _, _ = make_other_host(world)
    assert set_sessions(elsewhere_staff, data["set"]).count() == 0
    results = _by_kind(question_results(data["set"], set_sessions(world.host_staff, data["set"])))
    assert results["yes_no"].answered == 33


def test_the_results_take_the_same_queries_however_many_answers_there_are(data, world):
    sessions = Session.objects.filter(question_set=data["set"])
    with CaptureQueriesContext(connection) as few:
        question_results(data["set"], sessions)
    for n in range(15):
        person(data["b"], yes_no="yes", agreement="5", single="Phone", multiple=["App"], number=n, text=f"{n}")
    with CaptureQueriesContext(connection) as many:
        question_results(data["set"], sessions)
    assert len(many) == len(few) <= 6


def test_the_session_results_page_shows_the_share_and_how_many_answered_never_the_words(data, as_group):
    page = as_group.get(reverse("engagement:session_results", args=[data["a"].pk])).content.decode()
    assert "62% agree" in page
    assert "(of 13 who answered)" in page
    assert "Strongly agree" in page
    assert "The receptionist was kind" not in page


def test_staff_filter_the_set_results_by_group_area_and_period(data, world, as_host):
    url = reverse("engagement:question_set_results", args=[data["set"].pk])
    page = as_host.get(url).content.decode()
    assert "67% yes" in page and "(of 33 who answered)" in page
    assert "From 2 sessions" in page
    filtered = as_host.get(url, {"group": world.other_group.pk, "start_0": "1", "start_1": "1", "start_2": "2027"})
    assert "70% yes" in filtered.content.decode()
    assert "(of 20 who answered)" in filtered.content.decode()


def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(data, as_host):
    url = reverse("engagement:question_set_results", args=[data["set"].pk])
    response = as_host.get(url, {"start_0": "1", "start_1": "4", "start_2": "2027",
                                 "end_0": "31", "end_1": "3", "end_2": "2027"})
    assert response.status_code == 400
    assert "The ‘to’ date must be the same as or after the ‘from’ date" in response.content.decode()
    bad = as_host.get(url, {"start_0": "31", "start_1": "2", "start_2": "2027"})
    assert "From must be a real date" in bad.content.decode()


def test_readers_and_other_groups_never_see_a_sessions_answers_or_results(data, as_commissioner, as_other_group):
    for name in ("session_results", "session_answers", "session_tallies", "response_add"):
        url = reverse(f"engagement:{name}", args=[data["a"].pk])
        assert as_commissioner.get(url).status_code == 404
        assert as_other_group.get(url).status_code == 404
    assert as_commissioner.get(reverse("engagement:question_set_results", args=[data["set"].pk])).status_code == 403


def test_the_results_pages_take_a_fixed_number_of_queries(data, world, as_host, as_group,
                                                         django_assert_max_num_queries):
    for n in range(10):
        person(data["a"], yes_no="no", agreement="1", single="Online", multiple=["111"], number=n)
    with django_assert_max_num_queries(16):
        assert as_host.get(reverse("engagement:question_set_results", args=[data["set"].pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert as_group.get(reverse("engagement:session_results", args=[data["a"].pk])).status_code == 200
