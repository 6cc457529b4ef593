"""Sending a theme on: choose the theme, period, area and organisations; check what would go; send; confirmation.

The answers wait in the signed-in user's session between the form and the check page (only ids, dates and what
they typed, never feedback), as the group registration journey does; sending clears them, so a second press of
"Send" finds nothing to send and goes back to the form.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from engagement.access import routing_for_staff_or_404
from engagement.forms.routing_theme import ThemeRoutingForm
from engagement.selectors.routing_theme import area_choices, sample_words, theme_choices
from engagement.services.routing import recipient_choices
from engagement.services.routing_theme import (
    ThemePlan,
    ThemeRequest,
    routing_send_theme,
    theme_routing_defaults,
    theme_routing_plan,
)
from engagement.views.hosts import chosen_host, hosts_of
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.accounts.models import Organisation
from grassroots.http import AuthenticatedHttpRequest
from grassroots.workdays import add_working_days

SESSION_KEY = "routing_theme"
# Where each of the service's refusals is put right on the form (the first input of the field).
FIELD_ANCHORS = {"theme": "id_theme", "period_start": "id_period_start_0", "period_end": "id_period_end_0",
                 "area": "id_area", "recipients": "id_recipients_1", "title": "id_title", "message": "id_message",
                 "reply_days": "id_reply_days"}


def _host(request: AuthenticatedHttpRequest, hosts: list[Organisation]) -> Organisation | None:
    """The host chosen on the page (``?host=``), else the one the saved answers were for, else the first."""
    saved = request.session.get(SESSION_KEY)
    return chosen_host(hosts, request.GET.get("host") or (saved.get("host") if isinstance(saved, dict) else None))


def _no_host(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "engagement/routing/no_host.html", status=403)


def _form(request: AuthenticatedHttpRequest, host: Organisation, **kwargs: Any) -> ThemeRoutingForm:
    return ThemeRoutingForm(request.POST or None, themes=theme_choices(host), areas=area_choices(host),
                            recipients=recipient_choices(host), **kwargs)


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.HOST)
def routing_theme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    hosts = hosts_of(request)
    host = _host(request, hosts)
    if host is None:
        return _no_host(request)
    saved = request.session.get(SESSION_KEY) or {}
    initial = {**saved, "period_start": _date(saved.get("start")), "period_end": _date(saved.get("end"))} \
        if saved else {}
    form = _form(request, host, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wanted = ThemeRequest(data["theme"], data["period_start"], data["period_end"], data["area"])
        try:
            theme_routing_plan(actor=request.user, host=host, request=wanted, recipients=data["recipients"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[SESSION_KEY] = {
                "host": host.pk, "theme": wanted.theme.pk, "start": wanted.start.isoformat(), "end": wanted.end.isoformat(),
                "area": wanted.area.pk if wanted.area else None,
                "recipients": sorted(o.pk for o in data["recipients"]),
                "title": data["title"].strip(), "message": data["message"].strip(), "reply_days": data["reply_days"]}
            return redirect("engagement:routing_theme_check")
    return render(request, "engagement/routing/theme_create.html", {"form": form, "host": host, "hosts": hosts},
                  status=400 if request.method == "POST" else 200)


@dataclass
class Answers:
    request: ThemeRequest
    recipients: list[Organisation]
    title: str
    message: str
    reply_days: int


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _answers(request: AuthenticatedHttpRequest, host: Organisation) -> Answers | None:
    """The saved answers, each still one the form offers this user (else None: they start again)."""
    saved = request.session.get(SESSION_KEY)
    if not isinstance(saved, dict) or saved.get("host", host.pk) != host.pk:
        return None
    theme_id = saved.get("theme")
    theme = theme_choices(host).filter(pk=theme_id).first() if isinstance(theme_id, int) else None
    start, end = _date(saved.get("start")), _date(saved.get("end"))
    area = area_choices(host).filter(pk=saved["area"]).first() if saved.get("area") else None
    offered = {o.pk: o for o in recipient_choices(host)}
    recipients = [offered[pk] for pk in saved.get("recipients", []) if pk in offered]
    if theme is None or start is None or end is None or (saved.get("area") and area is None) or not recipients \
            or len(recipients) != len(saved.get("recipients", [])):
        return None
    wanted = ThemeRequest(theme, start, end, area)
    title, message = theme_routing_defaults(wanted, host)
    return Answers(wanted, recipients, saved.get("title") or title, saved.get("message") or message,
                   int(saved.get("reply_days", 20)))


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    form = reverse("engagement:routing_theme_create")
    if not hasattr(exc, "error_dict"):
        return [(m, form) for m in exc.messages]
    return [(m, f"{form}#{FIELD_ANCHORS.get(name, 'id_theme')}") for name, errors in exc.message_dict.items()
            for m in errors]


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.HOST)
def routing_theme_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    host = _host(request, hosts_of(request))
    if host is None:
        return _no_host(request)
    answers = _answers(request, host)
    if answers is None:
        return redirect("engagement:routing_theme_create")
    plan: ThemePlan | None = None
    problems: list[tuple[str, str]] = []
    try:
        plan = theme_routing_plan(actor=request.user, host=host, request=answers.request,
                                  recipients=answers.recipients)
    except ValidationError as exc:
        problems = _problems(exc)
    if request.method == "POST" and plan is not None:
        try:
            routing = routing_send_theme(actor=request.user, host=host, request=answers.request,
                                         recipients=answers.recipients, title=answers.title,
                                         message=answers.message, reply_days=answers.reply_days)
        except ValidationError as exc:
            problems = _problems(exc)
        else:
            del request.session[SESSION_KEY]
            return redirect("engagement:routing_confirmation", pk=routing.pk)
    return render(request, "engagement/routing/theme_check.html", {
        "host": host, "answers": answers, "plan": plan, "problems": problems,
        "sample": sample_words(plan.item_ids) if plan else [],
        "due_on": add_working_days(timezone.localdate(), answers.reply_days),
    }, status=400 if problems and request.method == "POST" else 200)


@require_safe
@capacity_required(Capacity.HOST)
def routing_confirmation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    routing = routing_for_staff_or_404(request.user, pk)
    recipients = list(routing.recipients.select_related("organisation").annotate(left=Count("left_out"))
                      .order_by("organisation__name"))
    return render(request, "engagement/routing/confirmation.html", {
        "routing": routing, "recipients": recipients, "item_count": routing.routed_items.count(),
        "due_on": recipients[0].due_on if recipients else None,
    })
