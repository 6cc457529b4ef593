"""An organisation administrator changes members' roles and removes them; an organisation keeps one administrator."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grassroots.accounts.models import Membership
from grassroots.accounts.services.members import membership_change_role, membership_remove
from tests.factories import make_member

Role = Membership.Role


@pytest.fixture
def volunteer(world):
    return make_member(world.group, Role.MEMBER, name="Vic Volunteer")


def _membership(world, user) -> Membership:
    return Membership.objects.select_related("organisation", "user").get(organisation=world.group, user=user)


def test_the_group_page_lists_people_with_change_links_for_its_administrator(world, as_group, volunteer,
                                                                             django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        page = as_group.get(reverse("accounts:organisation_detail", args=[world.group.pk])).content.decode()
    assert "Vic Volunteer" in page
    assert reverse("accounts:member_edit", args=[world.group.pk, _membership(world, volunteer).pk]) in page


def test_an_administrator_makes_a_member_an_administrator(world, as_group, volunteer):
    membership = _membership(world, volunteer)
    url = reverse("accounts:member_edit", args=[world.group.pk, membership.pk])
    page = as_group.get(url).content.decode()
    assert "Organisation administrator" in page and "Commissioner" not in page  # only the roles a group has
    response = as_group.post(url, {"role": Role.ADMIN})
    assert response.url == reverse("accounts:organisation_detail", args=[world.group.pk])
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    assert membership.history.latest().history_user == world.group_member


def test_a_role_the_organisation_does_not_have_is_refused(world, volunteer):
    with pytest.raises(ValidationError):
        membership_change_role(actor=world.group_member, membership=_membership(world, volunteer),
                               role=Role.COMMISSIONER)


def test_an_administrator_removes_a_member_after_confirming(world, as_group, volunteer):
    membership = _membership(world, volunteer)
    url = reverse("accounts:member_remove", args=[world.group.pk, membership.pk])
    assert "Are you sure you want to remove Vic Volunteer" in as_group.get(url).content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = as_group.post(url)
    assert response.url == reverse("accounts:organisation_detail", args=[world.group.pk])
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert volunteer.pk  # the account stays
    # Pressing the button twice removes once and does not fail.
    membership_remove(actor=world.group_member, membership=membership)


def test_the_last_administrator_can_be_neither_removed_nor_demoted(world, as_group):
    own = _membership(world, world.group_member)
    response = as_group.post(reverse("accounts:member_remove", args=[world.group.pk, own.pk]))
    assert response.status_code == 400
    assert "the only administrator" in response.content.decode()
    response = as_group.post(reverse("accounts:member_edit", args=[world.group.pk, own.pk]), {"role": Role.MEMBER})
    assert "the only administrator" in response.content.decode()
    own.refresh_from_db()
    assert own.role == Role.ADMIN


def test_with_a_second_administrator_the_first_may_step_down(world, volunteer):
    membership_change_role(actor=world.group_member, membership=_membership(world, volunteer), role=Role.ADMIN)
    own = membership_change_role(actor=world.group_member, membership=_membership(world, world.group_member),
                                 role=Role.MEMBER)
    assert own.role == Role.MEMBER


def test_a_plain_member_cannot_manage_people(world, volunteer, login_as):
    client = login_as(volunteer)
    own = _membership(world, world.group_member)
    assert client.get(reverse("accounts:member_edit", args=[world.group.pk, own.pk])).status_code == 403
    assert client.post(reverse("accounts:member_remove", args=[world.group.pk, own.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        membership_remove(actor=volunteer, membership=own)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_another_groups_membership_is_not_found(world, as_group):
    theirs = Membership.objects.get(organisation=world.other_group)
    assert as_group.get(reverse("accounts:member_edit", args=[world.group.pk, theirs.pk])).status_code == 404
    assert as_group.get(reverse("accounts:member_edit", args=[world.other_group.pk, theirs.pk])).status_code == 404
