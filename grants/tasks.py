"""Scheduled grant work run by Celery beat (see CELERY_BEAT_SCHEDULE in settings)."""
from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from grants.services.grants import report_reminders_send


@shared_task(name="grants.send_report_reminders")
def send_report_reminders() -> int:
    """Daily: remind groups whose end-of-grant report is due soon or overdue. Safe to run twice a day."""
    return report_reminders_send(today=timezone.localdate())
