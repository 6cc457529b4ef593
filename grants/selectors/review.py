"""Reads for reviewing and deciding: a reviewer's queue, the panel's scores side by side, a round's ranking."""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from grants.access import commissioner_programmes, is_round_staff, reviews_for_reviewer, rounds_for_staff
from grants.models import Application, Criterion, Grant, Review, Round

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


def panel_access(user: Any, application: Application) -> tuple[bool, str]:
    """Host staff see the panel at any time; a reviewer only once their own review is submitted,
    so nobody scores with the others' numbers in mind. A commissioner of the programme who is not on
    the panel (deciding, not scoring) may see it too."""
    if is_round_staff(user, application.round):
        return True, ""
    own = Review.objects.filter(application=application, reviewer=user).only("status").first()
    if own is None or own.status == R.SUBMITTED:
        return True, ""
    if own.status == R.CONFLICTED:
        return False, "You declared a conflict of interest with this application, so you cannot see the panel's scores."
    return False, "Submit your own review to see the panel's scores."


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


def decision_rounds(user: Any) -> QuerySet[Round]:
    """Rounds the user may see on the decisions page: as a commissioner/funder or as host staff."""
    return Round.objects.filter(
        Q(programme__in=commissioner_programmes(user).values("pk")) | Q(pk__in=rounds_for_staff(user).values("pk"))
    )


def round_for_decisions_or_404(user: Any, pk: int) -> tuple[Round, bool]:
    """The round and whether this user may decide in it (commissioners and admins decide; staff watch)."""
    rnd = get_object_or_404(decision_rounds(user).select_related("programme"), pk=pk)
    return rnd, commissioner_programmes(user).filter(pk=rnd.programme_id).exists()


def round_ranking(rnd: Round, user: Any) -> QuerySet[Application]:
    """Applications under review, best mean weighted score first; those not yet scored last."""
    submitted = Q(reviews__status=R.SUBMITTED)
    mine = Review.objects.filter(application=OuterRef("pk"), reviewer=user)
    return (Application.objects.filter(round=rnd, status=Application.Status.UNDER_REVIEW)
            .select_related("organisation")
            .annotate(mean_score=Avg("reviews__weighted_score", filter=submitted),
                      reviews_submitted=Count("reviews", filter=submitted),
                      reviews_expected=Count("reviews", filter=~Q(reviews__status=R.CONFLICTED)),
                      my_review_pending=Exists(mine.filter(status__in=(R.ASSIGNED, R.IN_PROGRESS))),
                      my_conflict=Exists(mine.filter(status=R.CONFLICTED)))
            .order_by(F("mean_score").desc(nulls_last=True), "reference"))


def commissioner_dashboard(user: Any) -> dict[str, Any]:
    """Reviews to do and the rounds with applications waiting for a decision, in two queries."""
    todo = reviews_for_reviewer(user).filter(status__in=QUEUE_TABS["todo"][1]).count()
    awarded = Grant.objects.filter(round=OuterRef("pk")).values("round").annotate(t=Sum("amount")).values("t")
    waiting = (Application.objects.filter(round=OuterRef("pk"), status=Application.Status.UNDER_REVIEW)
               .values("round").annotate(n=Count("pk")).values("n"))
    rounds = list(
        Round.objects.filter(programme__in=commissioner_programmes(user).values("pk"))
        .select_related("programme")
        .annotate(awarded=Coalesce(Subquery(awarded), Value(Decimal("0"))),
                  waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0)))
        .filter(waiting__gt=0)
        .annotate(remaining=F("budget") - F("awarded"))
        .order_by("closes_at", "pk")[:10]
    )
    return {"todo": todo, "rounds": rounds}
