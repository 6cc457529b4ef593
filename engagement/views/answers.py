"""A session's questions: the set it uses, each person's answers, the paper tallies and the session's results.

Only the session's group and its host staff reach these pages (``session_for_answers_or_404``): readers of the
programme and other groups get 404."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from engagement.access import may_edit_session
from engagement.access_questions import (
    may_choose_question_set,
    may_enter_answers,
    question_sets_for_session,
    question_sets_for_staff,
    response_for_session_or_404,
    session_for_answers_or_404,
)
from engagement.forms.questions import ChooseQuestionSetForm, ResponseForm, TallyForm
from engagement.models import Question, Response, Session
from engagement.selectors.questions import (
    questions_of,
    response_values,
    session_responses,
    session_results,
    tally_values,
)
from engagement.services import questions as services
from grants.access import require
from grassroots.http import AuthenticatedHttpRequest


def _questions(session: Session) -> list[Question]:
    return questions_of(session.question_set) if session.question_set else []


@login_required
def session_question_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Choose the set people answered: the group while the session is a draft, or host staff."""
    session = session_for_answers_or_404(request.user, pk)
    allowed = may_choose_question_set(request.user, session)
    sets = question_sets_for_session(session)
    form = ChooseQuestionSetForm(request.POST or None, session=session, sets=sets)
    if request.method == "POST":
        require(allowed)
        if form.is_valid():
            services.session_question_set_choose(actor=request.user, session=session,
                                                 question_set=form.cleaned_data["question_set"])
            messages.success(request, f"This session uses “{form.cleaned_data['question_set'].name}”.")
            return redirect("engagement:session_answers", pk=session.pk)
    return render(request, "engagement/questions/choose_set.html", {
        "session": session, "form": form, "allowed": allowed, "has_sets": sets.exists()},
        status=400 if form.errors else 200)


@login_required
@require_safe
def session_answers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The people whose answers are in, one row each, and the way to add more or tally paper forms."""
    session = session_for_answers_or_404(request.user, pk)
    questions = _questions(session)
    return render(request, "engagement/questions/answers.html", {
        "session": session, "rows": session_responses(session, questions) if questions else [],
        "may_edit": may_enter_answers(request.user, session),
        "may_choose": may_choose_question_set(request.user, session),
        "keeps_set": session.question_set is not None
        and question_sets_for_staff(request.user).filter(pk=session.question_set.pk).exists()})


def _response_page(request: AuthenticatedHttpRequest, session: Session, response: Response | None) -> HttpResponse:
    questions = _questions(session)
    values = response_values(response) if response is not None and request.method != "POST" else None
    form = ResponseForm(request.POST or None, session=session, questions=questions, adding=response is None,
                        values=values)
    if request.method == "POST":
        require(may_enter_answers(request.user, session))
        if form.is_valid():
            try:
                services.response_save(actor=request.user, session=session, values=form.values(), response=response,
                                       client_id=form.cleaned_data.get("client_id"))
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                if response is None and request.POST.get("next") == "another":
                    messages.success(request, "Answers saved. Enter the next person’s answers.")
                    return redirect("engagement:response_add", pk=session.pk)
                messages.success(request, "Answers saved.")
                return redirect("engagement:session_answers", pk=session.pk)
    return render(request, "engagement/questions/response_form.html", {
        "session": session, "form": form, "response": response,
        "allowed": may_enter_answers(request.user, session), "entered": session.responses.count()},
        status=400 if form.errors else 200)


@login_required
def response_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _response_page(request, session_for_answers_or_404(request.user, pk), None)


@login_required
def response_edit(request: AuthenticatedHttpRequest, pk: int, response_pk: int) -> HttpResponse:
    session = session_for_answers_or_404(request.user, pk)
    return _response_page(request, session, response_for_session_or_404(session, response_pk))


@login_required
def response_delete(request: AuthenticatedHttpRequest, pk: int, response_pk: int) -> HttpResponse:
    session = session_for_answers_or_404(request.user, pk)
    response = response_for_session_or_404(session, response_pk)
    allowed = may_edit_session(request.user, session)
    if request.method == "POST":
        require(allowed)
        services.response_delete(actor=request.user, response=response)
        messages.success(request, "That person’s answers were deleted.")
        return redirect("engagement:session_answers", pk=session.pk)
    return render(request, "engagement/questions/response_delete.html", {
        "session": session, "response": response, "allowed": allowed})


@login_required
def session_tallies(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Paper forms counted by hand: one page for the whole set."""
    session = session_for_answers_or_404(request.user, pk)
    allowed = may_enter_answers(request.user, session)
    counts, answered = tally_values(session)
    entered = session.responses.count()
    form = TallyForm(request.POST or None, session=session, questions=_questions(session), counts=counts,
                     answered=answered)
    if request.method == "POST":
        require(allowed)
        if form.is_valid():
            try:
                services.tallies_save(actor=request.user, session=session, counts=form.counts(),
                                      answered=form.answered())
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, "Paper tallies saved.")
                return redirect("engagement:session_results", pk=session.pk)
    return render(request, "engagement/questions/tallies.html", {
        "session": session, "form": form, "allowed": allowed, "entered": entered,
        "room": max(session.attendance - entered, 0)},
        status=400 if form.errors else 200)


@login_required
@require_safe
def session_results_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = session_for_answers_or_404(request.user, pk)
    return render(request, "engagement/questions/session_results.html", {
        "session": session, "results": session_results(session)})
