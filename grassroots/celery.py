"""The Celery application: Redis as broker, tasks discovered in every installed app.

Periodic tasks are not listed in settings: each app schedules its own from its ``AppConfig.register()`` through
``add_periodic``, so the core never names a domain task. ``celery beat`` runs ``django.setup()`` (Celery's Django
fixup) before it reads the schedule, so every app has registered by then.
"""
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings")

app = Celery("grassroots")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def add_periodic(name: str, task: str, schedule: float | crontab) -> None:
    """Run the task called ``task`` on ``schedule`` (seconds, or a crontab). Keyed by ``name``: repeating it
    replaces the entry, so registering twice schedules it once."""
    # A new dict rather than an update in place: the schedule read from settings is never mutated behind its back.
    app.conf.beat_schedule = {**app.conf.beat_schedule, name: {"task": task, "schedule": schedule}}
