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
3. **Programmes and shares.** Who runs what (``rounds_for_staff``, ``staff_programmes``) and who commissions
   a programme (``commissioner_programmes``) is decided only in those functions; everything else asks them.
   A programme may be shared by several hosts: each host's staff run only their own share's rounds,
   applications and grants; the lead organisation's staff run every share. Staff of the lead, of the
   funder and of delivery partners read the whole programme's overview (``programme_for_overview_or_404``).

Visibility follows DOMAIN.md: what a group enters is visible to that group, to the host staff and the
commissioners/funder of its programme, and to nobody else.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from grants.models import Application, Grant, MonitoringReport, Programme, ProgrammeShare, Review, Round
from grassroots.accounts.access import STAFF_ROLES, Capacity, capacities, memberships, org_ids, users_with_capacity
from grassroots.accounts.models import Membership, Organisation, User

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


# --- Programmes and shares: the functions every other decision rests on --------------------------------------

def hosting_organisations(candidates: set[int]) -> set[int]:
    """Of ``candidates``, the organisations that lead a programme or host a share of one. Registered with the
    core in ``GrantsConfig.ready``, so their staff act as hosts whatever their organisation's kind (a council
    hosting "Building Trust" runs it)."""
    shares = ProgrammeShare.objects.filter(host_id__in=candidates).order_by().values_list("host_id", flat=True)
    leads = Programme.objects.filter(lead_id__in=candidates).order_by().values_list("lead_id", flat=True)
    return set(shares.union(leads))


def _host_ids(user: Any) -> set[int]:
    return org_ids(user, Capacity.HOST)


def _working_org_ids(user: Any) -> set[int]:
    """Organisations the user works for (staff, administrator or commissioner; not a plain member)."""
    return {m.organisation_id for m in memberships(user) if m.role in (*STAFF_ROLES, Membership.Role.COMMISSIONER)}


def staff_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes this user runs some part of as host staff: those their organisation leads or hosts a share of."""
    if _is_admin(user):
        return Programme.objects.all()
    ids = _host_ids(user)
    return Programme.objects.filter(
        Q(lead_id__in=ids) | Q(pk__in=ProgrammeShare.objects.filter(host_id__in=ids).values("programme_id")))


def led_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes whose every share this user may run, and whose budget and shares they set: the lead's staff."""
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


def is_programme_staff(user: Any, programme: Programme) -> bool:
    return staff_programmes(user).filter(pk=programme.pk).exists()


def is_programme_commissioner(user: Any, programme: Programme) -> bool:
    return commissioner_programmes(user).filter(pk=programme.pk).exists()


def programme_for_staff_or_404(user: Any, pk: int) -> Programme:
    return get_object_or_404(staff_programmes(user).select_related("funder", "lead"), pk=pk)


def programme_for_lead_or_404(user: Any, pk: int) -> Programme:
    return get_object_or_404(led_programmes(user).select_related("funder", "lead"), pk=pk)


def may_run_programme(user: Any, programme: Programme) -> Allowed:
    return YES if is_programme_staff(user, programme) else no("You do not run this programme.")


def may_lead_programme(user: Any, programme: Programme) -> Allowed:
    if led_programmes(user).filter(pk=programme.pk).exists():
        return YES
    return no("Only the programme's lead organisation can change the programme and its shares.")


def may_run_share(user: Any, share: ProgrammeShare) -> Allowed:
    if shares_for_staff(user).filter(pk=share.pk).exists():
        return YES
    return no("You do not run this share of the programme.")


def host_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations this user may lead a programme for: any they are host staff of (an administrator: any
    organisation but a community group). A council or an ICB may lead one as well as a Healthwatch."""
    orgs = Organisation.objects.exclude(kind=Organisation.Kind.COMMUNITY_GROUP)
    return orgs if _is_admin(user) else orgs.filter(pk__in=_host_ids(user))


def may_host(user: Any, host: Organisation) -> Allowed:
    """Programmes are created only for an organisation the user is host staff of."""
    if host_organisations(user).filter(pk=host.pk).exists():
        return YES
    return no("You can only run programmes for your own organisation.")


def overview_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes whose overview (totals per host) this user may read: staff of the lead, of a host or of the
    funder, and of delivery partners. A host sees only its own share there (``sees_whole_programme``)."""
    if _is_admin(user):
        return Programme.objects.all()
    working, hosts = _working_org_ids(user), _host_ids(user)
    partners = Programme.delivery_partners.through.objects.filter(organisation_id__in=working)
    return Programme.objects.filter(
        Q(lead_id__in=hosts) | Q(funder_id__in=working)
        | Q(pk__in=ProgrammeShare.objects.filter(host_id__in=hosts).values("programme_id"))
        | Q(pk__in=partners.values("programme_id")))


