"""Writes for an organisation's people: an administrator removes someone or changes their role.

Every organisation keeps at least one administrator, so nobody can lock a group out of its own account.
Each change leaves a simple_history row naming who made it.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from grassroots.accounts.access import is_hosting, may_administer
from grassroots.accounts.models import Membership, Organisation, User

Role = Membership.Role
Kind = Organisation.Kind

# The roles that mean something in each kind of organisation.
ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    Kind.COMMUNITY_GROUP: (Role.MEMBER, Role.ADMIN),
    Kind.HOST: (Role.STAFF, Role.ADMIN),
    Kind.FUNDER: (Role.COMMISSIONER, Role.STAFF, Role.ADMIN),
    Kind.COUNCIL: (Role.COMMISSIONER, Role.STAFF, Role.ADMIN),
    Kind.PROVIDER: (Role.STAFF, Role.ADMIN),
}


def role_choices(organisation: Organisation) -> list[tuple[str, str]]:
    return [(role, Role(role).label) for role in ROLES_BY_KIND[organisation.kind]]


def _lock_members(actor: User, membership: Membership) -> tuple[Membership, list[Membership]]:
    """Lock every membership of the organisation: two administrators demoting each other at once must not
    leave it with none."""
    allowed, reason = may_administer(actor, membership.organisation)
    if not allowed:
        raise PermissionDenied(reason)
    everyone = list(Membership.objects.select_for_update(of=("self",)).select_related("user")
                    .filter(organisation_id=membership.organisation_id).order_by("pk"))
    locked = next((m for m in everyone if m.pk == membership.pk), None)
    if locked is None:
        raise ValidationError("That person is no longer a member of this organisation.")
    return locked, everyone


def _last_admin(locked: Membership, everyone: list[Membership]) -> bool:
    return locked.role == Role.ADMIN and not any(m.role == Role.ADMIN for m in everyone if m.pk != locked.pk)


def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    if role not in ROLES_BY_KIND[membership.organisation.kind]:
        raise ValidationError(f"{membership.organisation} has no “{role}” role.")
    with transaction.atomic():
        locked, everyone = _lock_members(actor, membership)
        if locked.role == role:
            return locked
        if _last_admin(locked, everyone):
            raise ValidationError(f"{locked.user} is the only administrator of {locked.organisation}. "
                                  "Make someone else an administrator first.")
        locked.role = role
        locked._history_user = actor  # type: ignore[attr-defined]
        locked.save(update_fields=["role"])
    return locked


def membership_remove(*, actor: User, membership: Membership) -> None:
    with transaction.atomic():
        try:
            locked, everyone = _lock_members(actor, membership)
        except ValidationError:
            return  # already removed: pressing the button twice removes once
        if _last_admin(locked, everyone):
            raise ValidationError(f"{locked.user} is the only administrator of {locked.organisation}. "
                                  "Make someone else an administrator first.")
        locked._history_user = actor  # type: ignore[attr-defined]
        locked.delete()


def membership_set_safeguarding_contact(*, actor: User, membership: Membership, contact: bool) -> Membership:
    """Mark (or unmark) a member of a hosting organisation as one of those e-mailed about safeguarding concerns."""
    if not is_hosting(membership.organisation):
        raise ValidationError(f"{membership.organisation} does not host a programme, so it has no safeguarding "
                              "contacts.")
    with transaction.atomic():
        locked, _ = _lock_members(actor, membership)
        if locked.safeguarding_contact == contact:
            return locked
        locked.safeguarding_contact = contact
        locked._history_user = actor  # type: ignore[attr-defined]
        locked.save(update_fields=["safeguarding_contact"])
    return locked
