"""Project-wide pages: home and dashboard, health check, and the error pages."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from grassroots.accounts.access import Capacity, capacities, memberships
from grassroots.navigation import panels_for


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    held = capacities(request.user)
    return render(request, "dashboard.html", {
        "panels": panels_for(request),
        "memberships": memberships(request.user),
        "role_labels": sorted(c.value for c in held),
        "is_admin": Capacity.ADMIN in held,
    })


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_redis() -> str:
    if not settings.REDIS_URL:
        raise RuntimeError("not configured (REDIS_URL is unset; tasks run in-process)")
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    client.ping()
    return "ok"


def _check_worker() -> str:
    if not settings.REDIS_URL:
        raise RuntimeError("not configured (no broker; tasks run in-process)")
    from grassroots.celery import app

    replies = app.control.ping(timeout=1.0)
    if not replies:
        raise RuntimeError("no Celery worker answered")
    return f"ok ({len(replies)} worker{'s' if len(replies) != 1 else ''})"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 only when the database, Redis and a live Celery worker all answer."""
    result: dict[str, Any] = {}
    healthy = True
    for name, check in (("database", _check_database), ("redis", _check_redis), ("worker", _check_worker)):
        try:
            result[name] = check()
        except Exception as exc:  # any failure is a failed check, reported by name
            healthy = False
            result[name] = f"error: {exc}"
    result["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(result, status=200 if healthy else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # No request context: a 400 is often raised before the middleware has run (an unknown Host header stops
    # CommonMiddleware before there is a request.user), and the page must not fail in its turn.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/400.html").render({}), status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No request context: the page must render even when the database is down.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)
