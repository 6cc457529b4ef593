"""Reads for "we did": host staff's actions, a programme's ranked priorities and solutions, and what happened to
what a group's community said."""
from __future__ import annotations

from typing import Any

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone

from engagement.access import (
    actions_for_staff,
    actions_owned,
    group_actions,
    inbox_for,
    run_by_host,
    sending_hosts,
    sessions_for_staff,
)
from engagement.models import Action, FeedbackItem, RoutedItem, Session
from grants.access import staff_programmes
from grants.models import Programme
from grassroots.accounts.models import Organisation

S = Action.Status
OPEN_FIRST = Case(When(status=S.IN_PROGRESS, then=Value(0)), When(status=S.PLANNED, then=Value(1)),
                  When(status=S.DONE, then=Value(2)), default=Value(3), output_field=IntegerField())


def action_rows(user: Any) -> QuerySet[Action]:
    return actions_for_staff(user).select_related("owner", "programme").order_by(OPEN_FIRST, "due_on", "-pk")


def owner_choices() -> QuerySet[Organisation]:
    return Organisation.objects.exclude(kind=Organisation.Kind.COMMUNITY_GROUP).filter(
        status=Organisation.Status.APPROVED).order_by("name")


def programme_choices(user: Any) -> QuerySet[Programme]:
    return staff_programmes(user).order_by("name")


def recent_sessions(user: Any, host_id: int, limit: int = 50) -> list[Session]:
    """The newest submitted sessions of rounds this user runs as ``host_id`` (what an action of it may answer)."""
    return list(sessions_for_staff(user).filter(run_by_host(host_id), status=Session.Status.SUBMITTED)
                .select_related("organisation").order_by("-held_on", "-pk")[:limit])


def action_items(action: Action) -> list[FeedbackItem]:
    return list(action.items.select_related("organisation").order_by("-held_on", "pk"))


def ranked(programme: Programme, user: Any) -> dict[str, list[Action]]:
    """A programme's key priorities and solutions in rank order (those kept by this user's hosts)."""
    rows = (Action.objects.filter(programme=programme, host_id__in=sending_hosts(user))
            .exclude(kind=Action.Kind.ACTION).select_related("owner").order_by("rank", "pk"))
    out: dict[str, list[Action]] = {Action.Kind.PRIORITY: [], Action.Kind.SOLUTION: []}
    for action in rows:
        out[action.kind].append(action)
    return out


def outcomes_for_group(user: Any) -> list[Action]:
    """What happened to what the group's community said: finished actions first, newest first."""
    return list(group_actions(user).select_related("owner", "host")
                .order_by(Case(When(status__in=(S.DONE, S.NOT_POSSIBLE), then=Value(0)), default=Value(1),
                               output_field=IntegerField()), "-updated_at", "-pk"))


def owned_rows(user: Any) -> QuerySet[Action]:
    """The actions the user's organisations own, open ones first, soonest due first."""
    return actions_owned(user).select_related("host", "programme").order_by(OPEN_FIRST, F("due_on").asc(nulls_last=True),
                                                                            "-pk")


def routings_answered(user: Any, actions: list[Action]) -> dict[int, list[dict[str, Any]]]:
    """For each action, what was sent to its owner (in this user's inbox) that it answers: the routings holding any
    of its feedback, as {recipient pk, title, due_on, answered_at}. One query for the whole page."""
    rows = (RoutedItem.objects.filter(item__actions__in=[a.pk for a in actions],
                                      routing__recipients__in=inbox_for(user).values("pk"))
            .values("routing__title", action=F("item__actions"), recipient=F("routing__recipients"),
                    owner=F("routing__recipients__organisation_id"), due_on=F("routing__recipients__due_on"),
                    answered_at=F("routing__recipients__answered_at"))
            .order_by("routing__recipients__due_on", "routing__recipients").distinct())
    owners = {a.pk: a.owner_id for a in actions}
    today = timezone.localdate()
    out: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if owners.get(row["action"]) == row["owner"]:  # sent to the organisation that does it
            out.setdefault(row["action"], []).append(
                {"pk": row["recipient"], "title": row["routing__title"], "due_on": row["due_on"],
                 "answered_at": row["answered_at"], "overdue": not row["answered_at"] and row["due_on"] < today})
    return out
