"""Host staff's page of one application: what was asked, the timeline, checks, returns and reviewers."""
from __future__ import annotations

import pytest
from django.urls import reverse

from grants.models import Application, ApplicationCheck, ApplicationEvent, Review
from grassroots.accounts.models import Membership
from tests.factories import make_member
from tests.grants.factories import (
    assign,
    make_draft,
    make_grant,
    make_other_host,
    make_submitted,
    make_under_review,
    second_commissioner,
)

pytestmark = pytest.mark.django_db


def _url(name, application, *extra):
    return reverse(f"grants:{name}", args=[application.pk, *extra])


def test_it_shows_answers_budget_documents_and_eligibility(as_host, world):
    application = make_submitted(world)
    response = as_host.get(_url("staff_application", application))
    assert response.status_code == 200
    text = response.text
    assert "Lunch and listen" in text
    assert "Older Caribbean residents of Brixton, many living alone." in text
    assert "Food and venue" in text and "£2,400.00" in text
    document = application.documents.get()
    assert reverse("grants:document_download", args=[document.pk]) in text
    assert "Is your group&#x27;s yearly income more than £250,000?" in text
    assert reverse("grants:application_versions", args=[application.pk]) in text
    assert "Version 1 submitted" in text  # the timeline


def test_staff_see_a_draft_too_so_they_can_help(as_host, world):
    application = make_draft(world, complete=False)
    response = as_host.get(_url("staff_application", application))
    assert response.status_code == 200
    assert "Not answered" in response.text
    assert "Reviewers can be assigned once the application is submitted." in response.text


def test_it_records_a_check_that_appears_on_the_page_and_the_timeline(as_host, world, host_staff):
    application = make_submitted(world)
    response = as_host.post(_url("staff_application_check", application), {
        "check-kind": "due_diligence", "check-outcome": "query", "check-note": "Charity number not on the register."})
    assert response.status_code == 302
    check = ApplicationCheck.objects.get(application=application)
    assert (check.kind, check.outcome, check.checked_by) == ("due_diligence", "query", host_staff)
    event = ApplicationEvent.objects.filter(application=application, kind="check").get()
    assert "Due diligence check: needs a query" in event.note
    page = as_host.get(response["Location"]).text
    assert "Charity number not on the register." in page and "Needs a query" in page


def test_a_check_without_an_outcome_gets_a_message(as_host, world):
    application = make_submitted(world)
    response = as_host.post(_url("staff_application_check", application), {"check-kind": "eligibility"})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert not ApplicationCheck.objects.exists()


