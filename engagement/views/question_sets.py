"""Host staff's question sets: the list, a set with its questions and options, and the set's results."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from engagement.access_questions import may_change_question_set, may_reshape_question, question_set_for_staff_or_404
from engagement.forms.questions import QuestionForm, QuestionSetForm, ResultsFilterForm
from engagement.models import Answer, Question, QuestionOption, QuestionSet, Tally, TallyAnswered
from engagement.selectors.questions import (
    question_results,
    question_set_rows,
    set_filter_choices,
    set_sessions,
)
from engagement.services import questions as services
from grants.access import require
from grassroots.accounts.access import Capacity, capacity_required, org_ids
from grassroots.accounts.models import Organisation
from grassroots.http import AuthenticatedHttpRequest


@capacity_required(Capacity.HOST)
@require_safe
def question_set_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "engagement/questions/set_list.html", {"sets": list(question_set_rows(request.user))})


def _owners(request: AuthenticatedHttpRequest) -> QuerySet[Organisation]:
    if request.user.is_superuser:
        return Organisation.objects.filter(kind=Organisation.Kind.HOST).order_by("name")
    return Organisation.objects.filter(pk__in=org_ids(request.user, Capacity.HOST)).order_by("name")


@capacity_required(Capacity.HOST)
def question_set_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    owners = _owners(request)
    form = QuestionSetForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data.get("owner") or owners.get()  # the form asks only when there is a choice
        question_set = services.question_set_create(actor=request.user, owner=owner, name=form.cleaned_data["name"],
                                                    description=form.cleaned_data["description"])
        messages.success(request, "Question set created. Now add its questions.")
        return redirect("engagement:question_set_detail", pk=question_set.pk)
    return render(request, "engagement/questions/set_form.html", {"form": form},
                  status=400 if form.errors else 200)


def _questions_with_state(question_set: QuestionSet) -> list[Question]:
    """The set's questions, each marked ``answered`` (one query, whatever the number of questions)."""
    answered = (Exists(Answer.objects.filter(question=OuterRef("pk")))
                | Exists(Tally.objects.filter(question=OuterRef("pk")))
                | Exists(TallyAnswered.objects.filter(question=OuterRef("pk"))))
    return list(question_set.questions.annotate(answered=answered).prefetch_related("options"))


@capacity_required(Capacity.HOST)
@require_safe
def question_set_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question_set = question_set_for_staff_or_404(request.user, pk)
    return render(request, "engagement/questions/set_detail.html", {
        "question_set": question_set, "questions": _questions_with_state(question_set),
        "may_change": may_change_question_set(request.user, question_set),
        "session_count": question_set.sessions.count()})


@capacity_required(Capacity.HOST)
def question_set_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question_set = question_set_for_staff_or_404(request.user, pk)
    require(may_change_question_set(request.user, question_set))
    form = QuestionSetForm(request.POST or None, question_set=question_set)
    if request.method == "POST" and form.is_valid():
        services.question_set_update(actor=request.user, question_set=question_set, name=form.cleaned_data["name"],
                                     description=form.cleaned_data["description"])
        messages.success(request, "Question set saved.")
        return redirect("engagement:question_set_detail", pk=question_set.pk)
    return render(request, "engagement/questions/set_form.html", {"form": form, "question_set": question_set},
                  status=400 if form.errors else 200)


@capacity_required(Capacity.HOST)
@require_POST
def question_set_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question_set = question_set_for_staff_or_404(request.user, pk)
    services.question_set_retire(actor=request.user, question_set=question_set)
    messages.success(request, f"“{question_set.name}” is retired. Its answers and results are kept.")
    return redirect("engagement:question_set_detail", pk=question_set.pk)


def _question_page(request: AuthenticatedHttpRequest, question_set: QuestionSet,
                   question: Question | None) -> HttpResponse:
    require(may_change_question_set(request.user, question_set))
    refusal = may_reshape_question(request.user, question).reason if question else ""
    form = QuestionForm(request.POST or None, question=question, reshape_refusal=refusal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if question is None:
                services.question_add(actor=request.user, question_set=question_set, text=data["text"],
                                      kind=data["kind"], options=form.new_options())
            else:
                services.question_update(actor=request.user, question=question, text=data["text"], kind=data["kind"],
                                         labels=form.option_labels(), new_options=form.new_options())
        except ValidationError as exc:
            form.add_error("options", exc.message_dict.get("options", exc.messages))
        else:
            messages.success(request, "Question saved.")
            return redirect("engagement:question_set_detail", pk=question_set.pk)
    return render(request, "engagement/questions/question_form.html", {
        "form": form, "question_set": question_set, "question": question, "refusal": refusal},
        status=400 if form.errors else 200)


@capacity_required(Capacity.HOST)
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _question_page(request, question_set_for_staff_or_404(request.user, pk), None)


def _question_or_404(question_set: QuestionSet, question_pk: int) -> Question:
    return get_object_or_404(Question.objects.select_related("question_set").prefetch_related("options"),
                             pk=question_pk, question_set=question_set)


@capacity_required(Capacity.HOST)
def question_edit(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = question_set_for_staff_or_404(request.user, pk)
    return _question_page(request, question_set, _question_or_404(question_set, question_pk))


@capacity_required(Capacity.HOST)
@require_POST
def question_move(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = question_set_for_staff_or_404(request.user, pk)
    question = _question_or_404(question_set, question_pk)
    services.question_move(actor=request.user, question=question, up=request.POST.get("direction") == "up")
    return redirect(reverse("engagement:question_set_detail", args=[question_set.pk]) + f"#question-{question.pk}")


@capacity_required(Capacity.HOST)
@require_POST
def question_remove(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question_set = question_set_for_staff_or_404(request.user, pk)
    question = _question_or_404(question_set, question_pk)
    services.question_remove(actor=request.user, question=question)
    messages.success(request, f"Question removed: {question.text}")
    return redirect("engagement:question_set_detail", pk=question_set.pk)


@capacity_required(Capacity.HOST)
@require_POST
def option_remove(request: AuthenticatedHttpRequest, pk: int, option_pk: int) -> HttpResponse:
    question_set = question_set_for_staff_or_404(request.user, pk)
    option = get_object_or_404(QuestionOption.objects.select_related("question__question_set"), pk=option_pk,
                               question__question_set=question_set)
    try:
        services.option_remove(actor=request.user, option=option)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Option removed: {option.label}")
    return redirect("engagement:question_edit", pk=question_set.pk, question_pk=option.question_id)


@capacity_required(Capacity.HOST)
@require_safe
def question_set_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The set's results over the sessions this person runs, narrowed by group, area and period."""
    question_set = question_set_for_staff_or_404(request.user, pk)
    groups, areas = set_filter_choices(request.user, question_set)
    form = ResultsFilterForm(request.GET or None, groups=groups, areas=areas)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    sessions = set_sessions(request.user, question_set, group=chosen.get("group"), area=chosen.get("area"),
                            start=chosen.get("start"), end=chosen.get("end"))
    return render(request, "engagement/questions/set_results.html", {
        "question_set": question_set, "form": form, "results": question_results(question_set, sessions),
        "session_count": sessions.count(), "chosen": chosen}, status=400 if form.errors else 200)
