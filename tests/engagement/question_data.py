"""Data for the question-set tests: a set with every kind of question, and sessions with known answers."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from engagement.models import Answer, Question, QuestionOption, QuestionSet, Response, Session, Tally, TallyAnswered
from tests.engagement.factories import make_question_set, make_session


def full_set(world, name: str = "GP access 2026") -> QuestionSet:
    """The factory's set (yes/no, agreement, single choice, free text) plus a multiple-choice and a number question."""
    question_set = make_question_set(world.host, created_by=world.host_staff, name=name)
    multiple = Question.objects.create(question_set=question_set, order=5, text="Which did you try?", kind="multiple")
    for n, label in enumerate(("Reception", "App", "111"), start=1):
        QuestionOption.objects.create(question=multiple, order=n, label=label)
    Question.objects.create(question_set=question_set, order=6, text="How many days did you wait?", kind="number")
    return question_set


def questions(question_set: QuestionSet) -> dict[str, Question]:
    """The set's questions by kind."""
    return {q.kind: q for q in question_set.questions.all()}


def option(question: Question, label: str) -> str:
    return str(question.options.get(label=label).pk)


def person(session: Session, **answers) -> Response:
    """One person's answers, by kind: yes_no="yes", agreement="4", single="Phone", multiple=["App"], number=3,
    text="..."."""
    qs = questions(session.question_set)
    response = Response.objects.create(session=session, created_by=session.created_by)
    for kind, value in answers.items():
        question = qs[kind]
        if kind == "multiple":
            for label in value:
                Answer.objects.create(response=response, question=question, choice=option(question, label))
        elif kind == "single":
            Answer.objects.create(response=response, question=question, choice=option(question, value))
        elif kind == "number":
            Answer.objects.create(response=response, question=question, number=Decimal(value))
        elif kind == "text":
            Answer.objects.create(response=response, question=question, text=value)
        else:
            Answer.objects.create(response=response, question=question, choice=value)
    return response


def paper(session: Session, kind: str, answered: int, **counts: int) -> None:
    """Tallies for one question; ``counts`` keyed by choice value or option label."""
    question = questions(session.question_set)[kind]
    TallyAnswered.objects.create(session=session, question=question, answered=answered)
    for key, n in counts.items():
        choice = option(question, key) if question.has_options else key.removeprefix("v")
        Tally.objects.create(session=session, question=question, choice=choice, count=n)


def session_a(grant, world, question_set: QuestionSet) -> Session:
    """The group's session in Lambeth, October 2026: three people one by one and a pile of paper forms.

    Together: yes/no 8 yes of 13 (62%); agreement 8 agree of 13 (62%); single choice Phone 3, Online 3, In person 1
    of 7; multiple Reception 7, App 6, 111 4 of 11; number 2 answers (3 and 5); free text 9 answered."""
    session = make_session(grant, created_by=world.group_member, title="Lambeth listening", attendance=100,
                           held_on=dt.date(2026, 10, 1), question_set=question_set)
    person(session, yes_no="yes", agreement="4", single="Phone", multiple=["Reception", "App"], number=3,
           text="The receptionist was kind")
    person(session, yes_no="no", agreement="5", single="Online", multiple=["Reception"], number=5)
    person(session, yes_no="yes", agreement="2", multiple=["App", "111"], text="Could not get through")
    paper(session, "yes_no", 10, yes=6, no=4)
    paper(session, "agreement", 10, v1=1, v2=1, v3=2, v4=3, v5=3)
    paper(session, "single", 5, Phone=2, Online=2, **{"In person": 1})
    paper(session, "multiple", 8, Reception=5, App=4, **{"111": 3})
    paper(session, "text", 7)
    return session