def test_return_for_changes_emails_the_group_and_shows_in_the_timeline(
        as_host, world, mailoutbox, django_capture_on_commit_callbacks):
    application = make_submitted(world)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_host.post(_url("staff_application_return", application),
                                {"return-message": "Please split the food costs from the venue hire."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.RETURNED
    assert len(mailoutbox) == 1
    assert "grace@brixton-elders.org.uk" in mailoutbox[0].to
    assert "Please split the food costs from the venue hire." in mailoutbox[0].body
    page = as_host.get(response["Location"]).text
    assert "Returned for changes" in page
    assert "Please split the food costs from the venue hire." in page


def test_return_needs_a_message(as_host, world):
    application = make_submitted(world)
    response = as_host.post(_url("staff_application_return", application), {"return-message": "  "})
    assert response.status_code == 400
    assert "Tell the group what to change." in response.text
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_draft_cannot_be_returned(as_host, world):
    application = make_draft(world)
    response = as_host.post(_url("staff_application_return", application), {"return-message": "Change it"})
    assert response.status_code == 400
    assert "cannot become returned for changes" in response.text
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_assigning_a_reviewer_creates_a_review_starts_review_and_emails_them(
        as_host, world, commissioner, mailoutbox, django_capture_on_commit_callbacks):
    application = make_submitted(world)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_host.post(_url("staff_review_assign", application), {"assign-reviewer": commissioner.pk})
    assert response.status_code == 302
    review = Review.objects.get(application=application)
    assert (review.reviewer, review.status) == (commissioner, Review.Status.ASSIGNED)
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW
    assert [m.to for m in mailoutbox] == [[commissioner.email]]
    assert application.reference in mailoutbox[0].subject
    page = as_host.get(response["Location"]).text
    assert "Reviewer assigned: Cora Commissioner" in page
    assert "Under review" in page


def test_assigning_the_same_reviewer_twice_makes_one_review(as_host, world, commissioner, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    application = make_under_review(world)
    from grants.services.staff import review_assign
    with django_capture_on_commit_callbacks(execute=True):
        review_assign(actor=world.host_staff, application=application, reviewer=commissioner)
        review_assign(actor=world.host_staff, application=application, reviewer=commissioner)
    assert Review.objects.filter(application=application).count() == 1
    assert len([m for m in mailoutbox if m.to == [commissioner.email]]) == 1


def test_funder_commissioners_may_review_but_other_people_are_not_offered(as_host, world):
    make_member(world.funder, Membership.Role.STAFF, name="Fay Funder")
    application = make_submitted(world)
    response = as_host.get(_url("staff_application", application))
    assert "Cora Commissioner" in response.text and "Fay Funder" in response.text
    response = as_host.post(_url("staff_review_assign", application), {"assign-reviewer": world.group_member.pk})
    assert response.status_code == 400
    assert "Select reviewer from the list" in response.text and "Select a valid choice" not in response.text
    assert not Review.objects.exists()


def test_a_reviewer_not_yet_submitted_can_be_taken_off(as_host, world, commissioner):
    application = make_under_review(world)
    review = assign(world, application, commissioner)
    response = as_host.post(_url("staff_review_unassign", application, review.pk))
    assert response.status_code == 302
    assert not Review.objects.filter(pk=review.pk).exists()
    assert "Reviewer unassigned: Cora Commissioner" in as_host.get(response["Location"]).text


def test_a_submitted_review_stays(as_host, world, commissioner):
    application = make_under_review(world)
    review = assign(world, application, commissioner, status=Review.Status.SUBMITTED)
    response = as_host.post(_url("staff_review_unassign", application, review.pk))
    assert Review.objects.filter(pk=review.pk).exists()
    assert "cannot be taken off" in as_host.get(response["Location"]).text


def test_group_members_and_commissioners_get_403(as_group, as_commissioner, world):
    application = make_submitted(world)
    for client in (as_group, as_commissioner):
        assert client.get(_url("staff_application", application)).status_code == 403
        assert client.post(_url("staff_application_return", application),
                           {"return-message": "x"}).status_code == 403


def test_staff_of_another_host_get_404(login_as, world, commissioner):
    _, other_staff, *_ = make_other_host(world)
    application = make_submitted(world)
    client = login_as(other_staff)
    assert client.get(_url("staff_application", application)).status_code == 404
    assert client.post(_url("staff_application_check", application),
                       {"check-kind": "eligibility", "check-outcome": "passed"}).status_code == 404
    assert client.post(_url("staff_application_return", application), {"return-message": "x"}).status_code == 404
    assert client.post(_url("staff_review_assign", application), {"assign-reviewer": commissioner.pk}
                       ).status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not ApplicationCheck.objects.exists()


def test_the_page_takes_twelve_queries_however_many_reviewers_it_has(as_host, world, django_assert_max_num_queries):
    """Checked by failing it: with the reviews' own ``application__round`` joined again instead of the page's
    application, each review's access check fetched its round's share (14 queries with two reviewers)."""
    application = make_under_review(world)
    assign(world, application)
    assign(world, application, reviewer=second_commissioner(world))
    url = _url("staff_application", application)
    as_host.get(url)
    with django_assert_max_num_queries(12):
        response = as_host.get(url)
    assert response.status_code == 200
    assert "Kofi Second" in response.text


def test_a_decided_application_skips_the_reviewer_choices_it_cannot_offer(as_host, world,
                                                                         django_assert_max_num_queries):
    """Checked by failing it: looking the programme's reviewers up for a page that offers none took 12."""
    grant = make_grant(world)
    url = _url("staff_application", grant.application)
    as_host.get(url)
    with django_assert_max_num_queries(11):
        response = as_host.get(url)
    assert response.status_code == 200
    assert "Reviewers can be assigned once the application is submitted." in response.text
