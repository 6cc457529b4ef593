"""The access layer's core: who a user is in which organisation.

Domain apps build their "may this user see this object" selectors on these primitives;
views fetch objects through those selectors so an object a user may not see answers 404,
and use ``capacity_required`` so a page their role may not use answers 403.
"""
from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from grassroots.accounts.models import Membership, Organisation, User

Kind = Organisation.Kind
Role = Membership.Role


class Capacity(enum.StrEnum):
    """What a person may do here, derived from their memberships."""

    GROUP = "group"  # a member of a community group
    HOST = "host"  # staff of a host organisation (usually a Healthwatch)
    COMMISSIONER = "commissioner"  # NHS/ICB/council commissioner, or funder staff
    PROVIDER = "provider"  # staff of a provider that feedback is about
    ADMIN = "admin"  # the system administrator


# Domain apps say which organisations run a programme locally (see ``register_hosting_provider``): the core
# imports no domain app, yet a council or an ICB that hosts a programme must get host powers for it.
HostingProvider = Callable[[set[int]], set[int]]
_hosting_providers: list[HostingProvider] = []
STAFF_ROLES = (Role.STAFF, Role.ADMIN)


def register_hosting_provider(provider: HostingProvider) -> None:
    """Register a function that, given organisation ids, answers those that host something (idempotent)."""
    if provider not in _hosting_providers:
        _hosting_providers.append(provider)


def hosting_org_ids(candidates: Iterable[int]) -> set[int]:
    """Which of ``candidates`` host a programme (or anything a domain app counts as hosting)."""
    wanted = set(candidates)
    found: set[int] = set()
    for provider in _hosting_providers if wanted else ():
        found |= provider(wanted)
    return found


def memberships(user: Any) -> list[Membership]:
    """The user's memberships with their organisations, cached on the user for this request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_grassroots_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        # The hosting ids are published before the memberships that mark the cache as filled, so a second
        # thread holding the same user object never reads memberships without their hosting ids.
        user._grassroots_hosting = hosting_org_ids(m.organisation_id for m in cached if m.role in STAFF_ROLES)
        user._grassroots_memberships = cached
    return cached


def _hosting(user: Any) -> set[int]:
    memberships(user)
    return getattr(user, "_grassroots_hosting", set())


def _capacity_of(membership: Membership, hosting: set[int]) -> Capacity | None:
    """One capacity per membership. Staff of an organisation that hosts a programme act as its hosts,
    whatever the organisation's kind (a council hosting "Building Trust" runs it); a host-kind
    organisation's staff are hosts even before their first programme, so they can create it."""
    kind, role = membership.organisation.kind, membership.role
    if kind == Kind.COMMUNITY_GROUP:
        return Capacity.GROUP
    if role in STAFF_ROLES and (kind == Kind.HOST or membership.organisation_id in hosting):
        return Capacity.HOST
    if role == Role.COMMISSIONER or (kind in (Kind.FUNDER, Kind.COUNCIL) and role in STAFF_ROLES):
        return Capacity.COMMISSIONER
    if kind == Kind.PROVIDER:
        return Capacity.PROVIDER
    return None


def capacities(user: Any) -> set[Capacity]:
    hosting = _hosting(user)
    found = {cap for m in memberships(user) if (cap := _capacity_of(m, hosting)) is not None}
    if getattr(user, "is_superuser", False):
        found.add(Capacity.ADMIN)
    return found


def org_ids(user: Any, capacity: Capacity | None = None) -> set[int]:
    """Ids of the organisations in which the user acts in ``capacity`` (any capacity if None)."""
    hosting = _hosting(user)
    return {
        m.organisation_id
        for m in memberships(user)
        if capacity is None or _capacity_of(m, hosting) == capacity
    }


def organisations(user: Any, capacity: Capacity | None = None) -> list[Organisation]:
    hosting = _hosting(user)
    return [m.organisation for m in memberships(user) if capacity is None or _capacity_of(m, hosting) == capacity]


def has_capacity(user: Any, *wanted: Capacity) -> bool:
    held = capacities(user)
    return Capacity.ADMIN in held or any(c in held for c in wanted)


def may_manage_members(user: Any, organisation: Organisation) -> tuple[bool, str]:
    """Organisation administrators and host staff may invite colleagues into their own organisation."""
    for m in memberships(user):
        if m.organisation_id == organisation.pk:
            if m.role in (Role.ADMIN, Role.STAFF):
                return True, ""
            return False, "Only an administrator of this organisation can invite colleagues."
    if getattr(user, "is_superuser", False):
        return True, ""
    return False, "You are not a member of this organisation."


V = TypeVar("V", bound=Callable[..., HttpResponse])


