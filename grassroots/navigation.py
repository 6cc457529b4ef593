"""Service navigation and dashboard panels, which apps add from their ``AppConfig.register()``.

The core imports no domain app; each app tells the core what to show and to whom. Items are keyed (by URL name,
by template), so an app that registers twice shows each item once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from grassroots.accounts.access import Capacity, capacities


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capacities: frozenset[Capacity]  # empty: every signed-in person
    order: int = 50


@dataclass(frozen=True)
class Panel:
    """A dashboard panel: ``build`` returns the template context, or None to hide the panel."""

    template: str
    capacities: frozenset[Capacity]
    build: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 50


_nav: list[NavItem] = []
_panels: list[Panel] = []


def add_nav(label: str, url_name: str, *caps: Capacity, order: int = 50) -> None:
    """Add (or replace, in place) the item for ``url_name``: registering twice never shows it twice."""
    item = NavItem(label, url_name, frozenset(caps), order)
    for n, existing in enumerate(_nav):
        if existing.url_name == url_name:
            _nav[n] = item
            return
    _nav.append(item)


def add_panel(template: str, build: Callable[[HttpRequest], dict[str, Any] | None], *caps: Capacity,
              order: int = 50) -> None:
    """Add (or replace, in place) the panel drawn by ``template``: registering twice never shows it twice."""
    panel = Panel(template, frozenset(caps), build, order)
    for n, existing in enumerate(_panels):
        if existing.template == template:
            _panels[n] = panel
            return
    _panels.append(panel)


def _visible(held: set[Capacity], wanted: frozenset[Capacity]) -> bool:
    return not wanted or Capacity.ADMIN in held or bool(held & wanted)


def nav_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The service navigation for this request, built once per request (every template rendered with the
    request asks for it) and never shared between requests, so one person's menu never reaches another."""
    cached: list[dict[str, Any]] | None = getattr(request, "_grassroots_nav", None)
    if cached is not None:
        return cached
    items = _build_nav(request)
    request._grassroots_nav = items  # type: ignore[attr-defined]
    return items


def _build_nav(request: HttpRequest) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)  # absent when an error page is drawn before the auth middleware ran
    if user is None or not user.is_authenticated:
        return []
    held = capacities(user)
    items = []
    for item in sorted(_nav, key=lambda i: (i.order, i.label)):
        if not _visible(held, item.capacities):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": item.label, "url": url, "current": current})
    return items


def panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    held = capacities(request.user)
    out = []
    for panel in sorted(_panels, key=lambda p: p.order):
        if panel.capacities and not _visible(held, panel.capacities):
            continue
        context = panel.build(request)
        if context is not None:
            out.append({"template": panel.template, "context": context})
    return out


def context_processor(request: HttpRequest) -> dict[str, Any]:
    return {"service_nav": nav_for(request)}


def registered() -> tuple[list[NavItem], list[Panel]]:
    """What has been added so far (tests compare it before and after registering again)."""
    return list(_nav), list(_panels)
