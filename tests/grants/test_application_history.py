"""The group's application history shows only what is meant for the group (issue 16)."""
from __future__ import annotations

from django.urls import reverse

from grants.models import ApplicationEvent
from grants.services import reviews as review_services
from grants.services import staff as staff_services
from grants.services.decisions import application_decline
from tests.grants.factories import assign, make_under_review, second_commissioner


def test_the_group_does_not_see_staff_notes_reviewer_names_or_conflicts(world, as_group):
    application = make_under_review(world)
    staff_services.application_check_record(actor=world.host_staff, application=application, kind="due_diligence",
                                            outcome="query", note="Accounts look thin; ring the treasurer")
    reviewer = second_commissioner(world)
    review = assign(world, application, reviewer)
    review_services.review_declare_conflict(actor=reviewer, review=review, has_conflict=True,
                                            details="My sister chairs the group")
    application_decline(actor=world.commissioner, application=application, reason="The budget is unclear")

    page = as_group.get(reverse("grants:application_detail", args=[application.pk])).text

    assert "ring the treasurer" not in page
    assert "conflict of interest" not in page
    assert reviewer.full_name not in page
    assert "The budget is unclear" in page  # the decision and its reason are the group's to read


def test_every_history_row_says_who_may_see_it(world):
    application = make_under_review(world)
    staff_services.application_check_record(actor=world.host_staff, application=application, kind="eligibility",
                                            outcome="passed")
    rows = dict(ApplicationEvent.objects.filter(application=application).values_list("kind", "visibility"))
    assert rows == {"started": "group", "transition": "group", "check": "staff"}
