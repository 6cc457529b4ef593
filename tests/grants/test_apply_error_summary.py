"""Every form page, sent something invalid, answers 400 with "Error: " in its title and an error summary
whose every link lands on an element of the page (GOV.UK: the first input of the field in error).

Checked against the code before the fix: radios linked to #id_q4, #id_has_conflict, #id_check-kind and
#id_required_document, which no element carries, and the payment form's title had no "Error: ".
"""
from __future__ import annotations

import re

from django.apps import apps
from django.urls import reverse

from grants.services.grants import payment_schedule_set
from tests.grants.factories import make_active, make_draft, make_under_review, section_url


def _check_summary(response, *, status: int | None = 400) -> list[str]:
    page = response.content.decode()
    if status is not None:
        assert response.status_code == status, response.status_code
    title = re.search(r"<title>\s*(.*?)\s*</title>", page, re.S)
    assert title and title.group(1).startswith("Error: "), title
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert summary, "no error summary"
    hrefs = re.findall(r'href="([^"]+)"', summary.group(0))
    assert hrefs
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    for href in hrefs:
        if href.startswith("#"):
            assert href[1:] in ids, f"{href} points at nothing on the page"
    messages = re.findall(r"<li><a[^>]*>(.*?)</a></li>", summary.group(0))
    assert "This field is required." not in messages
    return messages


def test_the_groups_form_pages(world, as_group):
    application = make_draft(world, complete=False)
    _check_summary(as_group.post(reverse("grants:eligibility", args=[world.round.pk]), {}))
    _check_summary(as_group.post(section_url(application, "activity"), {
        "start_date_0": "31", "start_date_1": "2", "start_date_2": "2026", "draft": "1"}))
    _check_summary(as_group.post(section_url(application, "group"), {"contact_email": "nope", "draft": "1"}))
    _check_summary(as_group.post(reverse("grants:application_budget", args=[application.pk]), {
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0", "lines-0-description": "Food",
        "lines-0-amount": "lots", "amount_requested": "x"}))
    _check_summary(as_group.post(reverse("grants:application_budget", args=[application.pk]), {"more": "1"}))
    _check_summary(as_group.post(reverse("grants:application_documents", args=[application.pk]), {}))
    _check_summary(as_group.post(reverse("grants:application_submit", args=[application.pk])))
    _check_summary(as_group.post(reverse("grants:application_withdraw", args=[application.pk]), {"reason": "x" * 2001}))


def test_the_grant_pages(world, as_group, as_host):
    grant = make_active(world)
    payment_schedule_set(actor=world.host_staff, grant=grant, instalments=[(grant.awarded_at.date(), grant.amount)])
    payment = grant.payments.get()
    _check_summary(as_group.post(reverse("grants:grant_report", args=[grant.pk]), {"sessions_held": "six"}))
    _check_summary(as_host.post(reverse("grants:payment_paid", args=[grant.pk, payment.pk]), {}))
    _check_summary(as_host.post(reverse("grants:grant_evidence", args=[grant.pk]), {}))
    _check_summary(as_host.post(reverse("grants:grant_schedule", args=[grant.pk]), {
        "schedule-TOTAL_FORMS": "1", "schedule-INITIAL_FORMS": "0", "schedule-0-amount": "1"}))


def test_the_agreement_page(world, as_group):
    from tests.grants.factories import make_grant

    grant = make_grant(world)
    _check_summary(as_group.post(reverse("grants:grant_accept", args=[grant.pk]), {}))


def test_recording_a_check_names_each_missing_answer(world, as_host):
    application = make_under_review(world)
    messages = _check_summary(as_host.post(reverse("grants:staff_application_check", args=[application.pk]), {}))
    assert len(set(messages)) == len(messages)


def test_every_model_has_a_readable_name(world):
    """str() of a row of every grants and core model reads as words, never "Model object (21)"."""
    from grants.services.grants import condition_evidence_record
    from tests.grants.factories import make_report_submitted, submitted_review

    grant = make_report_submitted(world)
    condition = grant.conditions.first()
    condition_evidence_record(actor=world.host_staff, condition=condition, occurred_on=grant.awarded_at.date(),
                              description="Attended Thinking Partners")
    payment_schedule_set(actor=world.host_staff, grant=grant, instalments=[(grant.awarded_at.date(), grant.amount)])
    submitted_review(world, make_under_review(world, title="Second"), world.commissioner, [4, 4, 4])
    for model in apps.get_models():
        if not model.__module__.startswith(("grants.", "grassroots.")):
            continue
        assert "__str__" in model.__dict__ or not model._meta.managed, f"{model.__name__} has no __str__"
        row = model._default_manager.first()
        if row is not None:
            assert "object (" not in str(row), f"{model.__name__}: {row}"


def test_the_review_pages(world, as_commissioner):
    from tests.grants.factories import assign

    application = make_under_review(world)
    review = assign(world, application)
    _check_summary(as_commissioner.post(reverse("grants:review_conflict", args=[review.pk]), {"x": "1"}))
    undecided = make_under_review(world, title="Not reviewed by this commissioner")
    _check_summary(as_commissioner.post(reverse("grants:application_decide", args=[undecided.pk]),
                                        {"action": "Award the grant", "award-amount": "lots"}))
    _check_summary(as_commissioner.post(reverse("grants:round_decisions", args=[world.round.pk]),
                                        {"action": "nonsense"}))


def test_the_review_score_page(world, as_commissioner):
    from grants.services.reviews import review_declare_conflict
    from tests.grants.factories import assign

    review = assign(world, make_under_review(world))
    review_declare_conflict(actor=world.commissioner, review=review, has_conflict=False, details="")
    _check_summary(as_commissioner.post(reverse("grants:review_score", args=[review.pk]),
                                        {"action": "submit", "comment": "x"}))


def test_the_staff_set_up_pages(world, as_host):
    """Checked against the code before the fix: these answered 200 and their titles kept their own condition."""
    _check_summary(as_host.post(reverse("grants:programme_create"), {"name": "x"}))
    _check_summary(as_host.post(reverse("grants:programme_edit", args=[world.round.programme.pk]), {"name": ""}))
    _check_summary(as_host.post(reverse("grants:round_create", args=[world.round.programme.pk]), {"name": "x"}))
    _check_summary(as_host.post(reverse("grants:round_edit", args=[world.round.pk]), {"name": ""}))
    _check_summary(as_host.post(reverse("grants:round_item_add", args=[world.round.pk, "criteria"]),
                                {"criteria-x": "1"}))


def test_an_export_of_a_round_that_cannot_be_found_answers_400_on_its_page(world, as_host):
    """Checked against the code before the fix: both exports redirected (302) with a flash message."""
    from grassroots.jobs.models import Job

    _check_summary(as_host.post(reverse("grants:export_grants_csv"), {"round": "999999"}))
    _check_summary(as_host.post(reverse("grants:export_applications_csv"), {"round": "999999"}))
    assert not Job.objects.exists()
