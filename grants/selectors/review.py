"""Reads for reviewing and deciding: a reviewer's queue, the panel's scores side by side, a round's ranking."""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from grants.access import commissioner_programmes, is_round_staff, reviews_for_reviewer
from grants.models import Application, Criterion, Review, Round
from grants.selectors import awarded_in_round

R = Review.Status
QUEUE_TABS: dict[str, tuple[str, tuple[str, ...]]] = {
    "todo": ("To do", (R.ASSIGNED, R.IN_PROGRESS)),
    "done": ("Submitted", (R.SUBMITTED,)),
    "conflicted": ("Conflict declared", (R.CONFLICTED,)),
}


def review_queue_counts(user: Any) -> dict[str, int]:
    """How many of the user's reviews are in each tab, in one query."""
    counts = reviews_for_reviewer(user).aggregate(**{
        tab: Count("pk", filter=Q(status__in=statuses)) for tab, (_, statuses) in QUEUE_TABS.items()
    })
    return {tab: counts[tab] or 0 for tab in QUEUE_TABS}


def review_queue(user: Any, tab: str) -> QuerySet[Review]:
    statuses = QUEUE_TABS[tab][1]
    order = ("-submitted_at", "-pk") if tab == "done" else ("application__round__closes_at", "assigned_at", "pk")
    return (reviews_for_reviewer(user).filter(status__in=statuses)
            .select_related("application__round__programme", "application__organisation")
            .order_by(*order))


def _spread(values: list[Decimal]) -> dict[str, Decimal | None]:
    if not values:
        return {"mean": None, "spread": None, "sd": None}
    q = Decimal("0.01")
    return {
        "mean": (sum(values, Decimal("0")) / len(values)).quantize(q),
        "spread": max(values) - min(values),
        # Population standard deviation: the panel is everyone who scored, not a sample of reviewers.
        "sd": Decimal(str(statistics.pstdev([float(v) for v in values]))).quantize(q),
    }


@dataclass
class PanelRow:
    criterion: Criterion
    scores: list[int | None]
    comments: list[str]
    stats: dict[str, Decimal | None] = field(default_factory=dict)


def panel_for(application: Application) -> dict[str, Any]:
    """The panel's scores side by side: one column per reviewer who submitted, one row per criterion."""
    criteria = list(application.round.criteria.all())
    reviews = list(application.reviews.select_related("reviewer").prefetch_related("scores").order_by("pk"))
    scored = [r for r in reviews if r.status == R.SUBMITTED]
    rows = []
    for criterion in criteria:
        by_review = [{s.criterion_id: s for s in r.scores.all()}.get(criterion.pk) for r in scored]
        values = [Decimal(s.score) for s in by_review if s is not None]
        rows.append(PanelRow(criterion=criterion, scores=[s.score if s else None for s in by_review],
                             comments=[s.comment if s else "" for s in by_review], stats=_spread(values)))
    totals = [r.weighted_score for r in scored]
    return {
        "criteria": criteria,
        "reviewers": scored,
        "rows": rows,
        "totals": totals,
        "total_stats": _spread([t for t in totals if t is not None]),
        "conflicted": [r for r in reviews if r.status == R.CONFLICTED],
        "pending": [r for r in reviews if r.status in (R.ASSIGNED, R.IN_PROGRESS)],
        "total_weight": sum(c.weight for c in criteria),
        "comments": [
            {"reviewer": r, "overall": r.comment,
             "criteria": [(row.criterion.name, row.comments[i]) for row in rows if row.comments[i]]}
            for i, r in enumerate(scored)
        ],
    }


def decision_basis(application: Application, user: Any) -> dict[str, Any]:
    """The submitted reviews a decision rests on, and whether the only one is the decider's own."""
    reviews = list(application.reviews.filter(status=R.SUBMITTED).select_related("reviewer").order_by("pk"))
    return {"reviews": reviews, "own_only": len(reviews) == 1 and reviews[0].reviewer_id == getattr(user, "pk", None)}


@dataclass
class Ranking:
    """A round's applications under review: ``ranked`` by the panel's mean score (best first, unscored
    last), and ``hidden``: those whose scores this user may not see yet (their own review is not
    submitted, or they declared a conflict), listed apart by reference so their place reveals nothing."""

    ranked: Sequence[Application]
    hidden: Sequence[Application]


def round_ranking(rnd: Round, user: Any) -> Ranking:
    submitted = Q(reviews__status=R.SUBMITTED)
    mine = Review.objects.filter(application=OuterRef("pk"), reviewer=user)
    applications = list(
        Application.objects.filter(round=rnd, status=Application.Status.UNDER_REVIEW)
        .select_related("organisation")
        .annotate(mean_score=Avg("reviews__weighted_score", filter=submitted),
                  reviews_submitted=Count("reviews", filter=submitted),
                  reviews_expected=Count("reviews", filter=~Q(reviews__status=R.CONFLICTED)),
                  my_review_id=Subquery(mine.filter(status__in=(R.ASSIGNED, R.IN_PROGRESS)).values("pk")[:1]),
                  my_conflict=Exists(mine.filter(status=R.CONFLICTED)))
        .order_by(F("mean_score").desc(nulls_last=True), "reference"))
    if is_round_staff(user, rnd):
        return Ranking(ranked=applications, hidden=[])
    hidden = [a for a in applications if a.my_review_id or a.my_conflict]
    for a in hidden:
        a.mean_score = None
    hidden_pks = {a.pk for a in hidden}
    return Ranking(ranked=[a for a in applications if a.pk not in hidden_pks],
                   hidden=sorted(hidden, key=lambda a: a.reference))


def commissioner_dashboard(user: Any) -> dict[str, Any]:
    """Reviews to do and the rounds with applications waiting for a decision, in two queries."""
    todo = reviews_for_reviewer(user).filter(status__in=QUEUE_TABS["todo"][1]).count()
    waiting = (Application.objects.filter(round=OuterRef("pk"), status=Application.Status.UNDER_REVIEW)
               .values("round").annotate(n=Count("pk")).values("n"))
    rounds = list(
        Round.objects.filter(programme__in=commissioner_programmes(user).values("pk"))
        .select_related("programme")
        .annotate(awarded=awarded_in_round(),
                  waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0)))
        .filter(waiting__gt=0)
        .annotate(remaining=F("budget") - F("awarded"))
        .order_by("closes_at", "pk")[:10]
    )
    return {"todo": todo, "rounds": rounds}
