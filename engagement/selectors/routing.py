"""Reads for routing pages: what host staff may send, what they sent and its answers, and each inbox."""
from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from engagement.access import feedback_for_staff_of, inbox_for, routings_for_staff
from engagement.models import FeedbackItem, Routing, RoutingRecipient, SafeguardingCase
from engagement.selectors.sharing import feedback_that_may_leave

CANDIDATES_SHOWN = 100
AWAITING = RoutingRecipient.Status.AWAITING


def candidate_items(user: Any, *, host_id: int, q: str = "", service: str = "",
                    area_id: int | None = None) -> list[FeedbackItem]:
    """The newest feedback of the rounds this user runs as ``host_id`` that may leave it, narrowed by the filters."""
    items = feedback_that_may_leave(feedback_for_staff_of(user, host_id))
    if q:
        items = (items.filter(search_vector=SearchQuery(q, search_type="websearch", config="english"))
                 if connection.vendor == "postgresql" else items.filter(text__icontains=q))
    if service:
        items = items.filter(service=service)
    if area_id:
        items = items.filter(area_id=area_id)
    return list(items.select_related("organisation").order_by("-held_on", "-pk")[:CANDIDATES_SHOWN])


def routing_rows(user: Any) -> QuerySet[Routing]:
    today = timezone.localdate()
    return (routings_for_staff(user).select_related("host")
            .annotate(item_count=Count("routed_items", distinct=True),
                      recipient_count=Count("recipients", distinct=True),
                      answered=Count("recipients", filter=~Q(recipients__status=AWAITING), distinct=True),
                      overdue=Count("recipients", filter=Q(recipients__status=AWAITING,
                                                           recipients__due_on__lt=today), distinct=True))
            .order_by("-created_at", "-pk"))


def routing_items(routing: Routing) -> list[FeedbackItem]:
    """Every item sent (host staff see the original beside the published words)."""
    return list(FeedbackItem.objects.filter(routings=routing).select_related("organisation", "session")
                .order_by("-held_on", "pk"))


def sent_to(recipient: RoutingRecipient) -> QuerySet[FeedbackItem]:
    """What was sent to this recipient: the routing's items less those it already had (a theme routing leaves them
    out), and only while they may still leave the host (one withdrawn from publication since disappears too)."""
    left_out = RoutingRecipient.left_out.through.objects.filter(routingrecipient_id=recipient.pk)
    return feedback_that_may_leave(FeedbackItem.objects.filter(routings=recipient.routing_id)
                                   .exclude(pk__in=left_out.values("feedbackitem_id")))


def recipient_items(recipient: RoutingRecipient) -> list[FeedbackItem]:
    """What the recipient reads (``sent_to``). Templates show only ``published_text``."""
    return list(sent_to(recipient).select_related("area").order_by("-held_on", "pk"))


def inbox_rows(user: Any) -> QuerySet[RoutingRecipient]:
    return (inbox_for(user).select_related("routing__host", "organisation")
            .annotate(item_count=Count("routing__routed_items", distinct=True) - Count("left_out", distinct=True))
            .order_by("-status", "due_on", "pk"))


def safeguarding_case_for(item: FeedbackItem) -> SafeguardingCase | None:
    return SafeguardingCase.objects.filter(item=item).first()
