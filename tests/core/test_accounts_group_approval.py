"""Host staff approve or decline the groups that registered in their areas; only approved groups may apply."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grants.services import applications as app_services
from grassroots.accounts.models import Area, Membership, Organisation, OrganisationStatusChange
from grassroots.accounts.services.groups import GroupDetails, NewAccount, group_approve, group_decline, group_register
from tests.factories import make_member, make_org
from tests.grants.factories import eligible_answers

Status = Organisation.Status


def _pending(area: Area, name: str = "Walworth Walkers", email: str = "wendy@walkers.example.org") -> Organisation:
    group = group_register(actor=None, account=NewAccount(email, "Wendy Walker", "a-long-enough-password-1"),
                           details=GroupDetails(name=name, area=area, communities_served="Older walkers",
                                                postcode="SE17 1AA"))
    assert group is not None
    return group


@pytest.fixture
def pending(world):
    return _pending(world.area)


def test_host_staff_see_the_new_groups_of_their_own_areas_only(world, as_host, django_assert_max_num_queries):
    mine = [_pending(world.area, f"Lambeth Group {n}", f"l{n}@example.org") for n in range(5)]
    theirs = _pending(world.other_area, "Southwark Group", "s@example.org")
    with django_assert_max_num_queries(8):
        page = as_host.get(reverse("accounts:new_group_list")).content.decode()
    for group in mine:
        assert group.name in page
    assert theirs.name not in page
    assert world.group.name not in page  # an approved group made by an administrator is not "new"
    assert as_host.get(reverse("accounts:new_group_detail", args=[theirs.pk])).status_code == 404


def test_approving_a_group_lets_it_apply_and_tells_its_members(world, pending, as_host, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    member = pending.memberships.get().user
    with pytest.raises(PermissionDenied, match="once its local host organisation has approved"):
        app_services.application_start(actor=member, organisation=pending, round=world.round,
                                       answers=eligible_answers(world.round))
    with django_capture_on_commit_callbacks(execute=True):
        response = as_host.post(reverse("accounts:new_group_decide", args=[pending.pk]), {"decision": "approve"})
    assert response.url == reverse("accounts:new_group_list")
    pending.refresh_from_db()
    assert pending.status == Status.APPROVED
    change = pending.status_changes.last()
    assert (change.actor, change.from_status, change.to_status) == (world.host_staff, Status.PENDING, Status.APPROVED)
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "approved" in mailoutbox[0].subject
    application = app_services.application_start(actor=member, organisation=pending, round=world.round,
                                                 answers=eligible_answers(world.round))
    assert application.organisation == pending


def test_declining_needs_a_reason_which_the_group_is_sent(world, pending, as_host, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    url = reverse("accounts:new_group_decide", args=[pending.pk])
    response = as_host.post(url, {"decision": "decline", "reason": "  "})
    page = response.content.decode()
    assert "Say why the registration is declined" in page and "<title>Error: " in page
    pending.refresh_from_db()
    assert pending.status == Status.PENDING

    reason = "We could not find this group: please call us so we can meet you."
    with django_capture_on_commit_callbacks(execute=True):
        as_host.post(url, {"decision": "decline", "reason": reason})
    pending.refresh_from_db()
    assert pending.status == Status.DECLINED
    assert pending.status_changes.last().reason == reason
    assert reason in mailoutbox[-1].body
    assert mailoutbox[-1].to == [pending.memberships.get().user.email]


def test_a_declined_group_cannot_apply_and_can_be_approved_later(world, pending):
    declined = group_decline(actor=world.host_staff, group=pending, reason="Not in our area")
    with pytest.raises(PermissionDenied, match="was not approved"):
        app_services.application_start(actor=world.host_staff, organisation=declined, round=world.round,
                                       answers=eligible_answers(world.round))
    group_approve(actor=world.host_staff, group=pending, note="Met them: they are in Lambeth after all")
    pending.refresh_from_db()
    assert pending.status == Status.APPROVED
    assert [c.to_status for c in pending.status_changes.all()] == [Status.PENDING, Status.DECLINED, Status.APPROVED]


def test_an_approved_group_cannot_be_declined_and_approving_twice_changes_nothing(world, pending):
    group_approve(actor=world.host_staff, group=pending)
    group_approve(actor=world.host_staff, group=pending)
    assert OrganisationStatusChange.objects.filter(organisation=pending).count() == 2  # registered, approved
    with pytest.raises(ValidationError, match="cannot be declined"):
        group_decline(actor=world.host_staff, group=pending, reason="Changed our mind")


def test_only_host_staff_of_the_groups_area_may_decide(world, pending, other_group_member):
    southwark_staff = make_member(Organisation.objects.get(name="Healthwatch Southwark"), Membership.Role.STAFF)
    for actor in (southwark_staff, other_group_member, world.commissioner):
        with pytest.raises(PermissionDenied):
            group_approve(actor=actor, group=pending)
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    group_approve(actor=world.admin, group=pending)  # the system administrator may


def test_groups_that_existed_before_registration_are_approved(world):
    assert world.group.status == Status.APPROVED
    assert make_org("Made by an administrator").status == Status.APPROVED


def test_a_group_cannot_register_in_an_area_no_host_looks_after(world):
    orphan = Area.objects.create(name="Nowhere")
    with pytest.raises(ValidationError, match="No host organisation"):
        _pending(orphan)


def test_the_funding_pages_tell_a_pending_group_plainly_that_it_can_apply_once_approved(world, pending, login_as):
    client = login_as(pending.memberships.get().user)
    page = client.get(reverse("grants:funding")).content.decode()
    assert "Walworth Walkers can apply for funding once it is approved" in page
    assert reverse("grants:eligibility", args=[world.round.pk]) not in page  # no Apply button
    page = client.get(reverse("grants:eligibility", args=[world.round.pk])).content.decode()
    assert "Your group cannot apply yet" in page
    assert "once its local host organisation has approved" in page


def test_host_staff_see_the_registration_with_its_history(world, pending, as_host):
    page = as_host.get(reverse("accounts:new_group_detail", args=[pending.pk])).content.decode()
    assert "Walworth Walkers" in page and "SE17 1AA" in page and "wendy@walkers.example.org" in page
    assert "Registered by Wendy Walker" in page
    assert "Yes, approve the group" in page


def test_the_dashboards_say_who_is_waiting(world, pending, as_host, as_group, login_as):
    assert "1 new group waiting for your approval" in as_host.get(reverse("dashboard")).content.decode()
    page = login_as(pending.memberships.get().user).get(reverse("dashboard")).content.decode()
    assert "Walworth Walkers is waiting for approval" in page
    assert "waiting for" not in as_group.get(reverse("dashboard")).content.decode()  # an approved group
