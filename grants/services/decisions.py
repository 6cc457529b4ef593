"""Funding decisions: award (creating the grant) or decline. The round's budget can never be overspent."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from grants.models import Application, Decision, Grant, GrantCondition, MonitoringReport, Payment, Round
from grants.services.common import TransitionError, grant_note, move_application, notify_group
from grassroots.accounts.models import User

S = Application.Status


def default_instalments(amount: Decimal, count: int = 2) -> list[Decimal]:
    """Split an award into equal instalments in whole pence; the last takes any remainder."""
    part = (amount / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [part] * (count - 1) + [amount - part * (count - 1)]


def grant_award(*, actor: User, application: Application, amount: Decimal, note: str = "") -> Grant:
    """Award a grant. Refused if it would take the round over budget, even when two people award at once."""
    with transaction.atomic():
        # Lock the round first: every award in a round queues here, so the sum below cannot go stale.
        rnd = Round.objects.select_for_update().get(pk=application.round_id)
        locked = Application.objects.select_for_update().select_related("organisation").get(pk=application.pk)
        if locked.status == S.AWARDED:
            return locked.grant
        if locked.status != S.UNDER_REVIEW:
            raise TransitionError(f"{locked.reference} is {locked.get_status_display().lower()}; only applications "
                                  "under review can be awarded.")
        if amount <= 0:
            raise TransitionError("The award must be more than £0.")
        if locked.amount_requested is not None and amount > locked.amount_requested:
            raise TransitionError(f"{locked.reference} asked for £{locked.amount_requested:,.2f}; "
                                  "the award cannot be more than that.")
        if not rnd.min_award <= amount <= rnd.max_award:
            raise TransitionError(f"Awards in this round must be between £{rnd.min_award:,.2f} and £{rnd.max_award:,.2f}.")
        awarded = Grant.objects.filter(round=rnd).aggregate(total=Sum("amount"))["total"] or Decimal("0")
        remaining = rnd.budget - awarded
        if amount > remaining:
            raise TransitionError(f"Awarding £{amount:,.2f} to {locked.reference} would overspend the round: only "
                                  f"£{remaining:,.2f} of £{rnd.budget:,.2f} is left.")
        now = timezone.now()
        Decision.objects.create(application=locked, outcome=Decision.Outcome.AWARDED, amount=amount, reason=note,
                                decided_by=actor, decided_at=now)
        locked.decided_at = now
        move_application(application=locked, to=S.AWARDED, actor=actor,
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
        grant_note(grant=grant, actor=actor, kind="awarded", note=f"Grant of £{amount:,.2f} offered")
        notify_group(locked, f"Good news: your application {locked.reference} has been funded",
                f"We are pleased to tell you that {rnd.share.host} has awarded £{amount:,.2f} to "
                f"{locked.organisation} for \"{locked.title}\".\n\nSign in to Grassroots to read and accept the grant "
                "agreement and its conditions. Your first payment is made once you accept.")
    return grant


def application_decline(*, actor: User, application: Application, reason: str) -> Application:
    if not reason.strip():
        raise TransitionError("Give the group a reason: it helps them next time.")
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("round__programme", "organisation").get(
            pk=application.pk)
        if locked.status == S.DECLINED:
            return locked
        now = timezone.now()
        Decision.objects.create(application=locked, outcome=Decision.Outcome.DECLINED, reason=reason,
                                decided_by=actor, decided_at=now)
        locked.decided_at = now
        move_application(application=locked, to=S.DECLINED, actor=actor, note=reason, extra_fields=("decided_at",))
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
        except ValidationError as exc:
            outcome.refused.append((application, " ".join(exc.messages)))
            if amounts is not None:
                outcome.not_tried = list(applications[index + 1:])
                break
        else:
            outcome.done.append(application)
    return outcome
