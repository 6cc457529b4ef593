"""Members keep their organisation's profile up to date: a group's postcode and numbers, a funder's org-id."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grassroots.accounts.models import Membership
from grassroots.accounts.postcodes import normalise_postcode
from tests.factories import make_member


def _data(**changes):
    return {"name": "Brixton Elders Lunch Club", "communities_served": "Older Caribbean residents",
            "charity_number": "1123456", "company_number": "", "org_id": "GB-CHC-1123456", "postcode": "sw2 1rw",
            "website": "", "email": "", **changes}


def test_a_member_saves_the_groups_postcode_normalised(world, as_group):
    url = reverse("accounts:organisation_edit", args=[world.group.pk])
    response = as_group.post(url, _data(communities_served="Older Caribbean and African residents"))
    assert response.url == reverse("accounts:organisation_detail", args=[world.group.pk])
    world.group.refresh_from_db()
    assert world.group.postcode == "SW2 1RW"
    assert world.group.communities_served == "Older Caribbean and African residents"
    assert world.group.history.latest().history_user == world.group_member
    assert "SW2 1RW" in as_group.get(response.url).content.decode()


def test_a_plain_member_of_a_group_may_edit_it_too(world, login_as):
    client = login_as(make_member(world.group, Membership.Role.MEMBER))
    assert client.post(reverse("accounts:organisation_edit", args=[world.group.pk]), _data()).status_code == 302


def test_a_bad_postcode_or_org_id_is_explained_and_what_was_typed_is_kept(world, as_group):
    response = as_group.post(reverse("accounts:organisation_edit", args=[world.group.pk]),
                             _data(postcode="SW2", org_id="charity 1123456", communities_served="Typed text"))
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Enter a real UK postcode" in page
    assert "Enter an org-id in the form a register gives it" in page
    assert "Typed text" in page
    world.group.refresh_from_db()
    assert world.group.postcode == ""


def test_a_group_cannot_take_another_groups_name(world, as_group):
    response = as_group.post(reverse("accounts:organisation_edit", args=[world.group.pk]),
                             _data(name="PECKHAM DEAF SOCIAL"))
    assert "already registered" in response.content.decode()


def test_a_funders_staff_enter_its_org_id_on_its_profile(world, login_as):
    client = login_as(make_member(world.funder, Membership.Role.STAFF))
    url = reverse("accounts:organisation_edit", args=[world.funder.pk])
    page = client.get(url).content.decode()
    assert "360Giving org-id" in page and "Communities the group works with" not in page
    client.post(url, {"name": world.funder.name, "org_id": "gb-nhs-x24", "postcode": "", "website": "", "email": ""})
    world.funder.refresh_from_db()
    assert world.funder.org_id == "GB-NHS-X24"


def test_outsiders_and_commissioners_cannot_edit_a_group(world, as_other_group, as_commissioner):
    url = reverse("accounts:organisation_edit", args=[world.group.pk])
    assert as_other_group.post(url, _data(name="Hijacked")).status_code == 404
    assert as_commissioner.get(url).status_code == 404
    world.group.refresh_from_db()
    assert world.group.name == "Brixton Elders Lunch Club"


@pytest.mark.parametrize(("typed", "stored"), [
    ("se1 7pb", "SE1 7PB"), ("SE17PB", "SE1 7PB"), ("  sw1a   1aa ", "SW1A 1AA"), ("M1 1AE", "M1 1AE"),
    ("b33 8th", "B33 8TH"), ("cr2 6xh", "CR2 6XH"), ("dn55 1pt", "DN55 1PT"), ("", ""),
])
def test_postcodes_are_written_one_way(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["SE1", "12345", "SE1 7PBX", "Q1 1AA X", "SE1-7PB", "1SE 7PB"])
def test_things_that_are_not_postcodes_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_postcode(typed)
