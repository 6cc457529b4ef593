"""Who may see and change themes, tags, keyword rules and moderation decisions (engagement part 2).

Part of engagement/access.py's policy, kept in its own module because that one would pass 400 lines.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from engagement.access import feedback_for_staff
from engagement.models import FeedbackItem, KeywordRule, SubTheme, Theme
from grants.access import YES, Allowed, no, rounds_for_staff
from grants.models import Programme, ProgrammeShare
from grassroots.accounts.access import Capacity, org_ids
from grassroots.accounts.models import Organisation

# The taxonomy belongs to a host organisation, not to the whole service: each host themes what its own groups
# said in its own words, and a rename, merge or retirement by one host must never change another host's tags,
# counts or published reports. An item is tagged with the taxonomy of the host running its share of the programme
# (``item_taxonomy_owner_id``), so one host's figures always add up in one taxonomy. A host's own staff edit its
# taxonomy and rules; staff who run the item's round (the host's, or the programme lead's) tag and moderate it.
# Everyone else gets 404 on a theme, rule or item, and 403 on the host-only list pages.

def taxonomy_owners(user: Any) -> QuerySet[Organisation]:
    """The host organisations whose taxonomy this user edits: those they are host staff of (administrators:
    every organisation that hosts or leads a programme)."""
    if getattr(user, "is_superuser", False):
        hosts = ProgrammeShare.objects.values("host_id")
        return Organisation.objects.filter(Q(pk__in=hosts) | Q(pk__in=Programme.objects.values("lead_id")))
    return Organisation.objects.filter(pk__in=org_ids(user, Capacity.HOST))


def themes_for_staff(user: Any) -> QuerySet[Theme]:
    return Theme.objects.filter(owner__in=taxonomy_owners(user).values("pk"))


def theme_for_staff_or_404(user: Any, pk: int) -> Theme:
    return get_object_or_404(themes_for_staff(user).select_related("owner"), pk=pk)


def sub_theme_for_staff_or_404(user: Any, pk: int) -> SubTheme:
    return get_object_or_404(SubTheme.objects.select_related("theme__owner").filter(
        theme__owner__in=taxonomy_owners(user).values("pk")), pk=pk)


def rule_for_staff_or_404(user: Any, pk: int) -> KeywordRule:
    return get_object_or_404(KeywordRule.objects.select_related("sub_theme__theme__owner").filter(
        sub_theme__theme__owner__in=taxonomy_owners(user).values("pk")), pk=pk)


def may_edit_taxonomy(user: Any, owner_id: int) -> Allowed:
    if taxonomy_owners(user).filter(pk=owner_id).exists():
        return YES
    return no("Only staff of the host organisation can change its themes.")


def item_taxonomy_owner_id(item: FeedbackItem) -> int:
    """The host whose taxonomy tags this item: the host of its round's share of the programme."""
    return int(item.round.share.host_id)


def feedback_item_for_staff_or_404(user: Any, pk: int) -> FeedbackItem:
    """An item of a round this user runs as host staff (never a group's member, reader or another host)."""
    return get_object_or_404(feedback_for_staff(user).select_related(
        "session", "organisation", "area", "round__share__host", "moderated_by"), pk=pk)


def may_theme_item(user: Any, item: FeedbackItem) -> Allowed:
    """Staff who run the item's round see its suggestions and take its tags off."""
    if rounds_for_staff(user).filter(pk=item.round_id).exists():
        return YES
    return no("Only host staff of the programme can tag its feedback.")


def may_tag(user: Any, item: FeedbackItem, sub_theme: SubTheme) -> Allowed:
    if not (allowed := may_theme_item(user, item)):
        return allowed
    if sub_theme.theme.owner_id != item_taxonomy_owner_id(item):
        return no("That sub-theme belongs to another organisation's themes.")
    if sub_theme.retired or sub_theme.theme.retired:
        return no(f"“{sub_theme.name}” has been retired. Choose a sub-theme still in use.")
    return YES


def may_moderate(user: Any, item: FeedbackItem) -> Allowed:
    """Who may decide whether an item is published (what the item must be is the service's rule)."""
    if rounds_for_staff(user).filter(pk=item.round_id).exists():
        return YES
    return no("Only host staff of the programme can moderate its feedback.")
