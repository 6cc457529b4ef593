"""Commissioners review applications (conflict, scores, panel) and decide them (ranking, award, decline)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render

from grants import access
from grants.forms.review import AwardForm, BulkDecisionForm, ConflictForm, DeclineForm, ScoreForm, score_initial
from grants.models import Application, Review
from grants.selectors import budget_total, round_awarded_total
from grants.selectors import review as sel
from grants.services import decisions
from grants.services import reviews as services
from grassroots.accounts.access import Capacity, capacity_required
from grassroots.http import AuthenticatedHttpRequest

R = Review.Status


def _status(request: AuthenticatedHttpRequest, form: BaseForm | None) -> int:
    """400 when a POST comes back to its own page: the form (or the service behind it) refused it."""
    return 400 if request.method == "POST" and form is not None else 200


@capacity_required(Capacity.COMMISSIONER)
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    tab = request.GET.get("status", "todo")
    if tab not in sel.QUEUE_TABS:
        tab = "todo"
    page = Paginator(sel.review_queue(request.user, tab), 50).get_page(request.GET.get("page"))
    counts = sel.review_queue_counts(request.user)
    tabs = [{"key": k, "label": label, "count": counts[k], "current": k == tab}
            for k, (label, _) in sel.QUEUE_TABS.items()]
    return render(request, "grants/review/queue.html", {"page": page, "tabs": tabs, "tab": tab})


@capacity_required(Capacity.COMMISSIONER)
def review_conflict(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = access.review_for_reviewer_or_404(request.user, pk)
    if review.status in (R.IN_PROGRESS, R.SUBMITTED):
        return redirect("grants:review_score", pk=review.pk)
    form = ConflictForm(request.POST or None) if review.status == R.ASSIGNED else None
    if form is not None and request.method == "POST" and form.is_valid():
        has_conflict = form.cleaned_data["has_conflict"] == "yes"
        try:
            services.review_declare_conflict(actor=request.user, review=review, has_conflict=has_conflict,
                                             details=form.cleaned_data["conflict_details"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if has_conflict:
                messages.success(request, "Thank you. You will not score this application.")
                return redirect("grants:review_queue")
            return redirect("grants:review_score", pk=review.pk)
    return render(request, "grants/review/conflict.html", {"review": review, "form": form,
                                                           "application": review.application},
                  status=_status(request, form))


@capacity_required(Capacity.COMMISSIONER)
def review_score(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = access.review_for_reviewer_or_404(request.user, pk)
    access.require(access.may_score(request.user, review))
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
            services.review_save_scores(actor=request.user, review=review, scores=form.scores(),
                                        recommendation=form.cleaned_data["recommendation"] or "",
                                        comment=form.cleaned_data["comment"])
            if submitting:
                services.review_submit(actor=request.user, review=review)
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
    }, status=_status(request, form))


@capacity_required(Capacity.COMMISSIONER, Capacity.HOST)
def review_panel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = access.application_for_panel_or_404(request.user, pk)
    access.require(access.may_see_panel(request.user, application))
    return render(request, "grants/review/panel.html", {
        "application": application, "panel": sel.panel_for(application),
        "show_conflict_details": access.may_see_conflict_details(request.user, application.round),
    })


def _bulk_decide(request: AuthenticatedHttpRequest, form: BulkDecisionForm) -> list[str]:
    """Make the bulk decision; the problems to show (empty when every decision was made)."""
    award = form.cleaned_data["action"] == form.AWARD
    outcome = decisions.decisions_bulk(actor=request.user, applications=form.chosen(),
                                       amounts=form.amounts() if award else None, reason=form.cleaned_data["reason"])
    verb = "Awarded" if award else "Declined"
    if outcome.done:
        messages.success(request, f"{verb}: " + ", ".join(a.reference for a in outcome.done) + ".")
    problems = [f"{a.reference} was not {verb.lower()}: {why}" for a, why in outcome.refused]
    if outcome.not_tried:
        problems.append("Not tried, so that the ranking order is kept: "
                        + ", ".join(a.reference for a in outcome.not_tried) + ".")
    return problems


@capacity_required(Capacity.COMMISSIONER, Capacity.HOST)
def round_decisions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rnd = access.round_for_decisions_or_404(request.user, pk)
    may_decide = access.may_decide_in_round(request.user, rnd)
    ranking = sel.round_ranking(rnd, request.user)
    form = BulkDecisionForm(request.POST or None, applications=ranking.ranked, rnd=rnd)
    if request.method == "POST":
        access.require(may_decide)
        if form.is_valid():
            problems = _bulk_decide(request, form)
            if not problems:
                return redirect("grants:round_decisions", pk=rnd.pk)
            # Rebuild from the same POST so the rows still waiting keep what was typed.
            ranking = sel.round_ranking(rnd, request.user)
            form = BulkDecisionForm(request.POST, applications=ranking.ranked, rnd=rnd)
            form.is_valid()
            form.errors.pop("selected", None)
            for problem in problems:
                form.add_error(None, problem)
    awarded = round_awarded_total(rnd)
    return render(request, "grants/review/decisions.html", {
        "round": rnd, "form": form, "rows": form.rows(), "hidden": ranking.hidden, "may_decide": may_decide,
        "awarded": awarded, "remaining": rnd.budget - awarded,
    }, status=_status(request, form))


@capacity_required(Capacity.COMMISSIONER)
def application_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = access.application_for_commissioner_or_404(request.user, pk)
    may_decide = access.may_decide(request.user, application)
    access.require(may_decide)
    action = request.POST.get("action", "")
    confirming = request.POST.get("confirm") == "award"
    award_form = AwardForm(request.POST if confirming or action.startswith("Award") else None,
                           application=application, initial={"amount": application.amount_requested})
    decline_form = DeclineForm(request.POST if action.startswith("Decline") else None)
    awarded = round_awarded_total(application.round)
    context = {
        "application": application, "award_form": award_form, "decline_form": decline_form,
        "panel": sel.panel_for(application), "basis": sel.decision_basis(application, request.user),
        "budget_total": budget_total(application), "awarded": awarded,
        "remaining": application.round.budget - awarded,
        "open": application.status == Application.Status.UNDER_REVIEW,
    }
    if request.method == "POST":
        bound = award_form if award_form.is_bound else decline_form
        if bound.is_valid():
            if bound is award_form and not confirming:
                # An award e-mails the group at once: show what it rests on and ask once more.
                amount = award_form.cleaned_data["amount"]
                return render(request, "grants/review/award_confirm.html", {
                    **context, "amount": amount, "note": award_form.cleaned_data["note"],
                    "left_after": context["remaining"] - amount})
            try:
                if bound is award_form:
                    decisions.grant_award(actor=request.user, application=application,
                                          amount=award_form.cleaned_data["amount"],
                                          note=award_form.cleaned_data["note"])
                else:
                    decisions.application_decline(actor=request.user, application=application,
                                                  reason=decline_form.cleaned_data["reason"])
            except ValidationError as exc:
                bound.add_error(None, exc)
            except PermissionDenied as exc:
                bound.add_error(None, str(exc))
            else:
                verb = "awarded" if bound is award_form else "declined"
                messages.success(request, f"{application.reference} has been {verb}. We have emailed the group.")
                return redirect("grants:round_decisions", pk=application.round_id)
    return render(request, "grants/review/decide.html", context,
                  status=_status(request, award_form if award_form.is_bound else decline_form))
