"""Daily reminders for end-of-grant reports that are due soon or overdue."""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from grants.models import Grant
from grants.services.grants import report_reminders_send
from grants.tasks import send_report_reminders
from tests.grants.factories import make_active, make_report_submitted


def _due_in(grant: Grant, days: int) -> None:
    Grant.objects.filter(pk=grant.pk).update(report_due=timezone.localdate() + timedelta(days=days))


def test_a_report_due_within_two_weeks_gets_one_reminder_a_day(world, mailoutbox, django_capture_on_commit_callbacks):
    grant = make_active(world)
    _due_in(grant, 10)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert report_reminders_send(today=today) == 1
        assert report_reminders_send(today=today) == 0
    assert len([m for m in mailoutbox if grant.reference in m.subject]) == 1
    assert "is due in 10 days" in mailoutbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        assert report_reminders_send(today=today + timedelta(days=1)) == 1
    grant.report.refresh_from_db()
    assert grant.report.reminders_sent == 2
    assert grant.report.last_reminder_on == today + timedelta(days=1)


def test_overdue_reports_are_reminded_and_far_off_ones_are_not(world, mailoutbox, django_capture_on_commit_callbacks):
    overdue = make_active(world, title="Overdue")
    far = make_active(world, title="Far off")
    _due_in(overdue, -3)
    _due_in(far, 60)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_reminders_send(today=timezone.localdate()) == 1
    assert "overdue" in mailoutbox[-1].body
    assert overdue.reference in mailoutbox[-1].subject


def test_submitted_reports_get_no_reminder(world, mailoutbox):
    grant = make_report_submitted(world)
    _due_in(grant, 2)
    assert report_reminders_send(today=timezone.localdate()) == 0


def test_the_celery_task_sends_the_reminders(world):
    grant = make_active(world)
    _due_in(grant, 5)
    assert send_report_reminders.apply().get() == 1
    assert send_report_reminders.apply().get() == 0
    grant.report.refresh_from_db()
    assert grant.report.reminders_sent == 1
