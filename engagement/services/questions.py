"""Question sets staff keep, the set a session uses, and the answers it collected: per person or tallied from paper.

The rules live here; forms call ``tally_problems`` and ``response_problem`` for their messages."""
from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from engagement.access import may_edit_session
from engagement.access_questions import (
    may_change_question_set,
    may_choose_question_set,
    may_enter_answers,
    may_reshape_question,
    question_sets_for_session,
)
from engagement.models import Answer, Question, QuestionOption, QuestionSet, Response, Session, Tally, TallyAnswered
from grants.access import require
from grants.access.base import _is_admin
from grassroots.accounts.access import Capacity, org_ids
from grassroots.accounts.models import Organisation
from grassroots.timeline.models import Visibility
from grassroots.timeline.services import record

# An answer to one question: a choice, several (multiple choice), a number or words; None or empty: not answered.
AnswerValue = str | list[str] | Decimal | None


def _clean_labels(labels: Iterable[str]) -> list[str]:
    return [label.strip() for label in labels if label.strip()]


# --- The sets ----------------------------------------------------------------------------------------------------

def question_set_create(*, actor: Any, owner: Organisation, name: str, description: str = "") -> QuestionSet:
    if not (_is_admin(actor) or owner.pk in org_ids(actor, Capacity.HOST)):
        raise PermissionDenied("You can only keep question sets for your own organisation.")
    return QuestionSet.objects.create(owner=owner, name=name.strip(), description=description.strip(),
                                      created_by=actor)


@transaction.atomic
def question_set_update(*, actor: Any, question_set: QuestionSet, name: str, description: str) -> QuestionSet:
    require(may_change_question_set(actor, question_set))
    question_set.name, question_set.description = name.strip(), description.strip()
    question_set.save(update_fields=["name", "description"])
    return question_set


@transaction.atomic
def question_set_retire(*, actor: Any, question_set: QuestionSet) -> QuestionSet:
    """A retired set keeps its answers and results but is no longer offered to sessions or changed."""
    locked = QuestionSet.objects.select_for_update(of=("self",), no_key=True).get(pk=question_set.pk)
    if locked.retired:
        return locked
    require(may_change_question_set(actor, locked))
    locked.retired = True
    locked.save(update_fields=["retired"])
    return locked


# --- Questions and their options ---------------------------------------------------------------------------------

def _check_options(kind: str, labels: Sequence[str]) -> None:
    if kind in Question.OPTION_KINDS and len(labels) < 2:
        raise ValidationError({"options": "Enter at least 2 options, one on each line"})
    if len({label.casefold() for label in labels}) != len(labels):
        raise ValidationError({"options": "Each option must be different"})


@transaction.atomic
def question_add(*, actor: Any, question_set: QuestionSet, text: str, kind: str,
                 options: Iterable[str] = ()) -> Question:
    require(may_change_question_set(actor, question_set))
    labels = _clean_labels(options) if kind in Question.OPTION_KINDS else []
    _check_options(kind, labels)
    order = (question_set.questions.aggregate(n=Max("order"))["n"] or 0) + 1
    question = Question.objects.create(question_set=question_set, order=order, text=text.strip(), kind=kind)
    QuestionOption.objects.bulk_create(QuestionOption(question=question, order=n, label=label)
                                       for n, label in enumerate(labels, start=1))
    return question


@transaction.atomic
def question_update(*, actor: Any, question: Question, text: str, kind: str,
                    labels: Mapping[int, str] | None = None, new_options: Iterable[str] = ()) -> Question:
    """Correct the wording (always), rename options, add options; a new kind only while nobody has answered."""
    require(may_change_question_set(actor, question.question_set))
    if kind != question.kind:
        require(may_reshape_question(actor, question))
    existing = list(question.options.all())
    renamed = {option.pk: (labels or {}).get(option.pk, option.label).strip() for option in existing}
    added = _clean_labels(new_options) if kind in Question.OPTION_KINDS else []
    if kind in Question.OPTION_KINDS:
        _check_options(kind, [*renamed.values(), *added])
    elif existing:
        require(may_reshape_question(actor, question))
        QuestionOption.objects.filter(question=question).delete()
        existing = []
    for option in existing:
        if renamed[option.pk] and renamed[option.pk] != option.label:
            option.label = renamed[option.pk]
            option.save(update_fields=["label"])
    start = max((o.order for o in existing), default=0)
    QuestionOption.objects.bulk_create(QuestionOption(question=question, order=start + n, label=label)
                                       for n, label in enumerate(added, start=1))
    question.text, question.kind = text.strip(), kind
    question.save(update_fields=["text", "kind"])
    return question


