"""Moderation: the queue of items waiting for a decision, and the decision on one item (approve, with the words
redacted if need be, or not for publication, with why)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from engagement.access_themes import feedback_item_for_staff_or_404
from engagement.forms.themes import ModerationForm
from engagement.models import FeedbackItem
from engagement.selectors.themes import moderation_history, moderation_queue
from engagement.services import moderation as services
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest

host_only = capacity_required(Capacity.HOST)
PER_PAGE = 25


@host_only
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(moderation_queue(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "engagement/moderation/queue.html", {"page": page})


@host_only
def moderate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = feedback_item_for_staff_or_404(request.user, pk)
    refusal = services.approval_refusal(item)
    initial = {"decision": item.moderation if item.moderation != FeedbackItem.Moderation.PENDING else None,
               "redacted_text": item.published_text}
    form = ModerationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == FeedbackItem.Moderation.APPROVED
        try:
            if approve:
                services.item_approve(actor=request.user, item=item, redacted_text=form.cleaned_data["redacted_text"])
            else:
                services.item_refuse(actor=request.user, item=item, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("decision", exc.messages)
        else:
            messages.success(request, "Approved for publication." if approve else "Marked not for publication.")
            return redirect("engagement:moderation_queue")
    return render(request, "engagement/moderation/item.html", {
        "item": item, "form": form, "refusal": refusal, "history": moderation_history(item)},
        status=400 if form.is_bound else 200)
