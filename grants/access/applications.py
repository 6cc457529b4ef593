"""Applications and their reviews: who may see, change, return, review and decide them.

The policy: see grants/access/__init__.py."""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from grants.access.base import YES, Allowed, R, S, _is_admin, no
from grants.access.programmes import commissioner_programmes, is_programme_commissioner, is_round_staff, rounds_for_staff
from grants.models import Application, Programme, Review, Round
from grassroots.accounts.access import Capacity, capacities, org_ids, users_with_capacity
from grassroots.accounts.models import Organisation, User

# --- Applications ----------------------------------------------------------------------------------------------

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
        q |= Q(round__programme__in=commissioner_programmes(user).values("pk")) & ~Q(status=S.DRAFT)
    return Application.objects.filter(q)


def group_applications(user: Any) -> QuerySet[Application]:
    """The applications of the groups the user is a member of (their own, not those they oversee)."""
    return Application.objects.filter(organisation_id__in=org_ids(user, Capacity.GROUP))


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
        Application.objects.select_related("round__programme", "round__share", "organisation"),
        pk=pk, round__in=rounds_for_staff(user).values("pk"),
    )


def application_for_commissioner_or_404(user: Any, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("round__programme", "organisation").exclude(status=S.DRAFT),
        pk=pk, round__programme__in=commissioner_programmes(user).values("pk"),
    )


def application_for_panel_or_404(user: Any, pk: int) -> Application:
    """Host staff of the application's share, or a commissioner of the programme once it is submitted."""
    staff = Q(round__in=rounds_for_staff(user).values("pk"))
    commissioner = Q(round__programme__in=commissioner_programmes(user).values("pk")) & ~Q(status=S.DRAFT)
    return get_object_or_404(
        Application.objects.select_related("round__programme", "organisation").filter(staff | commissioner), pk=pk)


def may_act_for_group(user: Any, organisation: Organisation) -> Allowed:
    """Only a group's own members apply, change, submit or withdraw for it, accept its grants and write
    its reports (host staff help, but do not act in the group's name)."""
    if organisation.pk in org_ids(user, Capacity.GROUP):
        return YES
    return no(f"Only members of {organisation} can do this.")


def may_return(user: Any, application: Application) -> Allowed:
    """Host staff send an application back while it is submitted or under review."""
    if not is_round_staff(user, application.round):
        return no("Only host staff of this programme can return an application.")
    if not application.may_move_to(S.RETURNED):
        return no(f"This application is {application.get_status_display().lower()}, so it cannot be returned.")
    return YES


def may_assign_reviewers(user: Any, application: Application) -> Allowed:
    if not is_round_staff(user, application.round):
        return no("Only host staff of this programme can assign reviewers.")
    if application.status not in (S.SUBMITTED, S.UNDER_REVIEW):
        return no("Reviewers can be assigned once the application is submitted.")
    return YES


def may_see_panel(user: Any, application: Application) -> Allowed:
    """Host staff see the panel at any time; a reviewer only once their own review is submitted, so nobody
    scores with the others' numbers in mind. A commissioner of the programme who is not on the panel
    (deciding, not scoring) may see it too."""
    if is_round_staff(user, application.round):
        return YES
    if not is_programme_commissioner(user, application.round.programme):
        return no("You are not a commissioner of this programme.")
    own = Review.objects.filter(application=application, reviewer=user).only("status").first()
    if own is None or own.status == R.SUBMITTED:
        return YES
    if own.status == R.CONFLICTED:
        return no("You declared a conflict of interest with this application, so you cannot see the panel's scores.")
    return no("Submit your own review to see the panel's scores.")


def may_see_conflict_details(user: Any, rnd: Round) -> bool:
    """What a reviewer wrote about their conflict is for the round's host staff only."""
    return is_round_staff(user, rnd)


def may_decide(user: Any, application: Application) -> Allowed:
    """A commissioner of the programme decides, unless they declared a conflict with this application or
    were asked to review it and have not submitted their review yet. The same rule for one decision
    and for a bulk decision, because both go through the services that call this."""
    if not is_programme_commissioner(user, application.round.programme):
        return no("Commissioners of this programme take the funding decisions.")
    own = Review.objects.filter(application=application, reviewer=user).only("status").first()
    if own is not None and own.status == R.CONFLICTED:
        return no(f"You declared a conflict of interest with {application.reference}, so you cannot decide it. "
                  "Ask a colleague.")
    if own is not None and own.status != R.SUBMITTED:
        return no(f"Submit your own review of {application.reference} before you decide it.")
    return YES


# --- Reviews ---------------------------------------------------------------------------------------------------

def reviews_for_reviewer(user: Any) -> QuerySet[Review]:
    return Review.objects.filter(reviewer=user)


def review_for_reviewer_or_404(user: Any, pk: int) -> Review:
    return get_object_or_404(
        reviews_for_reviewer(user).select_related("application__round__programme", "application__organisation"),
        pk=pk,
    )


def review_for_staff_or_404(user: Any, application: Application, pk: int) -> Review:
    """A review of an application the user runs (already fetched through ``application_for_staff_or_404``)."""
    return get_object_or_404(Review.objects.select_related("reviewer"), pk=pk, application=application,
                             application__round__in=rounds_for_staff(user).values("pk"))


def programme_reviewers(programme: Programme) -> list[User]:
    """Who may be asked to review: commissioners of the programme's funder and commissioning organisations
    (the same organisations ``commissioner_programmes`` answers for), by name."""
    ids = Organisation.objects.filter(Q(pk=programme.funder_id) | Q(commissioned_programmes=programme)).values("pk")
    return sorted(users_with_capacity(ids, Capacity.COMMISSIONER), key=lambda u: (u.full_name.lower(), u.pk))


def may_change_review(user: Any, review: Review) -> Allowed:
    if review.reviewer_id != getattr(user, "pk", None):
        return no("Only the reviewer assigned to this review can change it.")
    return YES


def may_score(user: Any, review: Review) -> Allowed:
    if not (allowed := may_change_review(user, review)):
        return allowed
    if review.status == R.CONFLICTED:
        return no("You declared a conflict of interest with this application, so you cannot score it. "
                  "Host staff have been told and will ask another reviewer.")
    return YES


def may_unassign(user: Any, review: Review) -> Allowed:
    if not is_round_staff(user, review.application.round):
        return no("Only host staff of this programme can take a reviewer off.")
    if review.status == R.SUBMITTED:
        return no("This review has been submitted, so the reviewer cannot be taken off it.")
    return YES
