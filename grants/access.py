"""Who may see and do what with grant objects: every such decision is written here, and only here.

The policy
----------
1. **Seeing.** Each object type has ``<things>_visible_to(user)`` (a queryset) and
   ``<thing>_for_<role>_or_404(user, pk)``. Views fetch every object through one of them; an object the
   user may not see answers 404, so ids reveal nothing. Selectors start from these querysets too.
2. **Doing.** Each action has ``may_<action>(user, obj) -> Allowed`` (a yes or no with the reason, as
   Hypha's permission functions do). Views hand them to templates as ``may_*`` (a button shows or not, and
   the reason is shown instead), and the service that makes the change calls ``require(may_<action>(...))``
   again inside its transaction, so no page, command or task can skip it. A rule about the object's
   state ("is it still under review?") stays in the service; a rule about the person's right stays here.
3. **Programmes.** Who runs a programme (``staff_programmes``) and who commissions it
   (``commissioner_programmes``) is decided only in those two functions; everything else asks them.

Visibility follows DOMAIN.md: what a group enters is visible to that group, to the host staff and the
commissioners/funder of its programme, and to nobody else.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from grants.models import Application, Grant, MonitoringReport, Programme, Review, Round
from grassroots.accounts.access import Capacity, capacities, org_ids, users_with_capacity
from grassroots.accounts.models import Organisation, User

S = Application.Status
R = Review.Status


@dataclass(frozen=True)
class Allowed:
    """A yes or no, with the reason a person is shown when it is no."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


YES = Allowed(True)


def no(reason: str) -> Allowed:
    return Allowed(False, reason)


def require(allowed: Allowed) -> None:
    """For services: stop here (403 on a page) unless the actor has the right."""
    if not allowed:
        raise PermissionDenied(allowed.reason)


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


# --- Programmes: the two functions every other decision rests on ------------------------------------------

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
    return staff_programmes(user).filter(pk=programme.pk).exists()


def is_programme_commissioner(user: Any, programme: Programme) -> bool:
    return commissioner_programmes(user).filter(pk=programme.pk).exists()


def programme_for_staff_or_404(user: Any, pk: int) -> Programme:
    return get_object_or_404(staff_programmes(user).select_related("funder", "host"), pk=pk)


def may_run_programme(user: Any, programme: Programme) -> Allowed:
    return YES if is_programme_staff(user, programme) else no("You do not run this programme.")


def host_organisations(user: Any) -> QuerySet[Organisation]:
    """The host organisations this user may run programmes for (an administrator: any)."""
    hosts = Organisation.objects.filter(kind=Organisation.Kind.HOST)
    return hosts if _is_admin(user) else hosts.filter(pk__in=org_ids(user, Capacity.HOST))


def may_host(user: Any, host: Organisation) -> Allowed:
    """Programmes are created only for an organisation the user is host staff of."""
    if host_organisations(user).filter(pk=host.pk).exists():
        return YES
    return no("You can only run programmes for your own organisation.")


# --- Rounds ----------------------------------------------------------------------------------------------------

def rounds_for_staff(user: Any) -> QuerySet[Round]:
    return Round.objects.filter(programme__in=staff_programmes(user).values("pk"))


def round_for_staff_or_404(user: Any, pk: int) -> Round:
    return get_object_or_404(rounds_for_staff(user).select_related("programme"), pk=pk)


def rounds_open_to_groups() -> QuerySet[Round]:
    return Round.objects.filter(published=True).select_related("programme")


def decision_rounds(user: Any) -> QuerySet[Round]:
    """Rounds whose ranking the user may see: as a commissioner/funder (to decide) or host staff (to watch)."""
    return Round.objects.filter(Q(programme__in=commissioner_programmes(user).values("pk"))
                                | Q(programme__in=staff_programmes(user).values("pk")))


def round_for_decisions_or_404(user: Any, pk: int) -> Round:
    return get_object_or_404(decision_rounds(user).select_related("programme"), pk=pk)


def may_decide_in_round(user: Any, rnd: Round) -> Allowed:
    if is_programme_commissioner(user, rnd.programme):
        return YES
    return no("Commissioners of this programme take the funding decisions. You can see the ranking but not decide.")


# --- Applications ----------------------------------------------------------------------------------------------

def applications_visible_to(user: Any) -> QuerySet[Application]:
    if _is_admin(user):
        return Application.objects.all()
    held = capacities(user)
    q = Q(pk__in=[])
    if Capacity.GROUP in held:
        q |= Q(organisation_id__in=org_ids(user, Capacity.GROUP))
    if Capacity.HOST in held:
        # Host staff see drafts too, so they can support a group that is stuck.
        q |= Q(round__programme__in=staff_programmes(user).values("pk"))
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
        Application.objects.select_related("round__programme", "organisation"),
        pk=pk, round__programme__in=staff_programmes(user).values("pk"),
    )


