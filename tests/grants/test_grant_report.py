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
    assert "Save draft" in page and "Save and check your report" in page


def test_the_report_cannot_be_written_before_the_agreement_is_accepted(world, as_group):
    grant = make_grant(world)
    page = as_group.get(reverse("grants:grant_report", args=[grant.pk])).content.decode()
    assert "accepted the grant agreement" in page
    assert "Save and check your report" not in page


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
                             {"what_happened": "Two lunches so far.", "sessions_held": "2", "continue": "1"})
    assert response["Location"] == reverse("grants:grant_report_check", args=[grant.pk])
    response = as_group.post(response["Location"])
    assert response.status_code == 400
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
    as_group.post(reverse("grants:grant_report", args=[grant.pk]), _form(**{"continue": "1"}))
    check = reverse("grants:grant_report_check", args=[grant.pk])
    assert "130" in as_group.get(check).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_group.post(check)
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
    assert "Save and check your report" in page


def test_a_submitted_report_cannot_be_changed_by_the_group(world, as_group):
    grant = make_report_submitted(world)
    response = as_group.post(reverse("grants:grant_report", args=[grant.pk]), _form(what_happened="Changed", save="1"))
    assert response.status_code == 400
    grant.report.refresh_from_db()
    assert grant.report.what_happened == REPORT["what_happened"]


def test_the_check_step_warns_when_the_spend_is_above_what_was_paid(world, as_group):
    grant = make_active(world)
    as_group.post(reverse("grants:grant_report", args=[grant.pk]), _form(amount_spent="2500", **{"continue": "1"}))
    page = as_group.get(reverse("grants:grant_report_check", args=[grant.pk])).content.decode()
    assert "more than the £0.00 paid to you so far" in page


def test_the_report_opens_when_the_activity_ends_unless_staff_open_it_early(world, as_group, as_host):
    from datetime import timedelta

    from django.utils import timezone

    from grants.models import Application

    grant = make_active(world)
    Application.objects.filter(pk=grant.application_id).update(end_date=timezone.localdate() + timedelta(days=30))
    url = reverse("grants:grant_report", args=[grant.pk])
    response = as_group.post(url, _form(draft="1"))
    assert response.status_code == 400
    assert "Your report opens on" in response.content.decode()
    assert MonitoringReport.objects.get(grant=grant).what_happened == ""
    as_host.post(reverse("grants:grant_report_open", args=[grant.pk]))
    assert as_group.post(url, _form(draft="1")).status_code == 302
    assert MonitoringReport.objects.get(grant=grant).what_happened == REPORT["what_happened"]


def test_the_service_refuses_a_report_before_the_activity_ends(world):
    from datetime import timedelta

    import pytest
    from django.utils import timezone

    from grants.models import Application
    from grants.services.common import TransitionError
    from grants.services.grants import monitoring_report_save

    grant = make_active(world)
    Application.objects.filter(pk=grant.application_id).update(end_date=timezone.localdate() + timedelta(days=3))
    grant.refresh_from_db()
    with pytest.raises(TransitionError, match="opens on"):
        monitoring_report_save(actor=world.group_member, report=grant.report, data={"what_happened": "Early"})


def test_only_a_submitted_report_can_be_accepted_or_returned_and_each_decision_is_made_once(
        world, django_capture_on_commit_callbacks, mailoutbox):
    import pytest
    from django.core.exceptions import ValidationError

    from grants.services import grants as grant_services

    draft = make_active(world).report
    with pytest.raises(ValidationError, match="Only a submitted report can be accepted"):
        grant_services.monitoring_report_accept(actor=world.host_staff, report=draft)
    with pytest.raises(ValidationError, match="Only a submitted report can be returned"):
        grant_services.monitoring_report_return(actor=world.host_staff, report=draft, message="Add receipts")

    submitted = make_report_submitted(world, title="Walk and talk").report
    with django_capture_on_commit_callbacks(execute=True):
        grant_services.monitoring_report_accept(actor=world.host_staff, report=submitted, note="Thank you")
        grant_services.monitoring_report_accept(actor=world.host_staff, report=submitted, note="Thank you")
    accepted = [m for m in mailoutbox if "has been accepted" in m.subject]
    assert len(accepted) == 1  # a double click accepts once and e-mails the group once
    assert MonitoringReport.objects.get(pk=submitted.pk).status == MonitoringReport.Status.ACCEPTED
