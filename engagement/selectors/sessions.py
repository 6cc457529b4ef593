"""Reading sessions: a group's sessions and its totals against its plan, a session's counts and timeline, and the
end-of-grant report's figures from the sessions logged."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from engagement.access import grants_for_logging, group_sessions
from engagement.choices import DIMENSION_CATEGORIES, ETHNIC_HEADINGS, Dimension
from engagement.models import Session, SessionEvent
from grants.models import Grant

SUBMITTED = Q(sessions__status=Session.Status.SUBMITTED)


@dataclass(frozen=True)
class Progress:
    """A grant's submitted sessions against what its application planned (a plan may be missing)."""

    grant: Grant
    sessions: int
    reached: int
    conversations: int
    drafts: int

    @property
    def planned_sessions(self) -> int | None:
        return self.grant.application.planned_sessions

    @property
    def expected_reach(self) -> int | None:
        return self.grant.application.expected_reach

    @property
    def expected_conversations(self) -> int | None:
        return self.grant.application.expected_conversations

    @property
    def may_log(self) -> bool:
        return self.grant.is_active


def _with_totals(grants: QuerySet[Grant]) -> QuerySet[Grant]:
    return grants.select_related("application", "round").annotate(
        n_sessions=Count("sessions", filter=SUBMITTED),
        n_reached=Coalesce(Sum("sessions__attendance", filter=SUBMITTED), 0),
        n_conversations=Coalesce(Sum("sessions__conversations", filter=SUBMITTED), 0),
        n_drafts=Count("sessions", filter=Q(sessions__status=Session.Status.DRAFT)),
    ).order_by("-awarded_at", "-pk")


def group_progress(user: Any) -> list[Progress]:
    """Each of the user's groups' grants with its totals (one query)."""
    return [Progress(g, g.n_sessions, g.n_reached, g.n_conversations, g.n_drafts)  # type: ignore[attr-defined]
            for g in _with_totals(grants_for_logging(user))]


def group_session_list(user: Any) -> QuerySet[Session]:
    """The sessions of the user's groups, newest first, with what the list shows (one query per page)."""
    return group_sessions(user).select_related("grant", "area").order_by("-held_on", "-pk")


def report_totals(grant: Grant) -> tuple[dict[str, int], str] | None:
    """The end-of-grant report's figures from the grant's submitted sessions (None when none are logged)."""
    totals = Session.objects.filter(grant=grant, status=Session.Status.SUBMITTED).aggregate(
        n=Count("pk"), reached=Coalesce(Sum("attendance"), 0), conversations=Coalesce(Sum("conversations"), 0))
    if not totals["n"]:
        return None
    values = {"sessions_held": totals["n"], "people_reached": totals["reached"],
              "conversations": totals["conversations"]}
    return values, f"from the {totals['n']} session{'s' if totals['n'] != 1 else ''} you logged"


def session_timeline(session: Session, *, internal: bool) -> QuerySet[SessionEvent]:
    """The session's history: staff read every row, everyone else only the rows meant for the group."""
    events = session.events.select_related("actor")
    return events if internal else events.for_group()


@dataclass(frozen=True)
class DimensionCounts:
    dimension: str
    label: str
    rows: list[tuple[str, str, int]]  # (heading, category label, count); heading only for ethnic groups
    total: int


def demographics_by_dimension(session: Session) -> list[DimensionCounts]:
    """The anonymous counts recorded for a session, grouped by dimension in the order of the form."""
    by_dimension: dict[str, dict[str, int]] = {}
    for row in session.demographics.all():
        by_dimension.setdefault(row.dimension, {})[row.category] = row.count
    out = []
    for dimension, label in Dimension.choices:
        counts = by_dimension.get(dimension)
        if not counts:
            continue
        categories = DIMENSION_CATEGORIES[dimension]
        if categories is None:
            rows = [("", name, n) for name, n in sorted(counts.items())]
        else:
            rows = [(_heading(dimension, value), str(text), counts[value])
                    for value, text in categories.choices if value in counts]
        out.append(DimensionCounts(dimension, str(label), rows, sum(counts.values())))
    return out


def _heading(dimension: str, value: str) -> str:
    if dimension != Dimension.ETHNICITY:
        return ""
    return ETHNIC_HEADINGS.get(value.split("_", 1)[0], "")