@transaction.atomic
def question_move(*, actor: Any, question: Question, up: bool) -> None:
    """Swap the question with its neighbour (their answers are untouched: order is only how the set reads)."""
    require(may_change_question_set(actor, question.question_set))
    ordered = list(Question.objects.select_for_update().filter(question_set=question.question_set_id))
    index = next(n for n, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for n, q in enumerate(ordered, start=1):
        if q.order != n:
            q.order = n
            q.save(update_fields=["order"])


@transaction.atomic
def question_remove(*, actor: Any, question: Question) -> None:
    require(may_reshape_question(actor, question))
    question.delete()


@transaction.atomic
def option_remove(*, actor: Any, option: QuestionOption) -> None:
    require(may_reshape_question(actor, option.question))
    if option.question.options.count() <= 2:
        raise ValidationError("A choice question needs at least 2 options. Add another before removing this one.")
    option.delete()


# --- The set a session uses --------------------------------------------------------------------------------------

@transaction.atomic
def session_question_set_choose(*, actor: Any, session: Session, question_set: QuestionSet | None) -> Session:
    locked = Session.objects.select_for_update(of=("self",), no_key=True).get(pk=session.pk)
    if locked.question_set_id == (question_set.pk if question_set else None):
        return locked
    require(may_choose_question_set(actor, locked))
    if question_set is not None and not question_sets_for_session(session).filter(pk=question_set.pk).exists():
        raise PermissionDenied("This session can only use a question set of the host running its programme.")
    locked.question_set = question_set
    locked.save(update_fields=["question_set"])
    note = f"Question set chosen: {question_set.name}" if question_set else "Question set removed"
    record(locked, actor=actor, kind="changed", note=note, visibility=Visibility.GROUP)
    return locked


# --- Answers per person ------------------------------------------------------------------------------------------

def _paper_people(session: Session) -> int:
    """At least this many people answered on paper: the most who answered any one question."""
    return max(session.tally_totals.values_list("answered", flat=True), default=0)


def response_problem(session: Session, *, adding: bool) -> str:
    """Why one more person's answers cannot be added (empty: they can): never more people than took part."""
    if not adding:
        return ""
    people = session.responses.count() + _paper_people(session)
    if people >= session.attendance:
        return (f"{session.attendance} people took part in this session and {people} people’s answers are already "
                "in (one by one and on paper). Change the session’s attendance first if more took part.")
    return ""


def _answer_rows(response: Response, questions: Sequence[Question], values: Mapping[int, AnswerValue]) -> list[Answer]:
    rows = []
    for question in questions:
        value = values.get(question.pk)
        if value is None or value == "" or value == []:
            continue
        if question.is_multiple:
            rows += [Answer(response=response, question=question, choice=choice) for choice in value]  # type: ignore[union-attr]
        elif question.is_number:
            rows.append(Answer(response=response, question=question, number=Decimal(str(value))))
        elif question.is_text:
            rows.append(Answer(response=response, question=question, text=str(value).strip()))
        else:
            rows.append(Answer(response=response, question=question, choice=str(value)))
    return rows


@transaction.atomic
def response_save(*, actor: Any, session: Session, values: Mapping[int, AnswerValue],
                  response: Response | None = None, client_id: uuid.UUID | None = None) -> Response:
    """One person's answers (``values``: question id → answer), new or replacing what they gave before.

    A new person's page carries a ``client_id``: the same page sent twice (a double tap, a retry on a weak
    signal) saves the person once."""
    locked = Session.objects.select_for_update(of=("self",), no_key=True).get(pk=session.pk)
    require(may_enter_answers(actor, locked))
    if response is None and client_id is not None:
        already = Response.objects.filter(session=locked, client_id=client_id).first()
        if already is not None:
            return already
    problem = response_problem(locked, adding=response is None)
    if problem:
        raise ValidationError(problem)
    questions = list(Question.objects.filter(question_set=locked.question_set_id).prefetch_related("options"))
    if response is None:
        response = Response.objects.create(session=locked, created_by=actor,
                                           **({"client_id": client_id} if client_id else {}))
        note = "Answers added for one person"
    else:
        response.answers.all().delete()
        note = "One person’s answers changed"
    rows = _answer_rows(response, questions, values)
    if not rows:
        raise ValidationError("Enter at least one answer")
    Answer.objects.bulk_create(rows)
    record(locked, actor=actor, kind="changed", note=note, visibility=Visibility.GROUP)
    return response


@transaction.atomic
def response_delete(*, actor: Any, response: Response) -> None:
    session = Session.objects.select_for_update(of=("self",), no_key=True).get(pk=response.session_id)
    require(may_edit_session(actor, session))
    response.delete()
    record(session, actor=actor, kind="changed", note="One person’s answers deleted", visibility=Visibility.GROUP)


# --- Tallies from paper ------------------------------------------------------------------------------------------

def count_field(question: Question, choice: str) -> str:
    return f"count_{question.pk}_{choice}"


def answered_field(question: Question) -> str:
    return f"answered_{question.pk}"


def tally_problems(session: Session, questions: Sequence[Question], counts: Mapping[tuple[int, str], int | None],
                   answered: Mapping[int, int | None]) -> dict[str, str]:
    """Field name → what is wrong. No choice counted more often than people answered; one-answer questions' counts
    add up to how many answered; never more people on paper than took part, less those entered one by one."""
    problems: dict[str, str] = {}
    online = session.responses.count()
    room = max(session.attendance - online, 0)
    for question in questions:
        total = answered.get(question.pk)
        given = {choice: counts.get((question.pk, choice)) for choice, _ in question.choices()}
        entered = {choice: n for choice, n in given.items() if n is not None}
        if total is None:
            if any(entered.values()):
                problems[answered_field(question)] = f"Enter how many people answered “{question.text}” on paper"
            continue
        if total > room:
            problems[answered_field(question)] = (
                f"Number who answered “{question.text}” must be {room} or fewer: {session.attendance} people took part"
                + (f" and {online} people’s answers are entered one by one" if online else ""))
            continue
        for choice, label in question.choices():
            n = entered.get(choice)
            if n is not None and n > total:
                problems[count_field(question, choice)] = (
                    f"“{label}” for “{question.text}” must be {total} or fewer: that is how many answered")
        if question.takes_one_choice and total and sum(entered.values()) != total:
            problems[answered_field(question)] = (
                f"The counts for “{question.text}” add up to {sum(entered.values())}, but {total} people answered "
                "it: each person gives one answer, so they must be the same")
    return problems


@transaction.atomic
def tallies_save(*, actor: Any, session: Session, counts: Mapping[tuple[int, str], int | None],
                 answered: Mapping[int, int | None]) -> None:
    """Replace the session's paper tallies with these (all or nothing)."""
    locked = Session.objects.select_for_update(of=("self",), no_key=True).get(pk=session.pk)
    require(may_enter_answers(actor, locked))
    questions = list(Question.objects.filter(question_set=locked.question_set_id).prefetch_related("options"))
    problems = tally_problems(locked, questions, counts, answered)
    if problems:
        raise ValidationError(problems)
    Tally.objects.filter(session=locked).delete()
    TallyAnswered.objects.filter(session=locked).delete()
    TallyAnswered.objects.bulk_create(
        TallyAnswered(session=locked, question=q, answered=n)
        for q in questions if (n := answered.get(q.pk)) is not None)
    Tally.objects.bulk_create(
        Tally(session=locked, question=q, choice=choice, count=n)
        for q in questions for choice, _ in q.choices()
        if answered.get(q.pk) is not None and (n := counts.get((q.pk, choice))) is not None)
    record(locked, actor=actor, kind="changed", note="Paper tallies saved", visibility=Visibility.GROUP)
