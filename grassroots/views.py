"""Project-wide pages: home and dashboard, and the error pages (the health check is in grassroots.health)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

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
