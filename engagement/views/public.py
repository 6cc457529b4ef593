"""The public "You said, we did" pages: no sign-in, server-rendered, cached for a few minutes."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from engagement.selectors.public import CACHE_SECONDS, SMALLEST_SHOWN, financial_year, shown, you_said_we_did
from grants.models import Programme
from grassroots.accounts.models import Area
from grassroots.charts import bar_chart

FIRST_YEAR = 2020


def _year(request: HttpRequest) -> int:
    current = financial_year()
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and FIRST_YEAR <= int(raw) <= current else current


def _public(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    # Shared caches may keep the page only when it was drawn for nobody in particular.
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return _public(request, render(request, "engagement/public/index.html", {
        "areas": Area.objects.order_by("name"), "programmes": Programme.objects.order_by("name")}))


def _page(request: HttpRequest, kind: str, scope: Area | Programme) -> HttpResponse:
    year = _year(request)
    figures = you_said_we_did(kind, scope.pk, year)
    themes = bar_chart("Themes heard", figures["themes"], shown=shown, chart_id="themes", hide_below=SMALLEST_SHOWN)
    charts = [bar_chart("Comments by service", figures["services"], shown=shown, chart_id="services",
                        hide_below=SMALLEST_SHOWN),
              bar_chart("How people felt", figures["sentiments"], shown=shown, chart_id="feelings",
                        hide_below=SMALLEST_SHOWN)]
    return _public(request, render(request, "engagement/public/page.html", {
        "kind": kind, "scope": scope, "year": year, "year_end": year + 1, "figures": figures, "charts": charts,
        "themes_chart": themes,
        "previous": year - 1 if year > FIRST_YEAR else None, "next": year + 1 if year < financial_year() else None,
    }))


@require_safe
def area_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, "area", get_object_or_404(Area, pk=pk))


@require_safe
def programme_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, "programme", get_object_or_404(Programme, pk=pk))
