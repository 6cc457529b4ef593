"""The reviewer's pages: queue, conflict declaration, scoring beside the application, the panel."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Review, Round, Score
from grants.services.reviews import review_declare_conflict
from tests.factories import make_round
from tests.grants.factories import (
    assign,
    bulk_applications,
    make_under_review,
    other_icb_commissioner,
    second_commissioner,
    submitted_review,
)


@pytest.fixture
def application(world):
    return make_under_review(world)


@pytest.fixture
def review(world, application):
    return assign(world, application)


@pytest.fixture
def started(world, review):
    return review_declare_conflict(actor=world.commissioner, review=review, has_conflict=False)


def _score_data(world, scores, action="draft", recommendation="fund"):
    data = {"action": action, "recommendation": recommendation, "comment": "A strong plan."}
    for c, s in zip(world.round.criteria.all(), scores, strict=True):
        data[f"score_{c.pk}"] = s
        data[f"comment_{c.pk}"] = ""
    return data


# The queue

def test_the_queue_lists_reviews_to_do_with_reference_group_and_amount(world, as_commissioner, review):
    response = as_commissioner.get(reverse("grants:review_queue"))
    assert response.status_code == 200
    text = response.content.decode()
    assert review.application.reference in text
    assert "Brixton Elders Lunch Club" in text
    assert "£2,400.00" in text
    assert "To do (1)" in text


def test_the_queue_filters_by_status(world, as_commissioner, review):
    review_declare_conflict(actor=world.commissioner, review=review, has_conflict=True, details="I volunteer there.")
    todo = as_commissioner.get(reverse("grants:review_queue")).content.decode()
    assert review.application.reference not in todo
    conflicted = as_commissioner.get(reverse("grants:review_queue") + "?status=conflicted").content.decode()
    assert review.application.reference in conflicted


def test_the_queue_pages_through_rounds_soonest_closing_first_then_oldest_assignment(world, as_commissioner):
    """Pages are cut from per-round slices (grants/selectors/review.py); they must read exactly as one sorted
    list would, including a page that spans two rounds and two rounds that close at the same moment."""
    soon = make_round(world.programme, name="Closes soon")
    same = make_round(world.programme, name="Closes at the same time")
    Round.objects.filter(pk__in=[soon.pk, same.pk]).update(closes_at=world.round.closes_at - timedelta(days=5))
    later = world.round
    start = timezone.now() - timedelta(days=3)
    reviews = []
    for i, rnd in enumerate([later] * 10 + [soon] * 40 + [same] * 30):
        application = bulk_applications(world, 1, status="under_review", rnd=rnd, prefix=f"Q{i}")[0]
        reviews.append(assign(world, application))
        Review.objects.filter(pk=reviews[-1].pk).update(assigned_at=start + timedelta(minutes=(i * 37) % 80))
    expected = list(Review.objects.filter(reviewer=world.commissioner)
                    .order_by("application__round__closes_at", "assigned_at", "pk").values_list("pk", flat=True))
    shown = []
    for page in (1, 2):
        response = as_commissioner.get(reverse("grants:review_queue"), {"page": page})
        shown += [r.pk for r in response.context["page"].object_list]
    assert shown == expected
    assert "To do (80)" in response.text and "Page 2 of 2" in response.text


def test_the_queue_is_for_commissioners(as_group, as_host):
    assert as_group.get(reverse("grants:review_queue")).status_code == 403
    assert as_host.get(reverse("grants:review_queue")).status_code == 403


def test_the_queue_query_count_does_not_grow_with_reviews(world, as_commissioner, django_assert_max_num_queries):
    application = make_under_review(world)
    for _ in range(21):
        assign(world, application, second_commissioner(world))  # other people's reviews do not show
    reviews = [assign(world, make_under_review(world, title=f"Project {i}")) for i in range(21)]
    with django_assert_max_num_queries(6):
        response = as_commissioner.get(reverse("grants:review_queue"))
    assert response.status_code == 200
    assert f"To do ({len(reviews)})" in response.content.decode()


# Conflict of interest

def test_scoring_before_declaring_sends_the_reviewer_to_the_conflict_question(as_commissioner, review):
    response = as_commissioner.get(reverse("grants:review_score", args=[review.pk]))
    assert response.status_code == 302
    assert response.url == reverse("grants:review_conflict", args=[review.pk])
    page = as_commissioner.get(response.url).content.decode()
    assert "Do you have a conflict of interest with this group or application?" in page


def test_saying_yes_without_details_shows_an_error(as_commissioner, review):
    response = as_commissioner.post(reverse("grants:review_conflict", args=[review.pk]), {"has_conflict": "yes"})
    assert response.status_code == 400
    assert "Describe your conflict of interest" in response.content.decode()
    review.refresh_from_db()
    assert review.status == Review.Status.ASSIGNED


def test_a_declared_conflict_blocks_scoring(world, as_commissioner, review):
    response = as_commissioner.post(reverse("grants:review_conflict", args=[review.pk]),
                                    {"has_conflict": "yes", "conflict_details": "I am a trustee of the group."})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.CONFLICTED
    page = as_commissioner.get(reverse("grants:review_score", args=[review.pk]))
    assert page.status_code == 403
    assert "conflict of interest" in page.content.decode()
    post = as_commissioner.post(reverse("grants:review_score", args=[review.pk]), _score_data(world, [5, 5, 5]))
    assert post.status_code == 403
    assert not Score.objects.exists()


def test_no_conflict_opens_the_scoring_page(as_commissioner, review):
    response = as_commissioner.post(reverse("grants:review_conflict", args=[review.pk]), {"has_conflict": "no"})
    assert response.url == reverse("grants:review_score", args=[review.pk])


# Scoring

def test_the_scoring_page_shows_the_application_beside_the_criteria(world, as_commissioner, started):
    response = as_commissioner.get(reverse("grants:review_score", args=[started.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Six lunches where elders talk about their GP and hospital care." in text  # the summary
    assert "Food and venue" in text  # a budget line
    assert "safeguarding.pdf" in text
    assert "Reach into seldom-heard communities" in text and "Weight: 40" in text
    assert "a clear plan to reach people the NHS rarely hears from" in text  # guidance
    assert "Save draft" in text and "Submit review" in text


def test_a_draft_is_saved_with_blanks(world, as_commissioner, started):
    data = _score_data(world, [4, "", ""])
    response = as_commissioner.post(reverse("grants:review_score", args=[started.pk]), data)
    assert response.status_code == 302
    assert [s.score for s in Score.objects.filter(review=started)] == [4]
    page = as_commissioner.get(reverse("grants:review_score", args=[started.pk])).content.decode()
    assert "A strong plan." in page


def test_a_score_out_of_range_is_refused_with_a_message(world, as_commissioner, started):
    criterion = world.round.criteria.first()
    data = _score_data(world, [7, 3, 3])
    response = as_commissioner.post(reverse("grants:review_score", args=[started.pk]), data)
    assert response.status_code == 400
    assert f"Score “{criterion.name}” from 1 to 5." in response.content.decode()
    assert not Score.objects.exists()


def test_submitting_needs_every_criterion_and_keeps_what_was_typed(world, as_commissioner, started):
    data = _score_data(world, [5, "", 2], action="submit")
    data["comment"] = "Please keep this comment"
    response = as_commissioner.post(reverse("grants:review_score", args=[started.pk]), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Score “Quality of the engagement plan” from 1 to 5." in text
    assert "Please keep this comment" in text
    started.refresh_from_db()
    assert started.status == Review.Status.IN_PROGRESS


def test_submitting_a_complete_review_stores_the_weighted_score(world, as_commissioner, started):
    response = as_commissioner.post(reverse("grants:review_score", args=[started.pk]),
                                    _score_data(world, [5, 3, 1], action="submit"))
    assert response.status_code == 302
    assert response.url == reverse("grants:review_panel", args=[started.application_id])
    started.refresh_from_db()
    assert started.status == Review.Status.SUBMITTED
    assert str(started.weighted_score) == "3.30"


def test_a_commissioner_of_another_icb_gets_404(world, login_as, review):
    stranger = login_as(other_icb_commissioner())
    assert stranger.get(reverse("grants:review_score", args=[review.pk])).status_code == 404
    assert stranger.get(reverse("grants:review_conflict", args=[review.pk])).status_code == 404
    assert stranger.get(reverse("grants:review_panel", args=[review.application_id])).status_code == 404


def test_another_reviewer_of_the_same_programme_gets_404_on_someone_elses_review(world, login_as, review):
    colleague = login_as(second_commissioner(world))
    assert colleague.get(reverse("grants:review_score", args=[review.pk])).status_code == 404


def test_group_members_may_not_use_review_pages(as_group, review):
    assert as_group.get(reverse("grants:review_score", args=[review.pk])).status_code == 403
    assert as_group.get(reverse("grants:review_conflict", args=[review.pk])).status_code == 403
    assert as_group.get(reverse("grants:review_panel", args=[review.application_id])).status_code == 403


# The panel

def test_the_panel_is_hidden_until_the_reviewers_own_review_is_submitted(world, as_commissioner, application,
                                                                          started):
    submitted_review(world, application, second_commissioner(world), [2, 2, 2])
    response = as_commissioner.get(reverse("grants:review_panel", args=[application.pk]))
    assert response.status_code == 403
    assert "Submit your own review to see the panel&#x27;s scores" in response.content.decode()


def test_the_panel_shows_reviewers_side_by_side_with_mean_and_spread(world, as_commissioner, application, review):
    review.delete()
    submitted_review(world, application, world.commissioner, [5, 3, 1])  # 3.30
    submitted_review(world, application, second_commissioner(world, name="Kofi Second"), [3, 3, 3])  # 3.00
    conflicted = assign(world, application, second_commissioner(world, name="Pat Conflicted"))
    review_declare_conflict(actor=conflicted.reviewer, review=conflicted, has_conflict=True, details="Knows them")
    response = as_commissioner.get(reverse("grants:review_panel", args=[application.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Cora Commissioner" in text and "Kofi Second" in text
    assert "3.30" in text and "3.00" in text
    assert "3.15" in text  # mean weighted total
    assert "0.30" in text  # spread of the totals
    assert "Pat Conflicted: declared a conflict" in text
    assert "Knows them" not in text


def test_host_staff_see_the_panel_at_any_time(world, as_host, application, review):
    response = as_host.get(reverse("grants:review_panel", args=[application.pk]))
    assert response.status_code == 200
    assert "Cora Commissioner: assigned, not submitted yet" in response.content.decode()


# Dashboard

def test_the_dashboard_shows_reviews_to_do_and_rounds_to_decide(world, as_commissioner, review,
                                                                django_assert_max_num_queries):
    # session, user, memberships, reviews to do, rounds to decide, then the engagement panels:
    # one count of what was sent to them (inbox) and one of the actions their organisation owns.
    with django_assert_max_num_queries(7):
        response = as_commissioner.get(reverse("dashboard"))
    text = response.content.decode()
    assert "1 review to do" in text
    assert reverse("grants:round_decisions", args=[world.round.pk]) in text


def test_the_documents_link_to_their_download(world, as_commissioner, started):
    document = started.application.documents.get()
    text = as_commissioner.get(reverse("grants:review_score", args=[started.pk])).content.decode()
    assert reverse("grants:document_download", args=[document.pk]) in text


def test_host_staff_see_conflict_details_but_reviewers_do_not(world, as_host, as_commissioner, application, review):
    review.delete()
    submitted_review(world, application, world.commissioner, [4, 4, 4], comment="Good value.")
    conflicted = assign(world, application, second_commissioner(world, name="Pat Conflicted"))
    review_declare_conflict(actor=conflicted.reviewer, review=conflicted, has_conflict=True,
                            details="I chair their committee.")
    assert "I chair their committee." in as_host.get(reverse("grants:review_panel", args=[application.pk])).content.decode()
    page = as_commissioner.get(reverse("grants:review_panel", args=[application.pk])).content.decode()
    assert "I chair their committee." not in page
    assert "Good value." in page
