"""Writes for community groups joining Grassroots: register, approve, decline, and keep the profile up to date.

A group registers itself and waits, pending, in the "new groups" list of the host organisation of its area;
host staff approve or decline it (with a reason), and every step leaves an ``OrganisationStatusChange`` row.
Only an approved group may apply for grants (``access.group_may_apply``).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from grassroots.accounts.access import Capacity, groups_for_host_review, may_edit_profile, users_with_capacity
from grassroots.accounts.models import Area, Membership, Organisation, OrganisationStatusChange, User
from grassroots.accounts.postcodes import normalise_postcode
from grassroots.accounts.services import membership_add
from grassroots.mail.services import email_enqueue

Status = Organisation.Status

# Fields a member may change on the profile page, by kind of organisation. Approval status never is.
GROUP_PROFILE_FIELDS = ("name", "communities_served", "charity_number", "company_number", "org_id", "postcode",
                        "website", "email")
OTHER_PROFILE_FIELDS = ("name", "org_id", "postcode", "website", "email")

# An org-id is a register's prefix and that register's identifier: GB-CHC-1123456, GB-NHS-QKK, XI-PB-123.
_ORG_ID = re.compile(r"^[A-Z]{2,4}-[A-Z0-9]{2,}-\S+$")


@dataclass(frozen=True)
class NewAccount:
    """The person registering a group when they are not signed in."""

    email: str
    full_name: str
    password: str
    password_is_hashed: bool = False  # the sign-up pages keep only a hash between pages


@dataclass(frozen=True)
class GroupDetails:
    name: str
    area: Area
    communities_served: str
    postcode: str
    charity_number: str = ""
    company_number: str = ""


def _send(subject: str, body: str, recipients: list[str]) -> None:
    email_enqueue(subject=subject, body=body, recipients=recipients, cause=subject)


def _link(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def group_name_problem(name: str, *, exclude_pk: int | None = None) -> str:
    """Why this name cannot be used for a community group, or "" if it can (names are unique, ignoring case)."""
    qs = Organisation.objects.filter(kind=Organisation.Kind.COMMUNITY_GROUP, name__iexact=name.strip())
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        return (f"A group called {name.strip()} is already registered. If you belong to it, ask its "
                "administrator to invite you instead.")
    return ""


def org_id_problem(org_id: str) -> str:
    if org_id and not _ORG_ID.match(org_id):
        return "Enter an org-id in the form a register gives it, like GB-CHC-1123456 or GB-NHS-QKK"
    return ""


def _record(group: Organisation, *, actor: User | None, to: str, reason: str = "", from_status: str = "") -> None:
    OrganisationStatusChange.objects.create(organisation=group, actor=actor, from_status=from_status, to_status=to,
                                            reason=reason)


def _host_staff_emails(group: Organisation) -> list[str]:
    host_ids = {a.host_organisation_id for a in group.areas.all() if a.host_organisation_id}
    return [u.email for u in users_with_capacity(host_ids, Capacity.HOST)]


def _member_emails(group: Organisation) -> list[str]:
    return list(Membership.objects.filter(organisation=group, user__is_active=True)
                .values_list("user__email", flat=True))


def group_register(*, actor: User | None, details: GroupDetails, account: NewAccount | None = None) -> Organisation | None:
    """Register a community group, pending approval by the host organisation of its area.

    A signed-in ``actor`` becomes the group's administrator. Someone not signed in gives ``account``: a new
    account is made for them, but if that address already has one nothing is made and the address is e-mailed
    instead, so the page (which says the same either way) never tells a stranger who has an account here.
    Returns the group, or None when nothing was made.
    """
    if actor is None and account is None:
        raise ValueError("Either a signed-in actor or a new account is needed to register a group.")
    if details.area.host_organisation_id is None:
        raise ValidationError("No host organisation looks after that area yet, so groups there cannot register.")
    problem = group_name_problem(details.name)
    if problem:
        raise ValidationError(problem)
    postcode = normalise_postcode(details.postcode)
    try:
        return _create(actor=actor, details=details, account=account, postcode=postcode)
    except IntegrityError as exc:
        # Two presses at once: the checks above passed for both, and the database let only one through.
        raise ValidationError(group_name_problem(details.name) or "That account was made a moment ago: sign in "
                              "to register your group from it.") from exc


def _create(*, actor: User | None, details: GroupDetails, account: NewAccount | None, postcode: str) -> Organisation | None:
    with transaction.atomic():
        if actor is None:
            assert account is not None
            email = account.email.strip().lower()
            if User.objects.filter(email__iexact=email).exists():
                if not account.password_is_hashed:
                    make_password(account.password)  # the same work as a new account: timing tells nothing either
                _send("Someone tried to register a group with your email address",
                      f"Someone, perhaps you, tried to register \"{details.name}\" on Grassroots with this email "
                      "address, which already has an account. If it was you, sign in and register the group "
                      f"from your account: {_link('accounts:group_register')}\n\n"
                      "If it was not you, you can ignore this email: nothing has changed.", [email])
                return None
            actor = User.objects.create_user(email=email, full_name=account.full_name.strip(),
                                             password=None if account.password_is_hashed else account.password)
            if account.password_is_hashed:
                actor.password = account.password
                actor.save(update_fields=["password"])
        group = Organisation.objects.create(
            name=details.name.strip(), kind=Organisation.Kind.COMMUNITY_GROUP, status=Status.PENDING,
            communities_served=details.communities_served.strip(), charity_number=details.charity_number.strip(),
            company_number=details.company_number.strip(), postcode=postcode, email=actor.email)
        group.areas.add(details.area)
        membership_add(organisation=group, user=actor, role=Membership.Role.ADMIN)
        _record(group, actor=actor, to=Status.PENDING, reason=f"Registered by {actor.full_name}")
        host = details.area.host_organisation
        _send(f"We have received {group.name}'s registration",
              f"Thank you for registering {group.name} on Grassroots.\n\n{host} looks after {details.area} and will "
              "check your registration. We will email you when they have. Until then you can sign in, keep your "
              f"group's details up to date and see the funds that are open, but not apply.\n\n{_link('dashboard')}",
              [actor.email])
        _send(f"A new community group has registered: {group.name}",
              f"{group.name} ({details.area}) has registered on Grassroots and is waiting for your approval.\n\n"
              f"Communities served: {group.communities_served}\nRegistered by: {actor.full_name}\n\n"
              f"Approve or decline it: {_link('accounts:new_group_detail', group.pk)}",
              _host_staff_emails(group))
    return group


def _lock_group_for(actor: User, group: Organisation) -> Organisation:
    """The group, locked, if ``actor`` may decide on it (host staff of one of its areas, or an administrator)."""
    if not groups_for_host_review(actor).filter(pk=group.pk).exists():
        raise PermissionDenied("Only staff of the host organisation for this group's area can approve it.")
    return Organisation.objects.select_for_update(of=("self",)).get(pk=group.pk)


def _move(group: Organisation, *, actor: User, to: str, reason: str) -> None:
    if to not in Organisation.STATUS_TRANSITIONS[group.status]:
        raise ValidationError(f"{group} is {group.get_status_display().lower()}, so it cannot be "
                              f"{Status(to).label.lower()} now.")
    from_status = group.status
    group.status = to
    group._history_user = actor  # type: ignore[attr-defined]  # simple_history's audit row names who did it
    group.save(update_fields=["status"])
    _record(group, actor=actor, to=to, reason=reason, from_status=from_status)


def group_approve(*, actor: User, group: Organisation, note: str = "") -> Organisation:
    """Host staff accept a registered group: from now on it may apply for grants."""
    with transaction.atomic():
        locked = _lock_group_for(actor, group)
        if locked.status == Status.APPROVED:
            return locked
        _move(locked, actor=actor, to=Status.APPROVED, reason=note.strip())
        _send(f"{locked.name} is approved on Grassroots",
              f"Good news: {actor.full_name} has approved {locked.name}'s registration. Your group can now apply "
              f"for funding.\n\nSee the funds open now: {_link('dashboard')}", _member_emails(locked))
    return locked


def group_decline(*, actor: User, group: Organisation, reason: str) -> Organisation:
    """Host staff turn a registration down, saying why; the group is told the reason."""
    if not reason.strip():
        raise ValidationError("Say why the registration is declined: the group will see the reason.")
    with transaction.atomic():
        locked = _lock_group_for(actor, group)
        if locked.status == Status.DECLINED:
            return locked
        _move(locked, actor=actor, to=Status.DECLINED, reason=reason.strip())
        _send(f"{locked.name}'s registration on Grassroots",
              f"{actor.full_name} has looked at {locked.name}'s registration and could not approve it:\n\n"
              f"{reason.strip()}\n\nIf you think this is wrong, or things have changed, reply to your local host "
              "organisation.", _member_emails(locked))
    return locked


def profile_fields(organisation: Organisation) -> tuple[str, ...]:
    return GROUP_PROFILE_FIELDS if organisation.kind == Organisation.Kind.COMMUNITY_GROUP else OTHER_PROFILE_FIELDS


def organisation_profile_update(*, actor: User, organisation: Organisation, data: Mapping[str, str]) -> Organisation:
    """Change the details an organisation's own people keep up to date (never its kind, areas or approval)."""
    allowed, reason = may_edit_profile(actor, organisation)
    if not allowed:
        raise PermissionDenied(reason)
    fields = [f for f in profile_fields(organisation) if f in data]
    clean = {f: (data[f] or "").strip() for f in fields}
    if "postcode" in clean:
        clean["postcode"] = normalise_postcode(clean["postcode"])
    if "org_id" in clean:
        clean["org_id"] = clean["org_id"].upper()
        if problem := org_id_problem(clean["org_id"]):
            raise ValidationError({"org_id": problem})
    if "name" in clean:
        if not clean["name"]:
            raise ValidationError({"name": "Enter the organisation's name"})
        if organisation.kind == Organisation.Kind.COMMUNITY_GROUP and (
                problem := group_name_problem(clean["name"], exclude_pk=organisation.pk)):
            raise ValidationError({"name": problem})
    with transaction.atomic():
        locked = Organisation.objects.select_for_update(of=("self",)).get(pk=organisation.pk)
        changed = [f for f in fields if getattr(locked, f) != clean[f]]
        if not changed:
            return locked
        for f in changed:
            setattr(locked, f, clean[f])
        locked._history_user = actor  # type: ignore[attr-defined]
        locked.save(update_fields=changed)
    return locked