def application_for_commissioner_or_404(user: Any, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("round__programme", "organisation").exclude(status=S.DRAFT),
        pk=pk, round__programme__in=commissioner_programmes(user).values("pk"),
    )


def application_for_panel_or_404(user: Any, pk: int) -> Application:
    """Host staff of the programme, or a commissioner of it once the application is submitted."""
    staff = Q(round__programme__in=staff_programmes(user).values("pk"))
    commissioner = Q(round__programme__in=commissioner_programmes(user).values("pk")) & ~Q(status=S.DRAFT)
    return get_object_or_404(
        Application.objects.select_related("round__programme", "organisation").filter(staff | commissioner), pk=pk)


def may_act_for_group(user: Any, organisation: Organisation) -> Allowed:
    """Only a group's own members apply, change, submit or withdraw for it, accept its grants and write
    its reports (host staff help, but do not act in the group's name)."""
    if organisation.pk in org_ids(user, Capacity.GROUP):
        return YES
    return no(f"Only members of {organisation} can do this.")


def may_edit_application(user: Any, application: Application) -> Allowed:
    """Only the group's own members change its application (and only while it is editable: the service)."""
    return may_act_for_group(user, application.organisation)


def may_return(user: Any, application: Application) -> Allowed:
    """Host staff send an application back while it is submitted or under review."""
    if not is_programme_staff(user, application.round.programme):
        return no("Only host staff of this programme can return an application.")
    if not application.may_move_to(S.RETURNED):
        return no(f"This application is {application.get_status_display().lower()}, so it cannot be returned.")
    return YES


def may_assign_reviewers(user: Any, application: Application) -> Allowed:
    if not is_programme_staff(user, application.round.programme):
        return no("Only host staff of this programme can assign reviewers.")
    if application.status not in (S.SUBMITTED, S.UNDER_REVIEW):
        return no("Reviewers can be assigned once the application is submitted.")
    return YES


def may_see_panel(user: Any, application: Application) -> Allowed:
    """Host staff see the panel at any time; a reviewer only once their own review is submitted, so nobody
    scores with the others' numbers in mind. A commissioner of the programme who is not on the panel
    (deciding, not scoring) may see it too."""
    if is_programme_staff(user, application.round.programme):
        return YES
    if not is_programme_commissioner(user, application.round.programme):
        return no("You are not a commissioner of this programme.")
    own = Review.objects.filter(application=application, reviewer=user).only("status").first()
    if own is None or own.status == R.SUBMITTED:
        return YES
    if own.status == R.CONFLICTED:
        return no("You declared a conflict of interest with this application, so you cannot see the panel's scores.")
    return no("Submit your own review to see the panel's scores.")


def may_see_conflict_details(user: Any, programme: Programme) -> bool:
    """What a reviewer wrote about their conflict is for host staff only."""
    return is_programme_staff(user, programme)


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
                             application__round__programme__in=staff_programmes(user).values("pk"))


def programme_reviewers(programme: Programme) -> list[User]:
    """Who may be asked to review: commissioners of the programme's funder and commissioning organisations
    (the same organisations ``commissioner_programmes`` answers for), by name."""
    ids = [programme.funder_id, *programme.commissioners.values_list("pk", flat=True)]
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
    if not is_programme_staff(user, review.application.round.programme):
        return no("Only host staff of this programme can take a reviewer off.")
    if review.status == R.SUBMITTED:
        return no("This review has been submitted, so the reviewer cannot be taken off it.")
    return YES


# --- Grants ----------------------------------------------------------------------------------------------------

def group_grants(user: Any) -> QuerySet[Grant]:
    """The grants of the groups the user is a member of."""
    return Grant.objects.filter(organisation_id__in=org_ids(user, Capacity.GROUP))


def grants_for_staff(user: Any) -> QuerySet[Grant]:
    return Grant.objects.filter(round__programme__in=staff_programmes(user).values("pk"))


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


def may_edit_report(user: Any, grant: Grant) -> Allowed:
    """The group writes its end-of-grant report while the grant is active and the report not yet sent."""
    if grant.organisation_id not in org_ids(user, Capacity.GROUP):
        return no("Only members of the group can write its report.")
    if grant.status == Grant.Status.OFFERED:
        return no("Accept the grant agreement first.")
    report = grant.report
    if grant.status != Grant.Status.ACTIVE or report.status not in (MonitoringReport.Status.DRAFT,
                                                                    MonitoringReport.Status.RETURNED):
        return no(f"This report is {report.get_status_display().lower()}, so it cannot be changed now.")
    return YES
