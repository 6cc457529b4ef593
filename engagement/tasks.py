"""Scheduled engagement work run by Celery beat; ``register()`` (from EngagementConfig) puts it on the schedule."""
from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

from engagement.selectors.public import REFRESH_SECONDS, public_pages_refresh
from engagement.services.routing import routing_reminders_send
from engagement.services.safeguarding_cases import safeguarding_reminders_send
from grassroots.celery import add_periodic

ROUTING_REMINDERS = "engagement.send_routing_reminders"
SAFEGUARDING_REMINDERS = "engagement.send_safeguarding_reminders"
PUBLIC_PAGES = "engagement.refresh_public_pages"


@shared_task(name=ROUTING_REMINDERS)
def send_routing_reminders() -> int:
    """Daily: remind organisations whose reply is due soon or overdue (each reminder once)."""
    return routing_reminders_send(today=timezone.localdate())


@shared_task(name=SAFEGUARDING_REMINDERS)
def send_safeguarding_reminders() -> int:
    """Daily: remind hosts of safeguarding concerns still open (each reminder once)."""
    return safeguarding_reminders_send(today=timezone.localdate())


@shared_task(name=PUBLIC_PAGES, expires=REFRESH_SECONDS)
def refresh_public_pages() -> int:
    """Every four minutes: the public pages' figures counted again, so no visitor waits for them."""
    return public_pages_refresh()


def register() -> None:
    add_periodic("engagement-routing-reminders", ROUTING_REMINDERS, crontab(hour=7, minute=5))
    add_periodic("engagement-safeguarding-reminders", SAFEGUARDING_REMINDERS, crontab(hour=7, minute=10))
    add_periodic("engagement-public-pages", PUBLIC_PAGES, REFRESH_SECONDS, at_worker_start=True)
