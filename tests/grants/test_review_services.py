"""Declaring a conflict, scoring and submitting a review."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grants.models import ApplicationEvent, Review, Score
from grants.services.reviews import review_declare_conflict, review_save_scores, review_submit
from tests.grants.factories import assign, make_under_review, submitted_review


@pytest.fixture
def review(world):
    return assign(world, make_under_review(world))


def _criteria(world):
    return list(world.round.criteria.all())


def test_declaring_no_conflict_starts_the_review(world, review):
    review = review_declare_conflict(actor=world.commissioner, review=review, has_conflict=False)
    assert review.status == Review.Status.IN_PROGRESS
    assert review.has_conflict is False


def test_declaring_a_conflict_blocks_scoring_and_keeps_the_details_off_the_timeline(world, review):
    review = review_declare_conflict(actor=world.commissioner, review=review, has_conflict=True,
                                     details="My sister runs the lunch club.")
    assert review.status == Review.Status.CONFLICTED
    assert review.conflict_details == "My sister runs the lunch club."
    event = ApplicationEvent.objects.filter(application=review.application, kind="review_conflict").get()
    assert "declared a conflict" in event.note and "sister" not in event.note
    c = _criteria(world)[0]
    with pytest.raises(ValidationError, match="conflict declared"):
        review_save_scores(actor=world.commissioner, review=review, scores={c.pk: (5, "")})
    assert not Score.objects.exists()


def test_a_conflict_needs_details(world, review):
    with pytest.raises(ValidationError, match="Describe your conflict"):
        review_declare_conflict(actor=world.commissioner, review=review, has_conflict=True, details="  ")


def test_declaring_the_same_answer_twice_changes_nothing(world, review):
    review_declare_conflict(actor=world.commissioner, review=review, has_conflict=False)
    review_declare_conflict(actor=world.commissioner, review=review, has_conflict=False)
    assert ApplicationEvent.objects.filter(application=review.application, kind="review_started").count() == 1
    with pytest.raises(ValidationError):
        review_declare_conflict(actor=world.commissioner, review=review, has_conflict=True, details="Changed mind")


def test_only_the_assigned_reviewer_can_change_a_review(world, review):
    with pytest.raises(PermissionDenied, match="Only the reviewer"):
        review_declare_conflict(actor=world.host_staff, review=review, has_conflict=False)


def test_a_score_outside_1_to_5_is_refused(world, review):
    review_declare_conflict(actor=world.commissioner, review=review, has_conflict=False)
    c = _criteria(world)[0]
    with pytest.raises(ValidationError, match="from 1 to 5"):
        review_save_scores(actor=world.commissioner, review=review, scores={c.pk: (6, "")})
    assert not Score.objects.exists()


def test_a_draft_may_leave_criteria_blank_but_submitting_needs_them_all(world, review):
    review_declare_conflict(actor=world.commissioner, review=review, has_conflict=False)
    first, second, third = _criteria(world)
    review_save_scores(actor=world.commissioner, review=review, scores={first.pk: (4, "Strong reach")},
                       recommendation=Review.Recommendation.FUND)
    with pytest.raises(ValidationError) as exc:
        review_submit(actor=world.commissioner, review=review)
    assert exc.value.messages == [f"Score “{second.name}” from 1 to 5.", f"Score “{third.name}” from 1 to 5."]
    review.refresh_from_db()
    assert review.status == Review.Status.IN_PROGRESS


def test_submitting_needs_a_recommendation(world, review):
    review_declare_conflict(actor=world.commissioner, review=review, has_conflict=False)
    review_save_scores(actor=world.commissioner, review=review,
                       scores={c.pk: (3, "") for c in _criteria(world)})
    with pytest.raises(ValidationError, match="recommendation"):
        review_submit(actor=world.commissioner, review=review)


def test_the_weighted_score_is_the_weighted_mean_to_two_places(world):
    # Weights 40/35/25: (5x40 + 3x35 + 1x25) / 100 = 3.30
    review = submitted_review(world, make_under_review(world), world.commissioner, [5, 3, 1])
    assert review.status == Review.Status.SUBMITTED
    assert review.weighted_score == Decimal("3.30")
    assert review.submitted_at is not None


def test_submitting_twice_is_harmless(world):
    review = submitted_review(world, make_under_review(world), world.commissioner, [4, 4, 4])
    again = review_submit(actor=world.commissioner, review=review)
    assert again.weighted_score == Decimal("4.00")
    assert ApplicationEvent.objects.filter(kind="review_submitted").count() == 1


def test_a_submitted_review_cannot_be_rescored(world):
    review = submitted_review(world, make_under_review(world), world.commissioner, [4, 4, 4])
    c = _criteria(world)[0]
    with pytest.raises(ValidationError, match="submitted"):
        review_save_scores(actor=world.commissioner, review=review, scores={c.pk: (1, "")})
