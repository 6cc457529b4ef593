"""Question sets and their results: counts per question for a session, a group, an area or a period, combining
the answers entered one by one with the tallies counted from paper.

Every count is a database aggregate (a fixed number of queries, whatever the number of answers); Python only
adds up the few aggregated rows per question. Free-text answers are counted, never shown here: the words stay
with the group and its host.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Min, Prefetch, Q, QuerySet, Sum

from engagement.access import sessions_for_staff
from engagement.access_questions import question_sets_for_staff
from engagement.models import Answer, Question, QuestionOption, QuestionSet, Response, Session, Tally, TallyAnswered
from grassroots.accounts.models import Area, Organisation


def percent(part: int, whole: int) -> int:
    """Whole percent, halves rounded up (71.5% → 72%), as people round; 0 when nobody answered."""
    return (200 * part + whole) // (2 * whole) if whole else 0


@dataclass(frozen=True)
class ChoiceResult:
    value: str
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    choices: list[ChoiceResult] = field(default_factory=list)
    agree: ChoiceResult | None = None  # agreement scale: agree and strongly agree together
    mean: Decimal | None = None  # number questions (answers entered one by one)
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    @property
    def headline(self) -> str:
        """The sentence a person reads first: "71% agree", "66% yes", or the most chosen option."""
        if not self.answered:
            return "Nobody answered"
        if self.agree is not None:
            return f"{self.agree.percent}% agree"
        if self.question.is_yes_no:
            return f"{self.choices[0].percent}% yes"
        if self.choices:
            top = max(self.choices, key=lambda c: c.count)
            return f"{top.percent}% {top.label}"
        if self.mean is not None:
            return f"Average {self.mean.normalize():f}"
        return f"{self.answered} answered"


def questions_of(question_set: QuestionSet) -> list[Question]:
    return list(question_set.questions.prefetch_related(
        Prefetch("options", queryset=QuestionOption.objects.order_by("order", "pk"))))


def question_results(question_set: QuestionSet, sessions: QuerySet[Session]) -> list[QuestionResult]:
    """The results of each question of the set over ``sessions`` (a queryset, used as a subquery)."""
    questions = questions_of(question_set)
    answers = Answer.objects.filter(question__question_set=question_set, response__session__in=sessions.values("pk"))
    paper = Q(question__question_set=question_set, session__in=sessions.values("pk"))
    chosen: dict[tuple[int, str], int] = defaultdict(int)
    choices = answers.exclude(choice="").order_by().values("question_id", "choice")
    for row in choices.annotate(n=Count("response", distinct=True)):
        chosen[row["question_id"], row["choice"]] += row["n"]
    for row in Tally.objects.filter(paper).order_by().values("question_id", "choice").annotate(n=Sum("count")):
        chosen[row["question_id"], row["choice"]] += row["n"]
    per_person_rows = answers.order_by().values("question_id").annotate(
        n=Count("response", distinct=True), mean=Avg("number"), low=Min("number"), high=Max("number"))
    per_person: dict[int, dict[str, Any]] = {row["question_id"]: dict(row) for row in per_person_rows}
    on_paper = dict(TallyAnswered.objects.filter(paper).order_by().values("question_id")
                    .annotate(n=Sum("answered")).values_list("question_id", "n"))
    results = []
    for question in questions:
        stats = per_person.get(question.pk, {})
        answered = stats.get("n", 0) + on_paper.get(question.pk, 0)
        result = QuestionResult(question=question, answered=answered)
        result.choices = [ChoiceResult(value, label, chosen[question.pk, value], percent(chosen[question.pk, value],
                                                                                         answered))
                          for value, label in question.choices()]
        if question.is_agreement:
            agree = sum(c.count for c in result.choices if c.value in Question.AGREE)
            result.agree = ChoiceResult("agree", "Agree or strongly agree", agree, percent(agree, answered))
        if question.is_number and stats.get("mean") is not None:
            result.mean = Decimal(stats["mean"]).quantize(Decimal("0.1"))
            result.minimum, result.maximum = stats["low"], stats["high"]
        results.append(result)
    return results


def session_results(session: Session) -> list[QuestionResult]:
    if session.question_set is None:
        return []
    return question_results(session.question_set, Session.objects.filter(pk=session.pk))


def set_sessions(user: Any, question_set: QuestionSet, *, group: Organisation | None = None, area: Area | None = None,
                 start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Session]:
    """The sessions this user runs that used the set, narrowed to a group, an area and a period (dates included)."""
    sessions = sessions_for_staff(user).filter(question_set=question_set)
    if group is not None:
        sessions = sessions.filter(organisation=group)
    if area is not None:
        sessions = sessions.filter(area=area)
    if start is not None:
        sessions = sessions.filter(held_on__gte=start)
    if end is not None:
        sessions = sessions.filter(held_on__lte=end)
    return sessions


def set_filter_choices(user: Any, question_set: QuestionSet) -> tuple[QuerySet[Organisation], QuerySet[Area]]:
    """The groups and areas that held sessions with this set: what the results page offers to filter by."""
    sessions = sessions_for_staff(user).filter(question_set=question_set)
    return (Organisation.objects.filter(pk__in=sessions.values("organisation_id")).order_by("name"),
            Area.objects.filter(pk__in=sessions.values("area_id")).order_by("name"))


def question_set_rows(user: Any) -> QuerySet[QuestionSet]:
    """The staff list: each set with its question count and how many sessions used it (one query)."""
    return (question_sets_for_staff(user).select_related("owner")
            .annotate(question_count=Count("questions", distinct=True), session_count=Count("sessions", distinct=True))
            .order_by("retired", "name", "pk"))


@dataclass(frozen=True)
class ResponseRow:
    response: Response
    number: int  # "Person 3": the order the answers were entered in
    answers: list[tuple[str, str]]  # (question, what they answered), choices shown by their labels


def session_responses(session: Session, questions: list[Question]) -> list[ResponseRow]:
    """Each person's answers at the session, for the group to check what it typed (a fixed number of queries)."""
    labels = {(q.pk, value): label for q in questions for value, label in q.choices()}
    order = {q.pk: n for n, q in enumerate(questions)}
    responses = session.responses.prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("pk")))
    rows = []
    for number, response in enumerate(responses, start=1):
        given: dict[int, list[str]] = defaultdict(list)
        for answer in response.answers.all():
            shown = (labels.get((answer.question_id, answer.choice), answer.choice) if answer.choice
                     else f"{answer.number.normalize():f}" if answer.number is not None else answer.text)
            given[answer.question_id].append(shown)
        rows.append(ResponseRow(response, number, [(q.text, ", ".join(given[q.pk])) for q in questions
                                                   if q.pk in given and q.pk in order]))
    return rows


def response_values(response: Response) -> dict[int, Any]:
    """What the person answered, as the answers form takes it back (question id → value)."""
    values: dict[int, Any] = {}
    for answer in response.answers.select_related("question"):
        question = answer.question
        if question.is_multiple:
            values.setdefault(question.pk, []).append(answer.choice)
        elif question.is_number:
            values[question.pk] = answer.number
        elif question.is_text:
            values[question.pk] = answer.text
        else:
            values[question.pk] = answer.choice
    return values


def tally_values(session: Session) -> tuple[dict[tuple[int, str], int], dict[int, int]]:
    counts = {(t.question_id, t.choice): t.count for t in Tally.objects.filter(session=session)}
    answered = dict(TallyAnswered.objects.filter(session=session).values_list("question_id", "answered"))
    return counts, answered
