"""Host staff's reads: the applications list and its counts, the review panel, the dashboard numbers."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from grants.access import rounds_for_staff
from grants.models import Application, ApplicationTally, Review, ReviewTally, Round
from grants.selectors import awarded_in_round

S = Application.Status
# Applications that staff still need to check before the panel sees them.
AWAITING_CHECK = (S.SUBMITTED, S.UNDER_REVIEW)


def staff_applications(user: Any) -> QuerySet[Application]:
    """Every application in the programmes this user runs (drafts too, so staff can help a stuck group)."""
    return Application.objects.filter(round__in=rounds_for_staff(user).values("pk"))


def application_rows(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Only the columns the list shows, joined in the same query."""
    return qs.select_related("round", "organisation").only(
        "pk", "reference", "title", "status", "submitted_at", "amount_requested", "round_id", "organisation_id",
        "round__name", "organisation__name",
    )


def status_counts(qs: QuerySet[Application]) -> dict[str, int]:
    """How many of ``qs`` are in each status, plus "all", in one aggregate query."""
    counts: dict[str, int] = qs.aggregate(
        all=Count("pk"), **{s.value: Count("status", filter=Q(status=s.value)) for s in S}
    )
    return counts


def _tallied(user: Any, round: Round | None = None) -> dict[str, int]:
    """Counts by status (and "awaiting_check", "all") over the user's programmes, from the kept tally
    (``grants/tallies.py``): a few rows per round instead of every application."""
    # Scoped by round, not programme: a host of one share of a shared programme counts only its own rounds.
    tallies = ApplicationTally.objects.filter(round__in=rounds_for_staff(user).values("pk"))
    if round is not None:
        tallies = tallies.filter(round=round)
    counts = dict.fromkeys([s.value for s in S], 0) | {"awaiting_check": 0, "all": 0}
    for status, checked, n in tallies.values_list("status", "checked").annotate(n=Sum("count")).order_by():
        counts[status] += n
        counts["all"] += n
        if status in AWAITING_CHECK and not checked:
            counts["awaiting_check"] += n
    return counts


def list_status_counts(user: Any, filterset: Any) -> dict[str, int]:
    """The applications list's status tabs. Unfiltered or narrowed to one round, they come from the tally;
    a search or an area filter counts the rows that match (a search reads what it searches anyway)."""
    if filterset.is_bound:
        filterset.form.is_valid()  # fills cleaned_data with the valid fields, which are the ones filtering uses
    data = getattr(filterset.form, "cleaned_data", {})
    if (data.get("q") or "").strip() or data.get("area"):
        return status_counts(filterset.counts_queryset())
    return _tallied(user, data.get("round"))


def dashboard_numbers(user: Any) -> dict[str, Any]:
    """The staff dashboard's headline numbers, in three small queries whatever the data size."""
    by_status = _tallied(user)
    reviews_outstanding = ReviewTally.objects.filter(
        round__in=rounds_for_staff(user).values("pk"),
        status__in=(Review.Status.ASSIGNED, Review.Status.IN_PROGRESS),
    ).aggregate(n=Coalesce(Sum("count"), 0))["n"]
    now = timezone.now()
    open_rounds = list(
        rounds_for_staff(user).filter(published=True, opens_at__lte=now, closes_at__gt=now)
        .select_related("programme")
        .annotate(awarded=awarded_in_round())
        .order_by("closes_at")
    )
    for rnd in open_rounds:
        rnd.remaining = rnd.budget - rnd.awarded  # type: ignore[attr-defined]
    statuses = [{"value": s.value, "label": s.label, "count": by_status[s.value]} for s in S]
    return {"total": by_status["all"], "statuses": statuses, "awaiting_check": by_status["awaiting_check"],
            "reviews_outstanding": reviews_outstanding, "open_rounds": open_rounds,
            # Where the two headline numbers link to, so the template holds no status value.
            "awaiting_check_status": S.SUBMITTED.value, "in_review_status": S.UNDER_REVIEW.value}


def round_with_setup(round: Round) -> dict[str, Any]:
    """A round's set-up lists, with each criterion's weight as a share of the total."""
    criteria = list(round.criteria.all())
    total = sum(c.weight for c in criteria)
    for c in criteria:
        c.percent = round_percent(c.weight, total)  # type: ignore[attr-defined]
    return {
        "questions": list(round.eligibility_questions.all()),
        "criteria": criteria,
        "weight_total": total,
        "conditions": list(round.conditions.all()),
        "documents": list(round.required_documents.all()),
    }


def round_percent(part: int, total: int) -> int:
    return int(Decimal(part * 100) / Decimal(total) + Decimal("0.5")) if total else 0
