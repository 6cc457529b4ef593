"""Who may ask for which report, and read it: every such decision is written here, and only here.

The policy (from the issue and DOMAIN.md): a group asks only for its own community report; host staff for their
host's reports (quarterly and spotlight for their organisation, "You said, we did" for the areas they host and the
programmes they run, a community report for any group funded in the rounds they run); the funder report of a
programme for its funder's staff and its lead's and hosts' staff (each sees the money of the shares they may see).
A report is listed for, and downloaded by, the members of the organisation it belongs to.
"""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from engagement.models import Theme
from grants.access import overview_programmes, rounds_for_staff, staff_programmes
from grants.models import Grant, Programme
from grassroots.accounts.access import Capacity, org_ids
from grassroots.accounts.models import Area, Organisation
from reports.models import Report, theme_topic

K = Report.Kind


def _admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def scopes(user: Any, kind: str) -> list[tuple[str, int, str]]:
    """(scope type, id, name) the user may ask a report of this kind for."""
    hosts = org_ids(user, Capacity.HOST)
    if kind in (K.QUARTERLY, K.SPOTLIGHT):
        orgs = Organisation.objects.all() if _admin(user) else Organisation.objects.filter(pk__in=hosts)
        return [("host", o.pk, o.name) for o in orgs.exclude(kind=Organisation.Kind.COMMUNITY_GROUP).order_by("name")]
    if kind == K.FUNDER:
        return [("programme", p.pk, p.name) for p in overview_programmes(user).order_by("name")]
    if kind == K.YOU_SAID_WE_DID:
        areas = Area.objects.all() if _admin(user) else Area.objects.filter(host_organisation_id__in=hosts)
        return ([("area", a.pk, a.name) for a in areas.order_by("name")]
                + [("programme", p.pk, p.name) for p in staff_programmes(user).order_by("name")])
    if kind == K.COMMUNITY:
        funded = Grant.objects.filter(round__in=rounds_for_staff(user).values("pk")).values("organisation_id")
        groups = Organisation.objects.filter(pk__in=org_ids(user, Capacity.GROUP)) | Organisation.objects.filter(
            pk__in=funded)
        return [("group", g.pk, g.name) for g in groups.distinct().order_by("name")]
    return []


def spotlight_themes(user: Any) -> list[tuple[str, str]]:
    """(topic, label) for each theme a spotlight may look at: the themes of the hosts the user may spotlight (a
    merged theme's tags now live in the theme it joined, so it is not offered; a retired one still has its history).
    The service checks the chosen theme belongs to the chosen host."""
    hosts = [pk for _, pk, _ in scopes(user, K.SPOTLIGHT)]
    themes = (Theme.objects.filter(owner_id__in=hosts, merged_into__isnull=True).select_related("owner")
              .order_by("owner__name", "name", "pk"))
    several = len(hosts) > 1
    return [(theme_topic(t.pk), f"{t.name}{' (retired)' if t.retired else ''}{f' ({t.owner.name})' if several else ''}")
            for t in themes]


def owner_of(user: Any, kind: str, scope_type: str, scope_id: int) -> Organisation:
    """The organisation a report belongs to: the group for a community report asked by the group, else the
    user's host (or, for a funder report asked by funder staff, the funder)."""
    if scope_type == "host":
        return Organisation.objects.get(pk=scope_id)
    if kind == K.COMMUNITY and scope_id in org_ids(user, Capacity.GROUP):
        return Organisation.objects.get(pk=scope_id)
    mine = sorted(org_ids(user, Capacity.HOST) or org_ids(user, Capacity.COMMISSIONER) or org_ids(user))
    if mine:
        return Organisation.objects.get(pk=mine[0])
    if scope_type == "area":
        area = Area.objects.select_related("host_organisation").get(pk=scope_id)
        if area.host_organisation is not None:
            return area.host_organisation
    return Programme.objects.select_related("lead").get(pk=scope_id).lead


def reports_for(user: Any) -> QuerySet[Report]:
    if _admin(user):
        return Report.objects.all()
    return Report.objects.filter(organisation_id__in=org_ids(user))


def report_for_user_or_404(user: Any, pk: int) -> Report:
    return get_object_or_404(reports_for(user).select_related("job", "organisation", "requested_by"), pk=pk)
