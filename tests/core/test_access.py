"""The access layer: what each standing role may do, 403 for the wrong role, 404 for others' organisations."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from grassroots.accounts.access import (
    Capacity,
    capacities,
    capacity_required,
    has_capacity,
    may_manage_members,
    org_ids,
    users_with_capacity,
)
from grassroots.accounts.models import Membership, Organisation
from tests.factories import make_member, make_org


@pytest.mark.parametrize(("who", "expected"), [
    ("group_member", {Capacity.GROUP}),
    ("other_group_member", {Capacity.GROUP}),
    ("host_staff", {Capacity.HOST}),
    ("commissioner", {Capacity.COMMISSIONER}),
    ("admin", {Capacity.ADMIN}),
    ("outsider", set()),
])
def test_each_standing_role_has_its_capacity(world, who, expected):
    assert capacities(getattr(world, who)) == expected


def test_provider_staff_act_as_provider(db):
    trust = make_org("King's College Hospital NHS Foundation Trust", Organisation.Kind.PROVIDER)
    assert capacities(make_member(trust, Membership.Role.STAFF)) == {Capacity.PROVIDER}


def test_funder_staff_act_as_commissioners(world):
    assert capacities(make_member(world.funder, Membership.Role.STAFF)) == {Capacity.COMMISSIONER}


def test_a_plain_member_of_a_host_is_not_host_staff(world):
    assert capacities(make_member(world.host, Membership.Role.MEMBER)) == set()


def test_a_person_in_two_organisations_holds_both_capacities(world):
    Membership.objects.create(user=world.host_staff, organisation=world.other_group, role=Membership.Role.MEMBER)
    assert capacities(world.host_staff) == {Capacity.HOST, Capacity.GROUP}
    assert org_ids(world.host_staff, Capacity.GROUP) == {world.other_group.pk}
    assert org_ids(world.host_staff, Capacity.HOST) == {world.host.pk}


def test_administrators_pass_every_capacity_check(world):
    assert has_capacity(world.admin, Capacity.HOST)
    assert not has_capacity(world.group_member, Capacity.HOST)


def test_only_admins_and_staff_may_invite(world):
    assert may_manage_members(world.group_member, world.group) == (True, "")  # an organisation administrator
    plain = make_member(world.group, Membership.Role.MEMBER)
    allowed, reason = may_manage_members(plain, world.group)
    assert not allowed and "administrator" in reason
    assert not may_manage_members(world.group_member, world.other_group)[0]


def test_users_with_capacity_finds_host_staff_for_notifications(world):
    assert users_with_capacity([world.host.pk], Capacity.HOST) == [world.host_staff]


@capacity_required(Capacity.HOST)
def _host_only(request):
    return HttpResponse("host page")


def test_capacity_required_lets_the_right_role_in(world):
    request = RequestFactory().get("/")
    request.user = world.host_staff
    assert _host_only(request).content == b"host page"


@pytest.mark.parametrize("who", ["group_member", "commissioner", "outsider"])
def test_capacity_required_refuses_the_wrong_role(world, who):
    request = RequestFactory().get("/")
    request.user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        _host_only(request)


def test_capacity_required_sends_anonymous_people_to_sign_in(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    response = _host_only(request)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_an_organisation_page_is_not_found_for_non_members(as_other_group, as_outsider, world):
    url = reverse("accounts:organisation_detail", args=[world.group.pk])
    assert as_other_group.get(url).status_code == 404
    assert as_outsider.get(url).status_code == 404


def test_an_organisation_page_shows_its_members_to_members(as_group, world):
    response = as_group.get(reverse("accounts:organisation_detail", args=[world.group.pk]))
    assert response.status_code == 200
    assert "Grace Member" in response.content.decode()


def test_the_organisation_list_shows_only_your_organisations(as_group):
    page = as_group.get(reverse("accounts:organisation_list")).content.decode()
    assert "Brixton Elders Lunch Club" in page
    assert "Peckham Deaf Social" not in page
