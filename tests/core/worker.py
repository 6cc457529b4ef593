"""A real Celery worker in its own process (prefork pool, as in production), for what only a real worker does:
time limits (the in-thread ``live_worker`` uses the solo pool, which has none) and dying mid-job."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import override_settings

from grassroots.celery import app
from grassroots.jobs.models import Job

ROOT = Path(__file__).resolve().parents[2]

# Runs in the child: the test-only renderers are added by an explicit call, then the worker starts.
_START = (
    "import django, importlib; django.setup(); "
    "importlib.import_module({renderers!r}).register(); "
    "from grassroots.celery import app; "
    "app.worker_main(['worker', '--pool=prefork', '--concurrency=1', '--loglevel=INFO', "
    "'--without-heartbeat', '--without-mingle', '--without-gossip'])"
)


def _test_database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def worker_process(log: Path, *, time_limit: int = 10, soft_time_limit: int = 1, extra_env: dict[str, str] | None = None,
                   renderers: str = "tests.core.job_renderers") -> Iterator[subprocess.Popen]:
    """Start ``celery worker`` on the test database and the test Redis; stop it (and its pool) afterwards.
    ``extra_env`` adds settings (e-mail server, outbox timings) for the worker only.

    Celery puts a task's time limits in each message, from the settings of the process that queues it (web and
    worker read the same environment in production). This test process cached its own limits when it first
    queued a task, so tests that need short limits queue with ``apply_async(time_limit=..., soft_time_limit=...)``.
    ``renderers`` names a module whose ``register()`` adds (or replaces) job renderers in the worker.
    """
    if not settings.REDIS_URL:
        raise RuntimeError("The worker tests need Redis: source scripts/test-env (REDIS_URL) first.")
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PYTHONPATH")}
    env.update({"DJANGO_SETTINGS_MODULE": "grassroots.settings", "DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY,
                "ALLOWED_HOSTS": "testserver", "DATABASE_URL": _test_database_url(), "DB_CONN_MAX_AGE": "0",
                "REDIS_URL": settings.REDIS_URL, "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "CELERY_TASK_TIME_LIMIT": str(time_limit), "CELERY_TASK_SOFT_TIME_LIMIT": str(soft_time_limit),
                **(extra_env or {})})
    with log.open("w") as out, override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_TASK_TIME_LIMIT=time_limit,
                                                 CELERY_TASK_SOFT_TIME_LIMIT=soft_time_limit):
        app.conf.task_always_eager = False  # tasks queued in this process go to Redis, for the worker
        # Its own session, so stopping it reaches the pool's child processes too.
        proc = subprocess.Popen([sys.executable, "-c", _START.format(renderers=renderers)], env=env, cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield proc
        finally:
            kill(proc, signal.SIGTERM)
            app.conf.changes.pop("task_always_eager", None)


def kill(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def wait_for(pk: int, *statuses: str, seconds: float = 60.0, log: Path | None = None) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=pk)
        if job.status in statuses:
            return job
        time.sleep(0.1)
    detail = log.read_text()[-3000:] if log and log.exists() else ""
    raise AssertionError(f"job {pk} was still {Job.objects.get(pk=pk).status} after {seconds}s\n{detail}")
