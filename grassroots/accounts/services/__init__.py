"""Writes for people and organisations: invitations and memberships."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from grassroots.accounts.access import may_manage_members
from grassroots.accounts.emails import normalise_email
from grassroots.accounts.models import Invitation, Membership, Organisation, User
from grassroots.mail.services import email_enqueue


def membership_add(*, organisation: Organisation, user: User, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def invitation_create(*, actor: User, organisation: Organisation, email: str, role: str) -> Invitation:
    allowed, reason = may_manage_members(actor, organisation)
    if not allowed:
        raise PermissionDenied(reason)
    email = normalise_email(email)
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(f"{email} is already a member of {organisation}.")
    with transaction.atomic():
        # A fresh invitation replaces any earlier unused one for the same address.
        Invitation.objects.filter(organisation=organisation, email__iexact=email, accepted_at__isnull=True).delete()
        invitation = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=actor)
        link = settings.SITE_URL + reverse("accounts:invitation_accept", args=[invitation.token])
        email_enqueue(
            subject=f"You are invited to join {organisation} on Grassroots",
            body=f"{actor} has invited you to join {organisation} on Grassroots as "
                 f"{invitation.get_role_display().lower()}.\n\nAccept the invitation: {link}\n\n"
                 "The link works for 14 days.",
            recipients=[email], cause=f"Invitation to {organisation}")
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            if locked.accepted_by_id == user.pk:
                return Membership.objects.get(user=user, organisation=locked.organisation)
            raise ValidationError("This invitation has already been used.")
        if locked.expires_at <= timezone.now():
            raise ValidationError("This invitation has expired. Ask your colleague to send a new one.")
        membership = membership_add(organisation=locked.organisation, user=user, role=locked.role)
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def user_create(*, email: str, full_name: str, password: str | None) -> User:
    return User.objects.create_user(email=normalise_email(email), full_name=full_name, password=password)
