"""Programmes, their hosts' shares and their rounds: who runs, leads and commissions what.

The policy: see grants/access/__init__.py."""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from grants.access.base import YES, Allowed, _is_admin, no
from grants.models import Grant, Programme, ProgrammeShare, Round
from grassroots.accounts.access import STAFF_ROLES, Capacity, memberships, org_ids
from grassroots.accounts.models import Membership, Organisation

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


def reader_rounds(user: Any) -> QuerySet[Round]:
    """Rounds whose funded work (sessions and their figures) this user reads without running it: the programme's
    commissioners, its funder's staff and its delivery partners. Host staff read theirs through
    ``rounds_for_staff``."""
    if _is_admin(user):
        return Round.objects.all()
    working = _working_org_ids(user)
    partners = Programme.delivery_partners.through.objects.filter(organisation_id__in=working)
    return Round.objects.filter(Q(programme__in=commissioner_programmes(user).values("pk"))
                                | Q(programme__funder_id__in=working)
                                | Q(programme__in=partners.values("programme_id")))


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
