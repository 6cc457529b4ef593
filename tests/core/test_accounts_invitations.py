"""Inviting a colleague: the e-mail, a newcomer creating an account, an existing person accepting."""
from __future__ import annotations

import re

from django.urls import reverse

from grassroots.accounts.models import Invitation, Membership, User
from tests.factories import PASSWORD, make_member, make_user


def _invite(client, org, email, role="member", capture=None):
    url = reverse("accounts:invitation_create", args=[org.pk])
    with capture(execute=True):
        return client.post(url, {"email": email, "role": role})


def _link(mail) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/invitations/[^\s]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_an_organisation_admin_invites_a_newcomer_who_joins(as_group, world, client, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    response = _invite(as_group, world.group, "New.Volunteer@example.org", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.volunteer@example.org"]
    assert "Brixton Elders Lunch Club" in mailoutbox[0].subject

    link = _link(mailoutbox[0])
    assert "Your full name" in client.get(link).content.decode()
    response = client.post(link, {"full_name": "Nia Newcomer", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    user = User.objects.get(email="new.volunteer@example.org")
    assert user.full_name == "Nia Newcomer"
    assert Membership.objects.filter(user=user, organisation=world.group, role="member").exists()
    assert "Brixton Elders Lunch Club" in client.get(reverse("dashboard")).content.decode()


def test_host_staff_invite_a_colleague(as_host, world, mailoutbox, django_capture_on_commit_callbacks):
    response = _invite(as_host, world.host, "colleague@healthwatchlambeth.org.uk", role="staff",
                       capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Invitation.objects.get(email="colleague@healthwatchlambeth.org.uk").role == "staff"
    assert len(mailoutbox) == 1


def test_mismatched_passwords_keep_the_name_typed(client, world):
    invitation = Invitation.objects.create(organisation=world.group, email="x@example.org", invited_by=world.admin)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    response = client.post(url, {"full_name": "Xavier", "password1": PASSWORD, "password2": "different-one-123"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The two passwords do not match" in page
    assert 'value="Xavier"' in page
    assert not User.objects.filter(email="x@example.org").exists()


def test_an_existing_person_signs_in_then_accepts(world, login_as, client):
    person = make_user(email="existing@example.org", name="Ezra Existing")
    invitation = Invitation.objects.create(organisation=world.group, email="existing@example.org",
                                           invited_by=world.group_member)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))

    signed_in = login_as(person)
    assert "Accept" in signed_in.get(url).content.decode()
    assert signed_in.post(url).status_code == 302
    assert Membership.objects.filter(user=person, organisation=world.group).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_an_invitation_for_someone_else_is_refused(world, as_other_group):
    invitation = Invitation.objects.create(organisation=world.group, email="someone@example.org",
                                           invited_by=world.group_member)
    response = as_other_group.get(reverse("accounts:invitation_accept", args=[invitation.token]))
    assert response.status_code == 403
    assert not Membership.objects.filter(user=world.other_group_member, organisation=world.group).exists()


def test_a_used_invitation_cannot_be_used_again(world, client):
    invitation = Invitation.objects.create(organisation=world.group, email="once@example.org",
                                           invited_by=world.group_member)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    client.post(url, {"full_name": "Once Only", "password1": PASSWORD, "password2": PASSWORD})
    assert client.get(url).status_code == 410


def test_a_plain_member_cannot_invite(world, login_as, mailoutbox):
    plain = login_as(make_member(world.group, Membership.Role.MEMBER))
    url = reverse("accounts:invitation_create", args=[world.group.pk])
    assert plain.get(url).status_code == 403
    assert plain.post(url, {"email": "a@example.org", "role": "admin"}).status_code == 403
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_an_outsider_cannot_find_the_invitation_page(as_other_group, as_outsider, world):
    url = reverse("accounts:invitation_create", args=[world.group.pk])
    assert as_other_group.get(url).status_code == 404
    assert as_outsider.post(url, {"email": "a@example.org", "role": "admin"}).status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_shows_an_error(as_group, world, django_capture_on_commit_callbacks):
    response = _invite(as_group, world.group, "grace@brixton-elders.org.uk", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
