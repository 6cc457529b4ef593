"""Who came: anonymous counts grouped by dimension, none adding up to more than attendance."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.engagement.factories import make_session
from tests.grants.factories import make_active


@pytest.fixture
def session(world):
    return make_session(make_active(world), created_by=world.group_member, attendance=10)


def test_counts_are_saved_including_prefer_not_to_say_and_typed_languages(session, as_group):
    url = reverse("engagement:session_demographics", args=[session.pk])
    response = as_group.post(url, {"age__65_74": "6", "age__prefer_not": "2", "ethnicity__black_caribbean": "7",
                                   "language_0": "Yoruba", "language_0_count": "3", "language_1": "",
                                   "language_1_count": ""})
    assert response.status_code == 302
    assert {(d.dimension, d.category, d.count) for d in session.demographics.all()} == {
        ("age", "65_74", 6), ("age", "prefer_not", 2), ("ethnicity", "black_caribbean", 7),
        ("language", "Yoruba", 3)}
    page = as_group.get(url).content.decode()
    assert 'value="Yoruba"' in page and 'value="6"' in page


def test_counts_above_attendance_are_refused_with_the_dimension_named(session, as_group):
    url = reverse("engagement:session_demographics", args=[session.pk])
    response = as_group.post(url, {"gender__woman": "8", "gender__man": "5", "age__65_74": "4"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The counts by gender add up to 13, more than the 10 people who took part" in page
    assert 'href="#dimension-gender"' in page
    assert 'value="8"' in page  # what was typed is still there
    assert not session.demographics.exists()


def test_a_language_count_needs_the_languages_name(session, as_group):
    response = as_group.post(reverse("engagement:session_demographics", args=[session.pk]),
                             {"language_0": "", "language_0_count": "2"})
    assert response.status_code == 400
    assert "Enter the name of language 1, or remove its count" in response.content.decode()


def test_ethnic_groups_are_under_the_five_ons_headings(session, as_group):
    page = as_group.get(reverse("engagement:session_demographics", args=[session.pk])).content.decode()
    headings = ["Asian, Asian British or Asian Welsh", "Black, Black British, Black Welsh, Caribbean or African",
                "Mixed or Multiple ethnic groups", "White", "Other ethnic group"]
    positions = [page.index(f'<h3 class="govuk-heading-s">{h}</h3>') for h in headings]
    assert positions == sorted(positions)
    assert page.index("Caribbean</label>") > positions[1]
    assert "Prefer not to say" in page
