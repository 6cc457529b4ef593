"""/healthz: is the service up? A bare yes/no for anyone, the detail for administrators and monitoring.

It is public (container and load-balancer probes cannot sign in) and must be cheap: every check has a short
timeout, and the Celery ping, which waits for replies, is remembered for a few seconds per process.

The detail also says how long the oldest job and e-mail have waited in the outbox and how many e-mails failed for
good, so a stuck broker or mail server shows before anyone complains. These do not change the status: a busy queue
is not a reason to take the web server out of service.
"""
from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from grassroots.jobs.models import Job
from grassroots.mail.models import OutboundEmail
from grassroots.mail.services import oldest_waiting_seconds

CHECK_TIMEOUT_SECONDS = 0.5
WORKER_CACHE_SECONDS = 5.0
DETAIL_HEADER = "X-Healthz-Token"

# (checked at, answer or None, error or None): one per process, so a probe every second pings Celery at most
# once per WORKER_CACHE_SECONDS.
_worker_cache: dict[str, tuple[float, str | None, str | None]] = {}


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_redis() -> str:
    if not settings.REDIS_URL:
        raise RuntimeError("not configured (REDIS_URL is unset; tasks run in-process)")
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
                                  socket_timeout=CHECK_TIMEOUT_SECONDS)
    client.ping()
    return "ok"


def _ping_worker() -> str:
    from grassroots.celery import app

    # limit=1: return as soon as one worker answers instead of waiting out the timeout for stragglers.
    replies = app.control.ping(timeout=CHECK_TIMEOUT_SECONDS, limit=1)
    if not replies:
        raise RuntimeError("no Celery worker answered")
    return "ok"


def _check_worker() -> str:
    if not settings.REDIS_URL:
        raise RuntimeError("not configured (no broker; tasks run in-process)")
    cached = _worker_cache.get(settings.REDIS_URL)
    now = time.monotonic()
    if cached is None or now - cached[0] > WORKER_CACHE_SECONDS:
        try:
            cached = (now, _ping_worker(), None)
        except Exception as exc:  # remembered like a success, so a dead worker does not slow every probe
            cached = (now, None, str(exc))
        _worker_cache[settings.REDIS_URL] = cached
    if cached[2] is not None:
        raise RuntimeError(cached[2])
    return cached[1] or "ok"


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("database", _check_database), ("redis", _check_redis), ("worker", _check_worker),
)


def outbox() -> dict[str, int | None]:
    """Seconds the oldest queued job and unsent e-mail have waited (None: nothing waits), and e-mails given up on."""
    now = timezone.now()
    oldest_job = (Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at")
                  .values_list("created_at", flat=True).first())
    return {
        "oldest_job_waiting_seconds": None if oldest_job is None else max(0, int((now - oldest_job).total_seconds())),
        "oldest_email_waiting_seconds": oldest_waiting_seconds(now=now),
        "emails_failed": OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).count(),
    }


def _may_see_detail(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    token = settings.HEALTHZ_TOKEN
    sent = request.headers.get(DETAIL_HEADER, "")
    return bool(token) and secrets.compare_digest(sent.encode(), token.encode())


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 only when the database, Redis and a live Celery worker all answer; 503 otherwise.

    Anyone else learns only ok/unavailable: the per-check errors name hosts and configuration.
    """
    detail: dict[str, object] = {}
    healthy = True
    for name, check in CHECKS:
        try:
            detail[name] = check()
        except Exception as exc:  # any failure is a failed check, reported by name
            healthy = False
            detail[name] = f"error: {exc}"
    status = "ok" if healthy else "unavailable"
    if not _may_see_detail(request):
        return JsonResponse({"status": status}, status=200 if healthy else 503)
    try:
        detail["outbox"] = outbox()
    except Exception as exc:  # the database check above already says why
        detail["outbox"] = f"error: {exc}"
    body = {**detail, "status": status}
    return JsonResponse(body, status=200 if healthy else 503)
