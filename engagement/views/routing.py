""""Tell us once": host staff send feedback on; recipients answer in their inbox; safeguarding follow-up."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from engagement.access import (
    may_answer,
    recipient_for_user_or_404,
    routing_for_staff_or_404,
    safeguarding_item_for_staff_or_404,
)
from engagement.forms.routing import AnswerForm, CandidateFilterForm, FollowUpForm, RoutingForm
from engagement.models import FeedbackItem
from engagement.selectors import routing as sel
from engagement.services import routing as services
from engagement.services import safeguarding_cases as cases
from engagement.views.hosts import chosen_host, hosts_of
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.dates import govuk_date
from grassroots.http import AuthenticatedHttpRequest
from grassroots.workdays import add_working_days

PER_PAGE = 50


def item_label(item: FeedbackItem) -> str:
    words = item.published_text if len(item.published_text) <= 160 else item.published_text[:157] + "…"
    return f"“{words}” — {item.organisation.name}, {item.get_service_display()}, {govuk_date(item.held_on)}"


@require_safe
@capacity_required(Capacity.HOST)
def routing_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(sel.routing_rows(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "engagement/routing/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.HOST)
def routing_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    hosts = hosts_of(request)
    host = chosen_host(hosts, request.GET.get("host"))
    if host is None:
        return render(request, "engagement/routing/no_host.html", status=403)
    filters = CandidateFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    candidates = sel.candidate_items(request.user, host_id=host.pk, q=wanted.get("q", ""),
                                     service=wanted.get("service", ""), area_id=getattr(wanted.get("area"), "pk", None))
    form = RoutingForm(request.POST or None, recipients=services.recipient_choices(host),
                       items=[(i.pk, item_label(i)) for i in candidates])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            routing = services.routing_send(actor=request.user, host=host, title=data["title"],
                                            message=data["message"], item_ids=[int(i) for i in data["items"]],
                                            recipients=data["recipients"], reply_days=data["reply_days"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            count = len(data["recipients"])
            messages.success(request, f"Sent to {count} organisation{'s' if count != 1 else ''}. The reply is due "
                                      f"by {govuk_date(add_working_days(routing.sent_on, routing.reply_days))}.")
            return redirect("engagement:routing_detail", pk=routing.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "engagement/routing/create.html",
                  {"form": form, "filters": filters, "host": host, "hosts": hosts, "candidates": candidates,
                   "shown": sel.CANDIDATES_SHOWN}, status=status)


@require_safe
@capacity_required(Capacity.HOST)
def routing_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    routing = routing_for_staff_or_404(request.user, pk)
    return render(request, "engagement/routing/detail.html", {
        "routing": routing, "items": sel.routing_items(routing),
        "recipients": routing.recipients.select_related("organisation", "answered_by").annotate(left=Count("left_out"))
        .order_by("organisation__name"),
    })


RECEIVING = (Capacity.COMMISSIONER, Capacity.PROVIDER, Capacity.HOST)


@require_safe
@capacity_required(*RECEIVING)
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(sel.inbox_rows(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "engagement/routing/inbox.html", {"page": page})


@require_http_methods(["GET", "POST"])
@capacity_required(*RECEIVING)
def inbox_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    recipient = recipient_for_user_or_404(request.user, pk)
    allowed = may_answer(request.user, recipient)
    if request.method == "POST" and not allowed:
        messages.warning(request, allowed.reason)
        return redirect("engagement:inbox_detail", pk=recipient.pk)
    form = AnswerForm(request.POST or None) if allowed else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.recipient_answer(actor=request.user, recipient=recipient, answer=form.cleaned_data["answer"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Your answer has been sent to {recipient.routing.host.name}.")
            return redirect("engagement:inbox_detail", pk=recipient.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "engagement/routing/inbox_detail.html", {
        "recipient": recipient, "items": sel.recipient_items(recipient), "form": form, "may_answer": allowed,
    }, status=status)


@require_http_methods(["GET", "POST"])
@capacity_required(Capacity.HOST)
def safeguarding_item(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = safeguarding_item_for_staff_or_404(request.user, pk)
    case = sel.safeguarding_case_for(item)
    form = FollowUpForm(request.POST or None, closed=bool(case and case.is_closed))
    if request.method == "POST" and form.is_valid():
        data, act = form.cleaned_data, form.cleaned_data["action"]
        try:
            if act == "escalate":
                cases.safeguarding_escalate(actor=request.user, item=item, escalated_to=data["escalated_to"],
                                            escalated_on=data["escalated_on"], note=data["note"])
            elif act == "close":
                cases.safeguarding_close(actor=request.user, item=item, note=data["note"])
            elif act == "reopen":
                cases.safeguarding_reopen(actor=request.user, item=item, note=data["note"])
            else:
                cases.safeguarding_note(actor=request.user, item=item, note=data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("engagement:safeguarding_item", pk=item.pk)
    status = 400 if request.method == "POST" else 200
    events = list(case.events.select_related("actor")) if case else []
    return render(request, "engagement/routing/safeguarding_item.html",
                  {"item": item, "case": case, "events": events, "form": form}, status=status)
