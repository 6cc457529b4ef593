"""Scheduled report work run by Celery beat; ``register()`` (from ReportsConfig) puts it on the schedule."""
from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

from grassroots.celery import add_periodic
from reports.schedule import quarterly_reports_schedule, scheduled_reports_announce

SCHEDULE_QUARTERLY = "reports.schedule_quarterly"
ANNOUNCE = "reports.announce_scheduled"


@shared_task(name=SCHEDULE_QUARTERLY)
def schedule_quarterly() -> int:
    """Daily: once a quarter has ended, make each host's report for it (a host already done is skipped)."""
    return quarterly_reports_schedule(today=timezone.localdate())


@shared_task(name=ANNOUNCE)
def announce_scheduled() -> int:
    """Every few minutes: tell host staff their scheduled report is ready (each report once)."""
    return scheduled_reports_announce()


def register() -> None:
    # Daily rather than only on the 1st: a beat that was down on the first day of a quarter catches up the next day.
    add_periodic("reports-schedule-quarterly", SCHEDULE_QUARTERLY, crontab(hour=6, minute=0))
    add_periodic("reports-announce-scheduled", ANNOUNCE, 300.0)
