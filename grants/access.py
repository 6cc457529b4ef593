"""Who may see and change grant objects. Every grants view fetches through these helpers.

Visibility follows DOMAIN.md: what a group enters is visible to that group, to the host staff and
the commissioners/funder of its programme, and to nobody else. Objects others may not see answer 404.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from grants.models import Application, Grant, Programme, Review, Round
from grassroots.accounts.access import Capacity, capacities, org_ids


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def staff_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes this user runs as host staff."""
    if _is_admin(user):
        return Programme.objects.all()
    return Programme.objects.filter(host_id__in=org_ids(user, Capacity.HOST))


def commissioner_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes this user reviews or decides as a commissioner or funder."""
    if _is_admin(user):
        return Programme.objects.all()
    ids = org_ids(user, Capacity.COMMISSIONER)
    return Programme.objects.filter(Q(funder_id__in=ids) | Q(commissioners__in=ids)).distinct()


def is_programme_staff(user: Any, programme: Programme) -> bool:
    return _is_admin(user) or programme.host_id in org_ids(user, Capacity.HOST)


def rounds_for_staff(user: Any) -> QuerySet[Round]:
    return Round.objects.filter(programme__in=staff_programmes(user).values("pk"))


def round_for_staff_or_404(user: Any, pk: int) -> Round:
    return get_object_or_404(rounds_for_staff(user).select_related("programme"), pk=pk)


def rounds_open_to_groups() -> QuerySet[Round]:
    return Round.objects.filter(published=True).select_related("programme")


def applications_visible_to(user: Any) -> QuerySet[Application]:
    if _is_admin(user):
        return Application.objects.all()
    held = capacities(user)
    q = Q(pk__in=[])
    if Capacity.GROUP in held:
        q |= Q(organisation_id__in=org_ids(user, Capacity.GROUP))
    if Capacity.HOST in held:
        # Host staff see drafts too, so they can support a group that is stuck.
        q |= Q(round__programme__host_id__in=org_ids(user, Capacity.HOST))
    if Capacity.COMMISSIONER in held:
        q |= Q(round__programme__in=commissioner_programmes(user).values("pk")) & ~Q(status=Application.Status.DRAFT)
    return Application.objects.filter(q)


def application_for_user_or_404(user: Any, pk: int) -> Application:
    return get_object_or_404(
        applications_visible_to(user).select_related("round__programme", "organisation", "created_by"), pk=pk
    )


def application_for_applicant_or_404(user: Any, pk: int) -> Application:
    """The group's own application (for editing, withdrawing, accepting). Staff get 404 here too."""
    return get_object_or_404(
        Application.objects.select_related("round__programme", "organisation"),
        pk=pk, organisation_id__in=org_ids(user, Capacity.GROUP),
    )


def application_for_staff_or_404(user: Any, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("round__programme", "organisation"),
        pk=pk, round__programme__in=staff_programmes(user).values("pk"),
    )


def application_for_commissioner_or_404(user: Any, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("round__programme", "organisation").exclude(status=Application.Status.DRAFT),
        pk=pk, round__programme__in=commissioner_programmes(user).values("pk"),
    )


def reviews_for_reviewer(user: Any) -> QuerySet[Review]:
    return Review.objects.filter(reviewer=user)


def review_for_reviewer_or_404(user: Any, pk: int) -> Review:
    return get_object_or_404(
        reviews_for_reviewer(user).select_related("application__round__programme", "application__organisation"),
        pk=pk,
    )


def grant_for_grantee_or_404(user: Any, pk: int) -> Grant:
    return get_object_or_404(
        Grant.objects.select_related("round__programme", "organisation", "application"),
        pk=pk, organisation_id__in=org_ids(user, Capacity.GROUP),
    )


def grant_for_staff_or_404(user: Any, pk: int) -> Grant:
    return get_object_or_404(
        Grant.objects.select_related("round__programme", "organisation", "application"),
        pk=pk, round__programme__in=staff_programmes(user).values("pk"),
    )
