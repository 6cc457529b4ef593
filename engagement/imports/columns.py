"""What each column of an import file holds and which values it allows. The template, the page that explains it
and the check all read these, so what a volunteer is told is exactly what is accepted."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import models

from engagement.choices import AgeBand, Consent, EthnicGroup, Sentiment, Service
from engagement.models import TEXT_MAX, Question, QuestionSet

ANSWER_TEXT_MAX = 2000
YES_NO: list[tuple[str, str]] = [("yes", "Yes"), ("no", "No")]
# The agreement scale's stored values are its points; people may write the point or its words.
AGREEMENT: list[tuple[str, str]] = [("1", "Strongly disagree"), ("2", "Disagree"),
                                    ("3", "Neither agree nor disagree"), ("4", "Agree"), ("5", "Strongly agree")]
MULTIPLE_SEPARATOR = ";"
SESSION_HELP = "The session's reference, shown on the session's page, for example GR-2026-0001-S3"


def norm(value: str) -> str:
    """How cells are compared: spaces at either end and letter case do not matter."""
    return value.strip().casefold()


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool
    help: str
    # (stored value, label). People may write either; the label is what the template and the page show.
    choices: tuple[tuple[str, str], ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)  # more spellings accepted (y, n)

    @property
    def lookup(self) -> dict[str, str]:
        found = {norm(code): code for code, _ in self.choices}
        found.update({norm(label): code for code, label in self.choices})
        found.update({norm(k): v for k, v in self.aliases.items()})
        return found

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.choices]

    @property
    def allowed(self) -> str:
        """What may go in the column, in one line (the problem list's "what is allowed")."""
        if not self.choices:
            return self.help
        values = "; ".join(self.labels)
        return f"One of: {values}" + ("" if self.required else " (or leave it empty)")


def _choices(options: type[models.TextChoices]) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in options.choices)


FEEDBACK_COLUMNS: tuple[Column, ...] = (
    Column("session", "Session", True, SESSION_HELP),
    Column("text", "What was said", True, f"The person's words, up to {TEXT_MAX:,} characters"),
    Column("service", "Service", True, "Which service it is about", _choices(Service)),
    Column("sentiment", "Sentiment", True, "How the person felt about it", _choices(Sentiment)),
    Column("consent", "Consent", True, "What the person agreed to", _choices(Consent)),
    Column("age_band", "Age band", False, "The speaker's age band, if they said", _choices(AgeBand)),
    Column("ethnic_group", "Ethnic group", False, "The speaker's ethnic group (ONS 2021), if they said",
           _choices(EthnicGroup)),
    Column("safeguarding", "Safeguarding concern", False,
           "Yes if what was said is a safeguarding concern (an empty cell means no)", tuple(YES_NO),
           {"y": "yes", "n": "no"}),
)


@dataclass(frozen=True)
class QuestionColumn:
    """One question of a set as a column of an answers file: ``Q<number> <question>``."""

    number: int
    question: Question
    column: Column  # for a single or multiple choice question, its choices are (option id, label)


def question_heading(number: int, question: Question) -> str:
    return f"Q{number} {question.text}"


_KIND_HELP = {
    Question.Kind.YES_NO: "Yes or No",
    Question.Kind.AGREEMENT: "A number from 1 to 5, or its words",
    Question.Kind.SINGLE: "One of the choices",
    Question.Kind.MULTIPLE: f"One or more of the choices, separated by '{MULTIPLE_SEPARATOR}'",
    Question.Kind.NUMBER: "A number, like 3 or 2.5",
    Question.Kind.TEXT: f"The answer in words, up to {ANSWER_TEXT_MAX:,} characters",
}


def question_columns(question_set: QuestionSet) -> list[QuestionColumn]:
    """The set's questions in order, numbered from 1 as on the paper form (one query with their options)."""
    out = []
    for number, question in enumerate(question_set.questions.prefetch_related("options").order_by("order", "pk"),
                                      start=1):
        kind = question.kind
        if kind == Question.Kind.YES_NO:
            choices: tuple[tuple[str, str], ...] = tuple(YES_NO)
        elif kind == Question.Kind.AGREEMENT:
            choices = tuple(AGREEMENT)
        elif kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            choices = tuple((str(o.pk), o.label) for o in question.options.all())
        else:
            choices = ()
        help_text = _KIND_HELP[Question.Kind(kind)]
        column = Column(f"q{number}", question_heading(number, question), False, help_text, choices,
                        {"y": "yes", "n": "no"} if kind == Question.Kind.YES_NO else {})
        out.append(QuestionColumn(number, question, column))
    return out


def answer_columns(question_set: QuestionSet) -> tuple[list[Column], list[QuestionColumn]]:
    """The fixed columns of an answers file and one column per question of the set."""
    fixed = [Column("session", "Session", True, SESSION_HELP + "; every session must use this question set"),
             Column("person", "Person", False, "The number on the person's form, if you numbered them "
                    "(one row per person: each number once per session)")]
    return fixed, question_columns(question_set)


_QUESTION_HEADING = re.compile(r"^\s*q\s*(\d+)\b", re.IGNORECASE)


def question_number(heading: str) -> int | None:
    """The question a heading names: "Q3 How did you book?" and "q3" both mean question 3."""
    found = _QUESTION_HEADING.match(heading)
    return int(found.group(1)) if found else None
