"""Commissioners review applications (conflict, scores, panel) and decide them (ranking, award, decline)."""
from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from grants.access import (
    application_for_commissioner_or_404,
    application_for_staff_or_404,
    review_for_reviewer_or_404,
)
from grants.forms.review import AwardForm, BulkDecisionForm, ConflictForm, DeclineForm, ScoreForm, score_initial
from grants.models import Application, Review
from grants.selectors import budget_total, round_awarded_total
from grants.selectors import review as sel
from grants.services import decisions
from grants.services import reviews as services
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.accounts.models import User

R = Review.Status


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)  # capacity_required has already turned anonymous visitors away


def _forbid_conflicted(review: Review) -> None:
    if review.status == R.CONFLICTED:
        raise PermissionDenied("You declared a conflict of interest with this application, so you cannot score it. "
                               "Host staff have been told and will ask another reviewer.")


@capacity_required(Capacity.COMMISSIONER)
def review_queue(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("status", "todo")
    if tab not in sel.QUEUE_TABS:
        tab = "todo"
    page = Paginator(sel.review_queue(request.user, tab), 50).get_page(request.GET.get("page"))
    counts = sel.review_queue_counts(request.user)
    tabs = [{"key": k, "label": label, "count": counts[k], "current": k == tab}
            for k, (label, _) in sel.QUEUE_TABS.items()]
    return render(request, "grants/review/queue.html", {"page": page, "tabs": tabs, "tab": tab})


@capacity_required(Capacity.COMMISSIONER)
def review_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for_reviewer_or_404(request.user, pk)
    if review.status in (R.IN_PROGRESS, R.SUBMITTED):
        return redirect("grants:review_score", pk=review.pk)
    form = ConflictForm(request.POST or None) if review.status == R.ASSIGNED else None
    if form is not None and request.method == "POST" and form.is_valid():
        has_conflict = form.cleaned_data["has_conflict"] == "yes"
        try:
            services.review_declare_conflict(actor=_actor(request), review=review, has_conflict=has_conflict,
                                             details=form.cleaned_data["conflict_details"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if has_conflict:
                messages.success(request, "Thank you. You will not score this application.")
                return redirect("grants:review_queue")
            return redirect("grants:review_score", pk=review.pk)
    return render(request, "grants/review/conflict.html", {"review": review, "form": form,
                                                           "application": review.application})


@capacity_required(Capacity.COMMISSIONER)
def review_score(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for_reviewer_or_404(request.user, pk)
    _forbid_conflicted(review)
    if review.status == R.ASSIGNED:
        return redirect("grants:review_conflict", pk=review.pk)
    if review.status == R.SUBMITTED:
        messages.info(request, "You have submitted this review. Here are the panel's scores.")
        return redirect("grants:review_panel", pk=review.application_id)
    application = review.application
    criteria = list(application.round.criteria.all())
    submitting = request.POST.get("action") == "submit"
    form = ScoreForm(request.POST or None, criteria=criteria, submitting=submitting,
                     initial=score_initial(review))
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save_scores(actor=_actor(request), review=review, scores=form.scores(),
                                        recommendation=form.cleaned_data["recommendation"] or "",
                                        comment=form.cleaned_data["comment"])
            if submitting:
                services.review_submit(actor=_actor(request), review=review)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if submitting:
                messages.success(request, f"Your review of {application.reference} has been submitted.")
                return redirect("grants:review_panel", pk=application.pk)
            messages.success(request, "Your draft has been saved. You can come back to it at any time.")
            return redirect("grants:review_score", pk=review.pk)
    return render(request, "grants/review/score.html", {
        "review": review, "application": application, "form": form,
        "budget_lines": list(application.budget_lines.all()), "budget_total": budget_total(application),
        "documents": list(application.documents.all()),
    })


def _panel_application_or_404(user: Any, pk: int) -> Application:
    """Host staff of the programme, else a commissioner of it; 404 for everyone else."""
    try:
        return application_for_staff_or_404(user, pk)
    except Http404:
        return application_for_commissioner_or_404(user, pk)


@capacity_required(Capacity.COMMISSIONER, Capacity.HOST)
def review_panel(request: HttpRequest, pk: int) -> HttpResponse:
    application = _panel_application_or_404(request.user, pk)
    allowed, reason = sel.panel_access(request.user, application)
    if not allowed:
        raise PermissionDenied(reason)
    return render(request, "grants/review/panel.html", {
        "application": application, "panel": sel.panel_for(application),
        "show_conflict_details": sel.is_round_staff(request.user, application.round),
    })


@capacity_required(Capacity.COMMISSIONER, Capacity.HOST)
def round_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    rnd, may_decide = sel.round_for_decisions_or_404(request.user, pk)
    applications = list(sel.round_ranking(rnd, request.user))
    form = BulkDecisionForm(request.POST or None, applications=applications, rnd=rnd)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied("Commissioners of this programme take the funding decisions. You can see the "
                                   "ranking but not decide.")
        if form.is_valid():
            chosen = form.chosen()
            conflicted = [a.reference for a in chosen if getattr(a, "my_conflict", False)]
            if conflicted:
                form.add_error("selected", "You declared a conflict of interest with " + ", ".join(conflicted)
                               + ", so you cannot decide it. Untick it and ask a colleague.")
            else:
                award = form.cleaned_data["action"] == form.AWARD
                outcome = decisions.decisions_bulk(actor=_actor(request), applications=chosen,
                                                   amounts=form.amounts() if award else None,
                                                   reason=form.cleaned_data["reason"])
                verb = "Awarded" if award else "Declined"
                if outcome.done:
                    messages.success(request, f"{verb}: " + ", ".join(a.reference for a in outcome.done) + ".")
                if not outcome.refused:
                    return redirect("grants:round_decisions", pk=rnd.pk)
                problems = [f"{a.reference} was not {verb.lower()}: {why}" for a, why in outcome.refused]
                if outcome.not_tried:
                    problems.append("Not tried, so that the ranking order is kept: "
                                    + ", ".join(a.reference for a in outcome.not_tried) + ".")
                # Rebuild from the same POST so the rows still waiting keep what was typed.
                applications = list(sel.round_ranking(rnd, request.user))
                form = BulkDecisionForm(request.POST, applications=applications, rnd=rnd)
                form.is_valid()
                form.errors.pop("selected", None)
                for problem in problems:
                    form.add_error(None, problem)
    awarded = round_awarded_total(rnd)
    return render(request, "grants/review/decisions.html", {
        "round": rnd, "form": form, "rows": form.rows(), "may_decide": may_decide,
        "awarded": awarded, "remaining": rnd.budget - awarded,
    })


@capacity_required(Capacity.COMMISSIONER)
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_commissioner_or_404(request.user, pk)
    allowed, reason = sel.panel_access(request.user, application)
    if not allowed:
        raise PermissionDenied(reason.replace("see the panel's scores", "decide it"))
    action = request.POST.get("action", "")
    award_form = AwardForm(request.POST if action.startswith("Award") else None, application=application,
                           initial={"amount": application.amount_requested})
    decline_form = DeclineForm(request.POST if action.startswith("Decline") else None)
    if request.method == "POST":
        bound = award_form if award_form.is_bound else decline_form
        if bound.is_valid():
            try:
                if bound is award_form:
                    decisions.grant_award(actor=_actor(request), application=application,
                                          amount=award_form.cleaned_data["amount"],
                                          note=award_form.cleaned_data["note"])
                else:
                    decisions.application_decline(actor=_actor(request), application=application,
                                                  reason=decline_form.cleaned_data["reason"])
            except ValidationError as exc:
                bound.add_error(None, exc)
            else:
                verb = "awarded" if bound is award_form else "declined"
                messages.success(request, f"{application.reference} has been {verb}. We have emailed the group.")
                return redirect(reverse("grants:round_decisions", kwargs={"pk": application.round_id}))
    return render(request, "grants/review/decide.html", {
        "application": application, "award_form": award_form, "decline_form": decline_form,
        "panel": sel.panel_for(application), "budget_total": budget_total(application),
        "awarded": round_awarded_total(application.round),
        "open": application.status == application.Status.UNDER_REVIEW,
    })
