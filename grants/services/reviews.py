"""A reviewer's work on one application: declare any conflict of interest, score each criterion, submit.

Every change goes through one function here; each writes a line on the application's timeline.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from grants.access import may_change_review, require
from grants.models import Application, Criterion, Review, Score
from grants.services.common import TransitionError, record
from grassroots.accounts.models import User

R = Review.Status
OPEN_FOR_REVIEW = frozenset({Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW})


def _lock(review: Review, actor: User) -> Review:
    # Only the review's row: the application, round and group stay free for everyone else (issue 26).
    locked = Review.objects.select_for_update(of=("self",), no_key=True).select_related("application__round").get(
        pk=review.pk)
    require(may_change_review(actor, locked))
    return locked


def _check_application_open(review: Review) -> None:
    application = review.application
    if application.status not in OPEN_FOR_REVIEW:
        raise TransitionError(f"{application.reference} is {application.get_status_display().lower()}, "
                              "so reviewing has closed.")


def _move(review: Review, to: str) -> None:
    if to not in Review.TRANSITIONS[review.status]:
        raise TransitionError(f"This review is {review.get_status_display().lower()}, so it cannot become "
                              f"{Review.Status(to).label.lower()}.")
    review.status = to


def weighted_score(scores: Mapping[int, int], weights: Mapping[int, int]) -> Decimal:
    """Sum of score x weight over the sum of weights, out of 5, to 2 decimal places."""
    total_weight = sum(weights.values())
    if not total_weight:
        return Decimal("0.00")
    raw = Decimal(sum(scores[cid] * w for cid, w in weights.items())) / Decimal(total_weight)
    return raw.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def review_declare_conflict(*, actor: User, review: Review, has_conflict: bool, details: str = "") -> Review:
    """Before scoring: a conflict blocks this review for good; no conflict opens the scoring form."""
    details = details.strip()
    if has_conflict and not details:
        raise ValidationError("Describe your conflict of interest so host staff can find another reviewer.")
    with transaction.atomic():
        locked = _lock(review, actor)
        if locked.has_conflict is not None and locked.has_conflict == has_conflict:
            return locked
        _check_application_open(locked)
        _move(locked, R.CONFLICTED if has_conflict else R.IN_PROGRESS)
        locked.has_conflict = has_conflict
        locked.conflict_details = details if has_conflict else ""
        locked.conflict_declared_at = timezone.now()
        locked.save(update_fields=["status", "has_conflict", "conflict_details", "conflict_declared_at"])
        # The details stay on the review (host staff see them); the timeline line is neutral.
        note = (f"{actor.full_name} declared a conflict of interest and will not score this application."
                if has_conflict else f"{actor.full_name} declared no conflict of interest and started reviewing.")
        record(locked.application, actor=actor, kind="review_conflict" if has_conflict else "review_started",
               note=note)
    return locked


def _clean_score(criterion: Criterion, value: int | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(f"Score “{criterion.name}” from 1 to 5.")
    return value


def review_save_scores(*, actor: User, review: Review, scores: Mapping[int, tuple[int | None, str]],
                       recommendation: str = "", comment: str = "") -> Review:
    """Save the reviewer's work so far (a draft: some criteria may still be blank)."""
    if recommendation and recommendation not in Review.Recommendation.values:
        raise ValidationError("Choose a recommendation from the list.")
    with transaction.atomic():
        locked = _lock(review, actor)
        if locked.status != R.IN_PROGRESS:
            raise TransitionError(f"This review is {locked.get_status_display().lower()}, so its scores cannot "
                                  "be changed.")
        _check_application_open(locked)
        criteria = {c.pk: c for c in locked.application.round.criteria.all()}
        unknown = set(scores) - set(criteria)
        if unknown:
            raise ValidationError("A criterion does not belong to this round. Reload the page and try again.")
        existing = {s.criterion_id: s for s in locked.scores.all()}
        for cid, (value, text) in scores.items():
            value = _clean_score(criteria[cid], value)
            text = text.strip()
            current = existing.get(cid)
            if value is None:
                if text:
                    raise ValidationError(f"Choose a score for “{criteria[cid].name}” to save your comment on it.")
                if current:
                    current.delete()
            elif current is None:
                Score.objects.create(review=locked, criterion_id=cid, score=value, comment=text)
            elif (current.score, current.comment) != (value, text):
                current.score, current.comment = value, text
                current.save(update_fields=["score", "comment"])
        locked.recommendation = recommendation
        locked.comment = comment.strip()
        locked.save(update_fields=["recommendation", "comment"])
    return locked


def review_submit(*, actor: User, review: Review) -> Review:
    """Every criterion scored and a recommendation given; stores the weighted score. Safe to call twice."""
    with transaction.atomic():
        locked = _lock(review, actor)
        if locked.status == R.SUBMITTED:
            return locked
        _check_application_open(locked)
        criteria = list(locked.application.round.criteria.all())
        scored = {s.criterion_id: s.score for s in locked.scores.all()}
        problems = [f"Score “{c.name}” from 1 to 5." for c in criteria if c.pk not in scored]
        if not locked.recommendation:
            problems.append("Choose your recommendation.")
        if problems:
            raise ValidationError(problems)
        _move(locked, R.SUBMITTED)
        locked.submitted_at = timezone.now()
        locked.weighted_score = weighted_score(scored, {c.pk: c.weight for c in criteria})
        locked.save(update_fields=["status", "submitted_at", "weighted_score"])
        record(locked.application, actor=actor, kind="review_submitted", note=f"{actor.full_name} submitted a review.")
    return locked