def capacity_required(*wanted: Capacity) -> Callable[[V], V]:
    """Sign-in required; then 403 unless the user holds one of ``wanted`` (administrators pass)."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_capacity(request.user, *wanted):
                raise PermissionDenied("Your role does not give you access to this page.")
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


def users_with_capacity(org_ids_: Iterable[int] | QuerySet[Any, Any], capacity: Capacity) -> list[User]:
    """People who act in ``capacity`` in any of the given organisations (for notifications). A queryset of
    ids is used as a subquery, so the organisations and their members come in one query."""
    ids = org_ids_ if isinstance(org_ids_, QuerySet) else list(org_ids_)
    ms = Membership.objects.filter(organisation_id__in=ids, user__is_active=True).select_related(
        "organisation", "user"
    )
    seen: dict[int, User] = {}
    members = list(ms)
    hosting = hosting_org_ids(m.organisation_id for m in members if m.role in STAFF_ROLES)
    for m in members:
        if _capacity_of(m, hosting) == capacity:
            seen[m.user_id] = m.user
    return list(seen.values())


def group_may_apply(organisation: Organisation) -> tuple[bool, str]:
    """A community group may apply for grants once host staff have approved it.

    The grants service asks this before it starts an application, and the funding pages ask it to
    tell a pending group plainly why it cannot apply yet.
    """
    if organisation.kind != Kind.COMMUNITY_GROUP:
        return False, f"{organisation} is not a community group, so it cannot apply for grants."
    if organisation.status == Organisation.Status.PENDING:
        return False, (f"{organisation} can apply for funding once its local host organisation has approved its "
                       "registration. We will email you when they have.")
    if organisation.status == Organisation.Status.DECLINED:
        return False, (f"{organisation}'s registration was not approved, so it cannot apply for funding. "
                       "Contact your local host organisation if you think this is wrong.")
    return True, ""


def require_group_may_apply(organisation: Organisation) -> None:
    """Raise ``PermissionDenied`` with the reason unless the group may apply (see ``group_may_apply``)."""
    allowed, reason = group_may_apply(organisation)
    if not allowed:
        raise PermissionDenied(reason)


def may_edit_profile(user: Any, organisation: Organisation) -> tuple[bool, str]:
    """Any member may keep a community group's profile up to date; elsewhere its staff and administrators may."""
    if getattr(user, "is_superuser", False):
        return True, ""
    for m in memberships(user):
        if m.organisation_id == organisation.pk:
            if organisation.kind == Kind.COMMUNITY_GROUP or m.role in (Role.ADMIN, Role.STAFF):
                return True, ""
            return False, "Only staff and administrators of this organisation can change its details."
    return False, "You are not a member of this organisation."


def may_administer(user: Any, organisation: Organisation) -> tuple[bool, str]:
    """Removing people and changing their roles is for the organisation's administrators (and system admins)."""
    if getattr(user, "is_superuser", False):
        return True, ""
    for m in memberships(user):
        if m.organisation_id == organisation.pk:
            if m.role == Role.ADMIN:
                return True, ""
            return False, "Only an administrator of this organisation can change who belongs to it."
    return False, "You are not a member of this organisation."


def groups_for_host_review(user: Any) -> QuerySet[Organisation]:
    """Community groups that this user may approve or decline: those in the areas their organisation hosts."""
    qs = Organisation.objects.filter(kind=Kind.COMMUNITY_GROUP)
    if getattr(user, "is_superuser", False):
        return qs
    host_ids = org_ids(user, Capacity.HOST)
    return qs.filter(pk__in=Organisation.objects.filter(areas__host_organisation_id__in=host_ids).values("pk"))


# --- Safeguarding contacts ---------------------------------------------------------------------------------------

def is_hosting(organisation: Organisation) -> bool:
    """A host organisation, or one that hosts a programme (a council, an ICB): groups' concerns come to it."""
    return organisation.kind == Kind.HOST or organisation.pk in hosting_org_ids([organisation.pk])


def safeguarding_contacts_for(organisation_id: int) -> tuple[list[User], bool]:
    """Who is e-mailed about a safeguarding concern in what this organisation hosts, and whether it chose them.

    Its members marked as safeguarding contacts; if it has marked none, its staff and administrators, so a concern
    always reaches someone (its members page says so, and asks an administrator to choose)."""
    members = list(Membership.objects.filter(organisation_id=organisation_id, user__is_active=True)
                   .select_related("user").order_by("user__full_name", "pk"))
    marked = [m.user for m in members if m.safeguarding_contact]
    if marked:
        return marked, True
    return [m.user for m in members if m.role in STAFF_ROLES], False
