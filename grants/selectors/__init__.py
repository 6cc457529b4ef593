"""Reads for grants that more than one view needs: eligibility, completeness, money in a round."""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from grants.models import Application, Grant, Round


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


def application_problems(application: Application) -> list[str]:
    """What still stops this application being submitted, in the order of the form."""
    a, rnd = application, application.round
    problems = []
    if not (a.contact_name and a.contact_email):
        problems.append("Your group: give a contact name and email address.")
    if not a.group_description:
        problems.append("Your group: tell us about your group.")
    if not (a.title and a.summary and a.activity_description):
        problems.append("The activity: give a title, a summary and a description.")
    if not (a.start_date and a.end_date):
        problems.append("The activity: give a start and end date.")
    elif a.end_date < a.start_date:
        problems.append("The activity: the end date must be after the start date.")
    if not a.communities:
        problems.append("Communities: tell us which communities the activity reaches.")
    if not a.planned_sessions or a.expected_reach is None:
        problems.append("Sessions and reach: give the number of sessions and the people you expect to reach.")
    lines_total = budget_total(a)
    if a.amount_requested is None or not a.budget_lines.exists():
        problems.append("Budget: add at least one budget line and the amount you are asking for.")
    else:
        if lines_total != a.amount_requested:
            problems.append(f"Budget: your budget lines add up to £{lines_total:,.2f} but you are asking for "
                            f"£{a.amount_requested:,.2f}. They must be the same.")
        if not rnd.min_award <= a.amount_requested <= rnd.max_award:
            problems.append(f"Budget: this round awards between £{rnd.min_award:,.0f} and £{rnd.max_award:,.0f}.")
    uploaded = {d.required_document_id for d in a.documents.all()}
    for doc in rnd.required_documents.all():
        if doc.mandatory and doc.pk not in uploaded:
            problems.append(f"Documents: upload your {doc.name.lower()}.")
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
