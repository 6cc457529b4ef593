"""A host's administrators choose who is e-mailed about groups' safeguarding concerns; with nobody chosen, the
members page says who is told instead (its staff)."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from grassroots.accounts.access import safeguarding_contacts_for
from grassroots.accounts.models import Membership
from grassroots.accounts.services.members import membership_set_safeguarding_contact
from tests.factories import make_member

Role = Membership.Role


@pytest.fixture
def host_admin(world):
    return make_member(world.host, Role.ADMIN, email="ade@healthwatchlambeth.org.uk", name="Ade Admin")


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _membership(org, user) -> Membership:
    return Membership.objects.select_related("organisation", "user").get(organisation=org, user=user)


def test_with_nobody_chosen_the_page_says_all_staff_are_told_instead(world, host_admin):
    page = _client(host_admin).get(reverse("accounts:organisation_detail", args=[world.host.pk])).content.decode()
    assert "Nobody is marked as a safeguarding contact" in page
    assert "Hana Host" in page and "Choose your safeguarding contacts" in page
    assert safeguarding_contacts_for(world.host.pk) == ([host_admin, world.host_staff], False)


def test_an_administrator_marks_a_member_as_the_safeguarding_contact(world, host_admin):
    client = _client(host_admin)
    membership = _membership(world.host, world.host_staff)
    url = reverse("accounts:member_edit", args=[world.host.pk, membership.pk])
    assert "Safeguarding contact" in client.get(url).content.decode()
    response = client.post(url, {"role": Role.STAFF, "safeguarding_contact": "on"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.safeguarding_contact
    assert safeguarding_contacts_for(world.host.pk) == ([world.host_staff], True)
    page = client.get(reverse("accounts:organisation_detail", args=[world.host.pk])).content.decode()
    assert "Nobody is marked" not in page
    assert "these people are e-mailed at once: Hana Host." in page


def test_staff_who_are_not_administrators_may_not_choose(world):
    with pytest.raises(PermissionDenied):
        membership_set_safeguarding_contact(actor=world.host_staff, membership=_membership(world.host, world.host_staff),
                                            contact=True)
    page = _client(world.host_staff).get(reverse("accounts:organisation_detail", args=[world.host.pk])).content
    assert "Ask an administrator to choose your safeguarding contacts" in page.decode()


def test_a_community_group_has_no_safeguarding_contacts(world, as_group):
    membership = _membership(world.group, world.group_member)
    with pytest.raises(ValidationError):
        membership_set_safeguarding_contact(actor=world.group_member, membership=membership, contact=True)
    url = reverse("accounts:member_edit", args=[world.group.pk, membership.pk])
    assert "Safeguarding contact" not in as_group.get(url).content.decode()
    assert "safeguarding" not in as_group.get(reverse("accounts:organisation_detail",
                                                      args=[world.group.pk])).content.decode().lower()
