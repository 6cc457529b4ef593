"""Reads for sending a theme on: the themes and areas host staff choose from, and the feedback a theme, a period and
an area match (every item staff may see; ``feedback_that_may_leave`` then says which of them may go)."""
from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from engagement.access import feedback_for_staff
from engagement.models import FeedbackItem, FeedbackTag, Theme
from engagement.selectors.sharing import published_words
from grants.models import Round
from grassroots.accounts.models import Area, Organisation

SAMPLE_SIZE = 5


def theme_choices(host: Organisation) -> QuerySet[Theme]:
    """The host's own themes still in use (a retired theme keeps its tags, but is no longer offered)."""
    return Theme.objects.filter(owner=host, retired=False).order_by("name", "pk")


def area_choices(host: Organisation) -> QuerySet[Area]:
    """The areas of the host's rounds: its programmes', its shares' and those it serves itself."""
    rounds = Round.objects.filter(share__host=host).values("pk")
    return Area.objects.filter(Q(programmes__rounds__in=rounds) | Q(programme_shares__rounds__in=rounds)
                               | Q(host_organisation=host)).distinct().order_by("name")


def theme_items(user: Any, host: Organisation, *, theme: Theme, start: date, end: date,
                area: Area | None) -> QuerySet[FeedbackItem]:
    """Every item of the host's rounds this user runs, tagged under any sub-theme of ``theme`` (retired sub-themes
    too: their tags stand), held in the period, in the area if one is given. Not yet narrowed to what may leave."""
    tagged = FeedbackTag.objects.filter(sub_theme__theme=theme).values("item_id")
    items = feedback_for_staff(user).filter(round__share__host=host, pk__in=tagged, held_on__gte=start,
                                            held_on__lte=end)
    return items.filter(area=area) if area is not None else items


def sample_words(item_ids: list[int], size: int = SAMPLE_SIZE) -> list[FeedbackItem]:
    """The newest few items as they would leave: only their published words (``words``), never the original."""
    return list(published_words(FeedbackItem.objects.filter(pk__in=item_ids)).select_related("area")
                .order_by("-held_on", "-pk")[:size])
