"""The Celery application: Redis as broker, tasks discovered in every installed app.

Periodic tasks are not listed in settings: each app schedules its own from its ``AppConfig.register()`` through
``add_periodic``, so the core never names a domain task. ``celery beat`` runs ``django.setup()`` (Celery's Django
fixup) before it reads the schedule, so every app has registered by then.

Work is recorded in the database first (a ``Job`` or an ``OutboundEmail`` row, the outbox) and handed to the broker
with ``publish`` once that row is committed. ``publish`` never makes a request wait on a broker that is down: it
gives up within a second and says so, and the periodic dispatchers (also run when a worker starts) hand the row over
again once the broker is back.
"""
from __future__ import annotations

import logging
import os
import time
from typing import Any

from celery import Celery, Task
from celery.schedules import crontab
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings")

log = logging.getLogger(__name__)

app = Celery("grassroots")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# For the web's publishing connection only: the worker keeps Celery's patient reconnecting.
PUBLISH_TIMEOUT_SECONDS = 1.0
_PUBLISH_TRANSPORT_OPTIONS = {"max_retries": 0, "socket_connect_timeout": PUBLISH_TIMEOUT_SECONDS,
                              "socket_timeout": PUBLISH_TIMEOUT_SECONDS}

# After a failed publish, the broker is taken to be down for this long (per process and broker URL).
BROKER_DOWN_MEMORY_SECONDS = 5.0
_broker_down_until: dict[str, float] = {}

# Task names run once whenever a worker is ready (the dispatchers): whatever waited while no worker ran goes now.
_at_worker_start: dict[str, str] = {}


def add_periodic(name: str, task: str, schedule: float | crontab, *, at_worker_start: bool = False) -> None:
    """Run the task called ``task`` on ``schedule`` (seconds, or a crontab), and also each time a worker starts when
    ``at_worker_start``. Keyed by ``name``: repeating it replaces the entry, so registering twice schedules it once."""
    # A new dict rather than an update in place: the schedule read from settings is never mutated behind its back.
    app.conf.beat_schedule = {**app.conf.beat_schedule, name: {"task": task, "schedule": schedule}}
    if at_worker_start:
        _at_worker_start[name] = task
    else:
        _at_worker_start.pop(name, None)


def publish(task: Task, *args: Any, **options: Any) -> bool:
    """Hand ``task(*args)`` to the broker now; False (logged, never raised) when the broker cannot be reached.

    Call it only for work already recorded in a committed row, so that a False loses nothing: a dispatcher sends
    it later. Without a broker (tasks run in-process) the task runs here and now.
    """
    if app.conf.task_always_eager:
        task.apply_async(args=args, **options)
        return True
    url = app.conf.broker_url
    if _broker_down_until.get(url, 0.0) > time.monotonic():
        return False  # it failed a moment ago: a request that records many rows still waits at most once
    try:
        with app.connection_for_write(connect_timeout=PUBLISH_TIMEOUT_SECONDS,
                                      transport_options=_PUBLISH_TRANSPORT_OPTIONS) as connection:
            # celery-types omits apply_async's documented connection= option.
            task.apply_async(args=args, connection=connection, retry=False, **options)  # type: ignore[call-arg]
    except Exception as exc:  # any broker failure: the row stays queued for the dispatcher
        log.warning("Could not hand %s%r to the broker (%s); a dispatcher will send it later", task.name, args, exc)
        _broker_down_until[url] = time.monotonic() + BROKER_DOWN_MEMORY_SECONDS
        return False
    _broker_down_until.pop(url, None)
    return True


@worker_ready.connect
def _dispatch_at_worker_start(sender: Any = None, **kwargs: Any) -> None:
    for task in sorted(set(_at_worker_start.values())):
        try:
            app.send_task(task)
        except Exception:  # the worker must start even if this first nudge fails; beat sends it again soon
            log.exception("Could not send %s at worker start", task)
