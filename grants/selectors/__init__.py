"""Reads for grants that more than one view needs: eligibility, completeness, money in a round."""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from grants.models import Application, Grant, Round
from grants.sections import FORM_SECTIONS


def eligibility_failures(round: Round, answers: Mapping[int, bool]) -> list[str]:
    """Plain-English reasons the answers fail the round's eligibility rules (empty when eligible)."""
    failures = []
    for question in round.eligibility_questions.all():
        answer = answers.get(question.pk)
        if answer is None:
            failures.append(f"Answer the question: {question.text}")
        elif answer != question.passing_answer:
            failures.append(question.failure_message)
    return failures


def budget_total(application: Application) -> Decimal:
    return sum((line.amount for line in application.budget_lines.all()), Decimal("0"))


class Problem(NamedTuple):
    """One thing that stops an application being sent, and the section (sections.ORDER) that fixes it."""

    section: str
    message: str


def budget_problems(application: Application) -> list[str]:
    """The one budget rule: lines given, an amount asked, the two equal, and within the round's limits.

    The task list's status, the budget page's warnings and submission all ask this function.
    """
    a, rnd = application, application.round
    lines = list(a.budget_lines.all())
    if a.amount_requested is None or not lines:
        return ["Add at least one budget line and the amount you are asking for."]
    problems = []
    total = sum((line.amount for line in lines), Decimal("0"))
    if total != a.amount_requested:
        problems.append(f"Your budget lines add up to £{total:,.2f} but you are asking for "
                        f"£{a.amount_requested:,.2f}. They must be the same.")
    if not rnd.min_award <= a.amount_requested <= rnd.max_award:
        problems.append(f"This round gives between £{rnd.min_award:,.0f} and £{rnd.max_award:,.0f}. "
                        f"You are asking for £{a.amount_requested:,.2f}.")
    return problems


def application_problems(application: Application) -> list[Problem]:
    """What still stops this application being sent, in the order of the form."""
    a, rnd = application, application.round
    problems: list[Problem] = [
        Problem(s.key, f"Check and save “{s.title}”: we filled in some answers for you.")
        for s in FORM_SECTIONS if s.key not in a.sections_saved and any(getattr(a, f) for f in s.fields)
    ]
    if not (a.contact_name and a.contact_email):
        problems.append(Problem("group", "Give a contact name and email address."))
    if not a.group_description:
        problems.append(Problem("group", "Tell us about your group."))
    if not (a.title and a.summary and a.activity_description):
        problems.append(Problem("activity", "Give your activity a title, a summary and a description."))
    if not (a.start_date and a.end_date):
        problems.append(Problem("activity", "Give the activity's start and end dates."))
    elif a.end_date < a.start_date:
        problems.append(Problem("activity", "The activity's end date must be after its start date."))
    if not a.communities:
        problems.append(Problem("communities", "Tell us which communities the activity reaches."))
    if not a.planned_sessions or a.expected_reach is None:
        problems.append(Problem("sessions", "Give the number of sessions and the people you expect to reach."))
    problems += [Problem("budget", message) for message in budget_problems(a)]
    uploaded = {d.required_document_id for d in a.documents.all()}
    for doc in rnd.required_documents.all():
        if doc.mandatory and doc.pk not in uploaded:
            problems.append(Problem("documents", f"Upload your {doc.name.lower()}."))
    return problems


def awarded_in_round(round_ref: Any = None) -> Coalesce:
    """Money awarded in a round (£0 when none), as an expression to annotate rounds with. Every page and
    the budget rule in ``grant_award`` read the round's awarded total through this one definition."""
    total = (Grant.objects.filter(round=round_ref if round_ref is not None else OuterRef("pk"))
             .values("round").annotate(total=Sum("amount")).values("total"))
    return Coalesce(Subquery(total), Value(Decimal("0")), output_field=DecimalField(max_digits=14, decimal_places=2))


def round_awarded_total(round: Round) -> Decimal:
    awarded: Decimal = Round.objects.filter(pk=round.pk).annotate(awarded=awarded_in_round()).values_list(
        "awarded", flat=True).get()
    return awarded