def programme_for_overview_or_404(user: Any, pk: int) -> Programme:
    return get_object_or_404(overview_programmes(user).select_related("funder", "lead"), pk=pk)


def sees_whole_programme(user: Any, programme: Programme) -> bool:
    """The lead's staff, the funder's staff and delivery partners see every share; a host sees its own."""
    if _is_admin(user) or programme.lead_id in _host_ids(user):
        return True
    working = _working_org_ids(user)
    return programme.funder_id in working or programme.delivery_partners.filter(pk__in=working).exists()


def shares_read_by(user: Any, programme: Programme) -> QuerySet[ProgrammeShare]:
    """The shares of a programme whose figures and groups this reader of its overview sees: every share for the
    lead, the funder and delivery partners; their own shares for a host."""
    shares = ProgrammeShare.objects.filter(programme=programme)
    if not sees_whole_programme(user, programme):
        shares = shares.filter(pk__in=shares_for_staff(user).values("pk"))
    return shares


def programme_group_for_reader_or_404(user: Any, programme: Programme, pk: int) -> Organisation:
    """A group funded in the shares this reader of the programme's overview sees, read from that overview.

    Delivery partners and funder staff read a funded group here (who it is, whom it serves, its grants in this
    programme), never on the core organisation page: that page lists the group's members and their contact
    details, which DOMAIN.md keeps to the group itself and its host. ``programme`` must come from
    ``programme_for_overview_or_404``."""
    funded = Grant.objects.filter(round__share__in=shares_read_by(user, programme).values("pk"))
    return get_object_or_404(Organisation.objects.filter(pk__in=funded.values("organisation_id")), pk=pk)


# --- Rounds ----------------------------------------------------------------------------------------------------

def rounds_for_staff(user: Any) -> QuerySet[Round]:
    """The rounds of the shares this user runs (every share's, for the programme's lead)."""
    if _is_admin(user):
        return Round.objects.all()
    ids = _host_ids(user)
    return Round.objects.filter(Q(share__host_id__in=ids) | Q(programme__lead_id__in=ids))


def is_round_staff(user: Any, rnd: Round) -> bool:
    """Whether the user runs this round: staff of its share's host or of the programme's lead."""
    if _is_admin(user):
        return True
    ids = _host_ids(user)
    return rnd.share.host_id in ids or rnd.programme.lead_id in ids


def may_run_round(user: Any, rnd: Round) -> Allowed:
    return YES if is_round_staff(user, rnd) else no("You do not run this round.")


def round_for_staff_or_404(user: Any, pk: int) -> Round:
    return get_object_or_404(rounds_for_staff(user).select_related("programme", "share__host"), pk=pk)


def rounds_open_to_groups() -> QuerySet[Round]:
    return Round.objects.filter(published=True).select_related("programme")


def decision_rounds(user: Any) -> QuerySet[Round]:
    """Rounds whose ranking the user may see: as a commissioner/funder (to decide) or host staff (to watch)."""
    return Round.objects.filter(Q(programme__in=commissioner_programmes(user).values("pk"))
                                | Q(pk__in=rounds_for_staff(user).values("pk")))


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


def may_edit_application(user: Any, application: Application) -> Allowed:
    """Only the group's own members change its application (and only while it is editable: the service)."""
    return may_act_for_group(user, application.organisation)


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


# --- Grants ----------------------------------------------------------------------------------------------------

def group_grants(user: Any) -> QuerySet[Grant]:
    """The grants of the groups the user is a member of."""
    return Grant.objects.filter(organisation_id__in=org_ids(user, Capacity.GROUP))


def grants_for_staff(user: Any) -> QuerySet[Grant]:
    """The grants of the shares this user runs (every share's, for the programme's lead)."""
    return Grant.objects.filter(round__in=rounds_for_staff(user).values("pk"))


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
