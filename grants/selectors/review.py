"""Reads for reviewing and deciding: a reviewer's queue, the panel's scores side by side, a round's ranking."""
from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, overload

from django.db import connection
from django.db.models import Avg, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from grants.access import commissioner_programmes, is_round_staff, reviews_for_reviewer
from grants.models import Application, ApplicationTally, Criterion, Review, ReviewTally, Round
from grants.selectors import awarded_in_round

R = Review.Status
QUEUE_TABS: dict[str, tuple[str, tuple[str, ...]]] = {
    "todo": ("To do", (R.ASSIGNED, R.IN_PROGRESS)),
    "done": ("Submitted", (R.SUBMITTED,)),
    "conflicted": ("Conflict declared", (R.CONFLICTED,)),
}


def review_queue_counts(user: Any) -> dict[str, int]:
    """How many of the user's reviews are in each tab, in one query of the kept tally (``grants/tallies.py``),
    a few rows per round rather than every review the user ever wrote."""
    rows = ReviewTally.objects.filter(reviewer=user).values("status").annotate(n=Sum("count")).order_by()
    by_status = {row["status"]: row["n"] for row in rows}
    return {tab: sum(by_status.get(s, 0) for s in statuses) for tab, (_, statuses) in QUEUE_TABS.items()}


class ReviewQueue(Sequence[Review]):
    """One tab of a reviewer's queue as a sequence the paginator slices: a page costs what it shows.

    "Submitted" is newest first, an order the partial index ``review_done_newest`` serves. The other tabs
    list the round closing soonest first, then the oldest assignment: an order across two tables, which no
    index serves, so sorting it meant reading every review the reviewer has to do. Instead the kept tally
    says how many reviews each round holds; a page finds the rounds it spans from those counts and takes
    each round's slice in assignment order (the partial index ``review_todo_oldest``), all in one query.
    """

    def __init__(self, user: Any, tab: str) -> None:
        self.user, self.statuses = user, QUEUE_TABS[tab][1]
        self.newest_first = tab == "done"
        self._rounds: list[tuple[Any, list[int], int]] | None = None

    def _base(self) -> QuerySet[Review]:
        # Only the columns the queue shows: an application row carries its whole text otherwise.
        return (reviews_for_reviewer(self.user).filter(status__in=self.statuses)
                .select_related("application__round", "application__organisation")
                .only("pk", "status", "assigned_at", "submitted_at", "reviewer_id", "application_id",
                      "application__reference", "application__title", "application__amount_requested",
                      "application__round_id", "application__organisation_id", "application__round__name",
                      "application__round__closes_at", "application__organisation__name"))

    def _by_closing(self) -> list[tuple[Any, list[int], int]]:
        """(closes_at, round ids, reviews) per closing time, soonest first, from the tally (one small query).
        Rounds closing at the same moment form one group, ordered together by assignment."""
        if self._rounds is None:
            groups: dict[Any, tuple[list[int], int]] = {}
            rows = (ReviewTally.objects.filter(reviewer=self.user, status__in=self.statuses, count__gt=0)
                    .values_list("round__closes_at", "round_id").annotate(n=Sum("count")).order_by())
            for closes_at, round_id, n in rows:
                ids, total = groups.get(closes_at, ([], 0))
                groups[closes_at] = ([*ids, round_id], total + n)
            self._rounds = [(closes, ids, n) for closes, (ids, n) in sorted(groups.items())]
        return self._rounds

    def total(self) -> int:
        return sum(n for _, _, n in self._by_closing())

    def __len__(self) -> int:
        return self.total()

    def __iter__(self) -> Iterator[Review]:
        return iter(self[0:len(self)])

    @overload
    def __getitem__(self, key: int) -> Review: ...

    @overload
    def __getitem__(self, key: slice) -> list[Review]: ...

    def __getitem__(self, key: int | slice) -> Review | list[Review]:
        if isinstance(key, int):
            return self[key:key + 1][0]
        start, stop = key.start or 0, key.stop if key.stop is not None else self.total()
        if self.newest_first:
            return list(self._base().order_by("-submitted_at", "-pk")[start:stop])
        parts: list[QuerySet[Review]] = []
        offset = 0
        for _, ids, n in self._by_closing():
            lo, hi = max(start - offset, 0), min(stop - offset, n)
            if lo < hi:
                parts.append(self._base().filter(application__round_id__in=ids).order_by("assigned_at", "pk")[lo:hi])
            offset += n
        if not parts:
            return []
        if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
            rows = list(parts[0].union(*parts[1:], all=True))  # one query, each part stopping at its slice
        else:
            rows = [review for part in parts for review in part]  # SQLite cannot slice inside a UNION
        return sorted(rows, key=lambda r: (r.application.round.closes_at, r.assigned_at, r.pk))


def review_queue(user: Any, tab: str) -> ReviewQueue:
    return ReviewQueue(user, tab)


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
    """Reviews to do and the rounds with applications waiting for a decision, in two queries; both counts
    come from the kept tallies (``grants/tallies.py``), not from every review and application."""
    todo = (ReviewTally.objects.filter(reviewer=user, status__in=QUEUE_TABS["todo"][1])
            .aggregate(n=Coalesce(Sum("count"), 0))["n"])
    waiting = (ApplicationTally.objects.filter(round=OuterRef("pk"), status=Application.Status.UNDER_REVIEW)
               .values("round").annotate(n=Sum("count")).values("n"))
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
