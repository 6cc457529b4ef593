"""The group's end-of-grant report: drafts, submission, and host staff accepting or returning it."""
from __future__ import annotations

from django.urls import reverse

from grants.models import Grant, MonitoringReport
from tests.grants.factories import REPORT, make_active, make_grant, make_report_submitted

RS = MonitoringReport.Status


def _form(**overrides) -> dict[str, str]:
    data = {k: str(v) for k, v in REPORT.items()}
    data.update(overrides)
    return data


def test_the_report_page_shows_the_budget_lines_to_compare_with(world, as_group):
    grant = make_active(world)
    page = as_group.get(reverse("grants:grant_report", args=[grant.pk])).content.decode()
    assert "Food and venue" in page and "£2,000.00" in page
    assert "Volunteer travel" in page and "£400.00" in page
    assert "Save draft" in page and "Submit report" in page


def test_the_report_cannot_be_written_before_the_agreement_is_accepted(world, as_group):
    grant = make_grant(world)
    page = as_group.get(reverse("grants:grant_report", args=[grant.pk])).content.decode()
    assert "accepted the grant agreement" in page
    assert "Submit report" not in page


def test_a_draft_saves_whatever_is_filled_in(world, as_group):
    grant = make_active(world)
    response = as_group.post(reverse("grants:grant_report", args=[grant.pk]),
                             {"what_happened": "Two lunches so far.", "sessions_held": "2", "save": "1"})
    assert response.status_code == 302
    report = MonitoringReport.objects.get(grant=grant)
    assert (report.status, report.what_happened, report.sessions_held) == (RS.DRAFT, "Two lunches so far.", 2)


def test_submitting_an_incomplete_report_says_what_is_missing_and_keeps_the_answers(world, as_group):
    grant = make_active(world)
    response = as_group.post(reverse("grants:grant_report", args=[grant.pk]),
                             {"what_happened": "Two lunches so far.", "sessions_held": "2", "submit": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter how many people came to your sessions" in page
    assert "Tell us how your spending compared with your budget" in page
    assert "Two lunches so far." in page
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACTIVE
    assert grant.report.status == RS.DRAFT


def test_submitting_a_complete_report_moves_the_grant_on_and_tells_host_staff(
        world, as_group, mailoutbox, django_capture_on_commit_callbacks):
    grant = make_active(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_group.post(reverse("grants:grant_report", args=[grant.pk]), _form(submit="1"))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == Grant.Status.REPORT_SUBMITTED
    assert grant.report.status == RS.SUBMITTED
    assert mailoutbox[-1].to == [world.host_staff.email]
    assert "130 people reached" in mailoutbox[-1].body


def test_host_staff_accepting_the_report_closes_the_grant(world, as_host, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    grant = make_report_submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_host.post(reverse("grants:grant_report_review", args=[grant.pk]),
                                {"decision": "accept", "note": "A lovely report."})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == Grant.Status.CLOSED
    assert grant.report.status == RS.ACCEPTED
    assert world.group_member.email in mailoutbox[-1].to


def test_returning_the_report_needs_a_message(world, as_host):
    grant = make_report_submitted(world)
    response = as_host.post(reverse("grants:grant_report_review", args=[grant.pk]), {"decision": "return"})
    assert response.status_code == 400
    assert "Tell the group what to change or add" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.REPORT_SUBMITTED


def test_returning_the_report_reopens_it_and_emails_the_message_to_the_group(
        world, as_host, as_group, mailoutbox, django_capture_on_commit_callbacks):
    grant = make_report_submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        as_host.post(reverse("grants:grant_report_review", args=[grant.pk]),
                     {"decision": "return", "note": "Please add how many sessions were online."})
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACTIVE
    assert grant.report.status == RS.RETURNED
    assert world.group_member.email in mailoutbox[-1].to
    assert "Please add how many sessions were online." in mailoutbox[-1].body
    page = as_group.get(reverse("grants:grant_report", args=[grant.pk])).content.decode()
    assert "Please add how many sessions were online." in page
    assert "Submit report" in page


def test_a_submitted_report_cannot_be_changed_by_the_group(world, as_group):
    grant = make_report_submitted(world)
    response = as_group.post(reverse("grants:grant_report", args=[grant.pk]), _form(what_happened="Changed", save="1"))
    assert response.status_code == 200
    grant.report.refresh_from_db()
    assert grant.report.what_happened == REPORT["what_happened"]
