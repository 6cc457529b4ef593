"""Scheduled grant work run by Celery beat; ``register()`` (from GrantsConfig) puts it on the schedule."""
from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

from grants.services.grants import report_reminders_send
from grassroots.celery import add_periodic

REPORT_REMINDERS = "grants.send_report_reminders"


@shared_task(name=REPORT_REMINDERS)
def send_report_reminders() -> int:
    """Daily: remind groups whose end-of-grant report is due soon or overdue. Safe to run twice a day."""
    return report_reminders_send(today=timezone.localdate())


def register() -> None:
    # 7am London time: reminders arrive at the start of a working day, once a day (the service is idempotent per day).
    add_periodic("grants-report-reminders", REPORT_REMINDERS, crontab(hour=7, minute=0))
