"""Who may see and change grant objects. Every grants view fetches through these helpers.

Visibility follows DOMAIN.md: what a group enters is visible to that group, to the host staff and
the commissioners/funder of its programme, and to nobody else. Objects others may not see answer 404.
A programme may be shared by several hosts: each host's staff see only their own share's rounds,
applications and grants; the lead organisation's staff see the whole programme.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from grants.models import Application, Grant, Programme, ProgrammeShare, Review, Round
from grassroots.accounts.access import STAFF_ROLES, Capacity, capacities, memberships, org_ids
from grassroots.accounts.models import Membership


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def hosting_organisations(candidates: set[int]) -> set[int]:
    """Of ``candidates``, the organisations that lead a programme or host a share of one (registered with the
    core in ``GrantsConfig.ready``, so their staff act as hosts whatever their organisation's kind)."""
    shares = ProgrammeShare.objects.filter(host_id__in=candidates).values_list("host_id", flat=True)
    leads = Programme.objects.filter(lead_id__in=candidates).values_list("lead_id", flat=True)
    return set(shares.union(leads))


def _host_ids(user: Any) -> set[int]:
    return org_ids(user, Capacity.HOST)


def _working_org_ids(user: Any) -> set[int]:
    """Organisations the user works for (staff, administrator or commissioner; not a plain member)."""
    return {m.organisation_id for m in memberships(user) if m.role in (*STAFF_ROLES, Membership.Role.COMMISSIONER)}


def staff_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes this user runs as host staff: those their organisation leads or hosts a share of."""
    if _is_admin(user):
        return Programme.objects.all()
    ids = _host_ids(user)
    return Programme.objects.filter(
        Q(lead_id__in=ids) | Q(pk__in=ProgrammeShare.objects.filter(host_id__in=ids).values("programme_id")))


def led_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes whose every share this user may run: as staff of the lead organisation."""
    if _is_admin(user):
        return Programme.objects.all()
    return Programme.objects.filter(lead_id__in=_host_ids(user))


def shares_for_staff(user: Any) -> QuerySet[ProgrammeShare]:
    """The shares this user runs: their own organisation's, or every share of a programme they lead."""
    if _is_admin(user):
        return ProgrammeShare.objects.all()
    ids = _host_ids(user)
    return ProgrammeShare.objects.filter(Q(host_id__in=ids) | Q(programme__lead_id__in=ids))


def commissioner_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes this user reviews or decides as a commissioner or funder."""
    if _is_admin(user):
        return Programme.objects.all()
    ids = org_ids(user, Capacity.COMMISSIONER)
    return Programme.objects.filter(Q(funder_id__in=ids) | Q(commissioners__in=ids)).distinct()


def overview_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes whose overview page (totals per host) this user may read: staff of the lead, of a host or
    of the funder, and delivery partners. A host sees only its own share there (see the selector)."""
    if _is_admin(user):
        return Programme.objects.all()
    staff_orgs = _working_org_ids(user)
    hosts = _host_ids(user)
    return Programme.objects.filter(
        Q(lead_id__in=hosts) | Q(funder_id__in=staff_orgs)
        | Q(pk__in=ProgrammeShare.objects.filter(host_id__in=hosts).values("programme_id"))
        | Q(pk__in=Programme.delivery_partners.through.objects.filter(organisation_id__in=staff_orgs)
            .values("programme_id")))


def programme_for_overview_or_404(user: Any, pk: int) -> Programme:
    return get_object_or_404(overview_programmes(user).select_related("funder", "lead"), pk=pk)


def sees_whole_programme(user: Any, programme: Programme) -> bool:
    """The lead's staff, the funder's staff and delivery partners see every share; a host sees its own."""
    if _is_admin(user) or programme.lead_id in _host_ids(user):
        return True
    staff_orgs = _working_org_ids(user)
    return programme.funder_id in staff_orgs or programme.delivery_partners.filter(pk__in=staff_orgs).exists()


def is_programme_staff(user: Any, programme: Programme) -> bool:
    """Whether the user runs some part of the programme (its lead, or the host of one of its shares)."""
    if _is_admin(user):
        return True
    ids = _host_ids(user)
    return programme.lead_id in ids or programme.shares.filter(host_id__in=ids).exists()


def is_round_staff(user: Any, rnd: Round) -> bool:
    """Whether the user runs this round: staff of its share's host or of the programme's lead."""
    if _is_admin(user):
        return True
    ids = _host_ids(user)
    return rnd.share.host_id in ids or rnd.programme.lead_id in ids


def rounds_for_staff(user: Any) -> QuerySet[Round]:
    if _is_admin(user):
        return Round.objects.all()
    ids = _host_ids(user)
    return Round.objects.filter(Q(share__host_id__in=ids) | Q(programme__lead_id__in=ids))


def round_for_staff_or_404(user: Any, pk: int) -> Round:
    return get_object_or_404(rounds_for_staff(user).select_related("programme", "share__host"), pk=pk)


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
        # Host staff see drafts too, so they can support a group that is stuck; only in the shares they run.
        q |= Q(round__in=rounds_for_staff(user).values("pk"))
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
        pk=pk, round__in=rounds_for_staff(user).values("pk"),
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
        pk=pk, round__in=rounds_for_staff(user).values("pk"),
    )
