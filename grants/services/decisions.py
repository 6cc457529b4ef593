"""Funding decisions: award (creating the grant) or decline. The round's budget can never be overspent."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from grants.access import may_decide, require
from grants.models import Application, Decision, Grant, GrantCondition, MonitoringReport, Payment, Round
from grants.selectors import round_awarded_total
from grants.services.common import TransitionError, Visibility, notify_group, record, transition
from grassroots.accounts.models import User

S = Application.Status
DECIDED = frozenset({S.AWARDED, S.DECLINED})


def default_instalments(amount: Decimal, count: int = 2) -> list[Decimal]:
    """Split an award into equal instalments in whole pence; the last takes any remainder."""
    part = (amount / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [part] * (count - 1) + [amount - part * (count - 1)]


ALREADY_DECIDED = "This application has already been decided."


def award_problem(amount: Decimal, application: Application, rnd: Round) -> str:
    """Why ``amount`` cannot be awarded to ``application`` (empty when it can). The one statement of the
    award limits: ``grant_award`` enforces it, and the forms call it to put the message by the field."""
    if amount <= 0:
        return "The award must be more than £0."
    if application.amount_requested is not None and amount > application.amount_requested:
        return (f"{application.reference} asked for £{application.amount_requested:,.2f}; the award cannot be more "
                "than that.")
    if not rnd.min_award <= amount <= rnd.max_award:
        return f"Awards in this round must be between £{rnd.min_award:,.2f} and £{rnd.max_award:,.2f}."
    return ""


def _lock_application(application: Application) -> Application:
    # Only the application's own row: a join here would lock the round and the group too (issue 26).
    return Application.objects.select_for_update(of=("self",), no_key=True).select_related(
        "round__programme", "organisation").get(pk=application.pk)


def _record_decision(application: Application, **fields: Any) -> None:
    """Write the one decision an application may have. The status check under the lock stops a second
    decision; the one-to-one constraint is the last line, and its error becomes the same message."""
    try:
        with transaction.atomic():
            Decision.objects.create(application=application, **fields)
    except IntegrityError as exc:
        raise TransitionError(ALREADY_DECIDED) from exc


def grant_award(*, actor: User, application: Application, amount: Decimal, note: str = "") -> Grant:
    """Award a grant. Refused if it would take the round over budget, even when two people award at once."""
    with transaction.atomic():
        # Lock the round first: every award in a round queues here, so the total below cannot go stale.
        rnd = Round.objects.select_for_update(of=("self",), no_key=True).select_related("programme", "share__host").get(
            pk=application.round_id)
        locked = _lock_application(application)
        if locked.status == S.AWARDED:
            return locked.grant
        if locked.status in DECIDED:
            raise TransitionError(ALREADY_DECIDED)
        require(may_decide(actor, locked))
        if locked.status != S.UNDER_REVIEW:
            raise TransitionError(f"{locked.reference} is {locked.get_status_display().lower()}; only applications "
                                  "under review can be awarded.")
        if problem := award_problem(amount, locked, rnd):
            raise TransitionError(problem)
        remaining = rnd.budget - round_awarded_total(rnd)
        if amount > remaining:
            raise TransitionError(f"Awarding £{amount:,.2f} to {locked.reference} would overspend the round: only "
                                  f"£{remaining:,.2f} of £{rnd.budget:,.2f} is left.")
        now = timezone.now()
        _record_decision(locked, outcome=Decision.Outcome.AWARDED, amount=amount, reason=note, decided_by=actor,
                         decided_at=now)
        locked.decided_at = now
        transition(locked, S.AWARDED, actor=actor,
                   note=f"Awarded £{amount:,.2f}" + (f": {note}" if note else ""), extra_fields=("decided_at",))
        grant = Grant.objects.create(application=locked, round=rnd, organisation=locked.organisation,
                                     reference=locked.reference.replace("GR-", "GRANT-"), amount=amount, awarded_at=now)
        GrantCondition.objects.bulk_create([
            GrantCondition(grant=grant, template=c, title=c.title, evidence_kind=c.evidence_kind,
                           required_count=c.required_count)
            for c in rnd.conditions.all()
        ])
        today = timezone.localdate()
        Payment.objects.bulk_create([
            Payment(grant=grant, number=i + 1, amount=part, due_on=today + timedelta(days=30 + 180 * i))
            for i, part in enumerate(default_instalments(amount))
        ])
        MonitoringReport.objects.create(grant=grant)
        record(grant, actor=actor, kind="awarded", note=f"Grant of £{amount:,.2f} offered", visibility=Visibility.GROUP)
        notify_group(locked, f"Good news: your application {locked.reference} has been funded",
                f"We are pleased to tell you that {rnd.share.host} has awarded £{amount:,.2f} to "
                f"{locked.organisation} for \"{locked.title}\".\n\nSign in to Grassroots to read and accept the grant "
                "agreement and its conditions. Your first payment is made once you accept.")
    return grant


def application_decline(*, actor: User, application: Application, reason: str) -> Application:
    if not reason.strip():
        raise TransitionError("Give the group a reason: it helps them next time.")
    with transaction.atomic():
        locked = _lock_application(application)
        if locked.status == S.DECLINED:
            return locked
        if locked.status in DECIDED:
            raise TransitionError(ALREADY_DECIDED)
        require(may_decide(actor, locked))
        now = timezone.now()
        _record_decision(locked, outcome=Decision.Outcome.DECLINED, reason=reason, decided_by=actor, decided_at=now)
        locked.decided_at = now
        transition(locked, S.DECLINED, actor=actor, note=reason, extra_fields=("decided_at",))
        notify_group(locked, f"Your application {locked.reference}",
                f"Thank you for applying to {locked.round}. We are sorry that this time we could not fund "
                f"\"{locked.title}\".\n\nThe panel's reason: {reason}\n\n{locked.round.share.host} is happy to talk "
                "it through with you and help with a future application.")
    return locked


@dataclass
class BulkOutcome:
    """What happened to a bulk decision: who was decided, who was refused and why, who was not tried."""

    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)
    not_tried: list[Application] = field(default_factory=list)


def decisions_bulk(*, actor: User, applications: list[Application], amounts: Mapping[int, Decimal] | None = None,
                   reason: str = "") -> BulkOutcome:
    """Award (when ``amounts`` is given) or decline several applications, in the order given.

    Each decision is its own transaction, so those made stay made. Awards stop at the first refusal
    (usually the budget running out) so a lower-ranked application is never funded ahead of a higher one.
    """
    outcome = BulkOutcome()
    for index, application in enumerate(applications):
        try:
            if amounts is not None:
                grant_award(actor=actor, application=application, amount=amounts[application.pk])
            else:
                application_decline(actor=actor, application=application, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            why = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            outcome.refused.append((application, why))
            if amounts is not None:
                outcome.not_tried = list(applications[index + 1:])
                break
        else:
            outcome.done.append(application)
    return outcome
