"""Life of an awarded grant: the agreement, payments, condition evidence and the end-of-grant report."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from grants.access import may_act_for_group, may_run_programme, require
from grants.models import ConditionEvidence, Grant, GrantCondition, MonitoringReport, Payment
from grants.services.common import TransitionError, Visibility, email_on_commit, group_emails, record, transition
from grassroots.accounts.access import Capacity, users_with_capacity
from grassroots.accounts.models import User
from grassroots.dates import govuk_date

GS = Grant.Status
RS = MonitoringReport.Status

# Days before the due date that reminders start; overdue reports are reminded every day until submitted.
REMINDER_WINDOW_DAYS = 14

REPORT_FIELDS: tuple[str, ...] = (
    "what_happened", "sessions_held", "people_reached", "conversations", "amount_spent", "spend_notes", "story",
)
_TEXT_FIELDS = frozenset({"what_happened", "spend_notes", "story"})
# Field -> the message a group sees when it is missing at submission.
REPORT_REQUIRED: dict[str, str] = {
    "what_happened": "Tell us what happened during the grant",
    "sessions_held": "Enter how many sessions you held",
    "people_reached": "Enter how many people came to your sessions",
    "conversations": "Enter how many in-depth conversations you had",
    "amount_spent": "Enter how much of the grant you spent",
    "spend_notes": "Tell us how your spending compared with your budget",
}


def _staff_emails(grant: Grant) -> set[str]:
    return {u.email for u in users_with_capacity([grant.round.share.host_id], Capacity.HOST)}


def _lock(grant: Grant) -> Grant:
    return Grant.objects.select_for_update(of=("self",)).select_related(
        "round__programme", "organisation", "application").get(pk=grant.pk)


# --- The agreement -----------------------------------------------------------------------------------------

def grant_accept(*, actor: User, grant: Grant, signature: str = "") -> Grant:
    """The group accepts the agreement: the grant becomes active and the report falls due."""
    with transaction.atomic():
        locked = _lock(grant)
        require(may_act_for_group(actor, locked.organisation))
        if locked.status != GS.OFFERED:
            return locked  # already accepted (a double click, or a colleague got there first)
        now = timezone.now()
        locked.accepted_at = now
        locked.accepted_by = actor
        locked.report_due = timezone.localdate(now) + timedelta(days=locked.round.report_due_days)
        signed = signature.strip() or actor.full_name
        transition(locked, GS.ACTIVE, actor=actor,
                   note=f"Agreement accepted on behalf of {locked.organisation} by {signed}",
                   extra_fields=("accepted_at", "accepted_by", "report_due"))
        email_on_commit(f"{locked.organisation} accepted grant {locked.reference}",
              f"{signed} accepted the grant agreement for {locked.reference} (£{locked.amount:,.2f}) on behalf of "
              f"{locked.organisation}.\n\nThe first payment can now be made. The end-of-grant report is due on "
              f"{govuk_date(locked.report_due)}.", _staff_emails(locked))
    return locked


# --- Payments ------------------------------------------------------------------------------------------------

def payment_schedule_set(*, actor: User, grant: Grant, instalments: Sequence[tuple[date, Decimal]]) -> Grant:
    """Replace the instalments not yet paid. Paid instalments stay as they are; all must add up to the award."""
    with transaction.atomic():
        locked = _lock(grant)
        require(may_run_programme(actor, locked.round.programme))
        if locked.status == GS.CLOSED:
            raise TransitionError("This grant is closed, so its payments cannot change.")
        paid = list(locked.payments.filter(status=Payment.Status.PAID))
        paid_total = sum((p.amount for p in paid), Decimal("0"))
        if any(amount <= 0 for _, amount in instalments):
            raise ValidationError("Each instalment must be more than £0.")
        total = paid_total + sum((amount for _, amount in instalments), Decimal("0"))
        if total != locked.amount:
            difference = locked.amount - total
            hint = f"£{difference:,.2f} more is needed" if difference > 0 else f"£{-difference:,.2f} too much"
            raise ValidationError(
                f"The instalments add up to £{total:,.2f} but the grant is £{locked.amount:,.2f} ({hint}).")
        locked.payments.filter(status=Payment.Status.SCHEDULED).delete()
        start = max((p.number for p in paid), default=0)
        Payment.objects.bulk_create([
            Payment(grant=locked, number=start + i, due_on=due_on, amount=amount)
            for i, (due_on, amount) in enumerate(sorted(instalments), start=1)
        ])
        record(locked, actor=actor, kind="schedule", visibility=Visibility.GROUP,
               note="Payment schedule changed: " + "; ".join(
                   f"£{amount:,.2f} on {govuk_date(due_on)}" for due_on, amount in sorted(instalments)))
    return locked


def payment_mark_paid(*, actor: User, payment: Payment, paid_on: date, reference: str = "") -> Payment:
    """Record that an instalment was paid. Only once the agreement is accepted; safe to repeat."""
    with transaction.atomic():
        grant = _lock(payment.grant)
        require(may_run_programme(actor, grant.round.programme))
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status == Payment.Status.PAID:
            return locked
        if grant.status == GS.OFFERED:
            raise TransitionError("The group has not accepted the grant agreement yet, so no payment can be made.")
        if paid_on > timezone.localdate():
            raise ValidationError("The date paid cannot be in the future.")
        awarded_on = timezone.localdate(grant.awarded_at)
        if paid_on < awarded_on:
            raise ValidationError(f"The date paid cannot be before the grant was awarded on "
                                  f"{govuk_date(awarded_on)}.")
        locked.status = Payment.Status.PAID
        locked.paid_on = paid_on
        locked.paid_by = actor
        locked.payment_reference = reference.strip()
        locked.save(update_fields=["status", "paid_on", "paid_by", "payment_reference"])
        record(grant, actor=actor, kind="payment", visibility=Visibility.GROUP,
               note=f"Instalment {locked.number} of £{locked.amount:,.2f} paid on {govuk_date(paid_on)}"
                    + (f" (reference {locked.payment_reference})" if locked.payment_reference else ""))
    return locked


# --- Conditions ----------------------------------------------------------------------------------------------

def condition_evidence_record(*, actor: User | None, condition: GrantCondition, occurred_on: date,
                              description: str, source: str = "manual") -> ConditionEvidence:
    """Record one piece of evidence. From another source (e.g. "engagement.meeting:12") it is recorded once."""
    description = description.strip()
    if not description:
        raise ValidationError("Describe the evidence, for example “Attended Thinking Partners, 12 March 2026”.")
    if actor is not None:  # None: recorded by the system from another source (e.g. a meeting's attendance)
        require(may_run_programme(actor, condition.grant.round.programme))
    with transaction.atomic():
        if source != "manual":
            existing = ConditionEvidence.objects.filter(condition=condition, source=source).first()
            if existing is not None:
                return existing
        try:
            with transaction.atomic():
                evidence = ConditionEvidence.objects.create(
                    condition=condition, occurred_on=occurred_on, description=description[:300], source=source,
                    recorded_by=actor)
        except IntegrityError:
            # Two callers recorded the same meeting at once: the constraint let one through.
            return ConditionEvidence.objects.get(condition=condition, source=source)
        record(condition.grant, actor=actor, kind="evidence", visibility=Visibility.GROUP,
               note=f"Evidence for “{condition.title}”: {evidence.description} ({govuk_date(occurred_on)})")
    return evidence


def condition_evidence_withdraw(*, actor: User | None, grant: Grant, source: str, reason: str) -> int:
    """Remove the evidence another source recorded for the grant's conditions (e.g. a meeting reopened or no
    longer a Thinking Partners meeting), saying why on the grant's timeline. Returns how many rows went."""
    if source == "manual":
        raise ValueError("Evidence typed in by staff is not withdrawn by another source.")
    with transaction.atomic():
        evidence = list(ConditionEvidence.objects.filter(condition__grant=grant, source=source)
                        .select_related("condition"))
        for row in evidence:
            record(grant, actor=actor, kind="evidence", visibility=Visibility.GROUP,
                   note=f"Evidence for “{row.condition.title}” withdrawn: {row.description} ({reason})")
        ConditionEvidence.objects.filter(pk__in=[row.pk for row in evidence]).delete()
    return len(evidence)


# --- The end-of-grant report ---------------------------------------------------------------------------------

def _lock_report(report: MonitoringReport) -> tuple[MonitoringReport, Grant]:
    grant = _lock(report.grant)
    locked = MonitoringReport.objects.select_for_update().get(pk=report.pk)
    locked.grant = grant
    return locked, grant


def report_opens_on(grant: Grant) -> date | None:
    """The day the end-of-grant report opens: when the funded activity ends (None: no end date given)."""
    return grant.application.end_date


def report_is_open(report: MonitoringReport) -> bool:
    opens = report_opens_on(report.grant)
    return report.opened_early_at is not None or opens is None or timezone.localdate() >= opens


def monitoring_report_open_early(*, actor: User, report: MonitoringReport) -> MonitoringReport:
    """Host staff let the group write its report before the activity's end date (e.g. it finished early)."""
    with transaction.atomic():
        locked, grant = _lock_report(report)
        require(may_run_programme(actor, grant.round.programme))
        if report_is_open(locked):
            return locked
        locked.opened_early_at = timezone.now()
        locked.save(update_fields=["opened_early_at"])
        record(grant, actor=actor, kind="report_opened", visibility=Visibility.GROUP,
               note="End-of-grant report opened before the activity's end date")
    return locked


def report_warnings(report: MonitoringReport, *, paid: Decimal) -> list[str]:
    """Things worth a second look before the report is sent, though they do not stop it."""
    spent = report.amount_spent
    if spent is not None and spent > paid:
        return [f"You say you spent £{spent:,.2f}, which is more than the £{paid:,.2f} paid to you so far. "
                "Check the amount, and explain the difference in how your spending compared with your budget."]
    return []


def monitoring_report_save(*, actor: User, report: MonitoringReport, data: dict[str, Any]) -> MonitoringReport:
    """Save the group's answers as a draft (nothing is required yet)."""
    with transaction.atomic():
        locked, grant = _lock_report(report)
        require(may_act_for_group(actor, grant.organisation))
        if grant.status != GS.ACTIVE or locked.status not in (RS.DRAFT, RS.RETURNED):
            raise TransitionError("This report cannot be changed now"
                                  + (": accept the grant agreement first." if grant.status == GS.OFFERED else "."))
        if not report_is_open(locked):
            raise TransitionError(f"The end-of-grant report opens on {govuk_date(report_opens_on(grant))}, "
                                  "when your activity ends.")
        values = {f: ("" if data[f] is None and f in _TEXT_FIELDS else data[f]) for f in REPORT_FIELDS if f in data}
        changed = [f for f, value in values.items() if getattr(locked, f) != value]
        for f in changed:
            setattr(locked, f, values[f])
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*changed, "updated_at"])
    return locked


def report_problems(report: MonitoringReport) -> dict[str, str]:
    """Answers still missing before the report can be submitted (field -> message)."""
    return {field: message for field, message in REPORT_REQUIRED.items() if getattr(report, field) in (None, "")}


def monitoring_report_submit(*, actor: User, report: MonitoringReport) -> MonitoringReport:
    with transaction.atomic():
        locked, grant = _lock_report(report)
        require(may_act_for_group(actor, grant.organisation))
        if locked.status in (RS.SUBMITTED, RS.ACCEPTED):
            return locked
        problems = report_problems(locked)
        if problems:
            raise ValidationError(problems)
        locked.submitted_at = timezone.now()
        transition(locked, RS.SUBMITTED, actor=actor, note="Submitted", extra_fields=("submitted_at",))
        transition(grant, GS.REPORT_SUBMITTED, actor=actor, note="End-of-grant report submitted")
        email_on_commit(f"{grant.organisation} submitted the end-of-grant report for {grant.reference}",
              f"{grant.organisation} has submitted its end-of-grant report for {grant.reference}: "
              f"{locked.sessions_held} sessions, {locked.people_reached} people reached, "
              f"{locked.conversations} in-depth conversations.\n\nSign in to Grassroots to read it and accept it "
              "or return it with questions.", _staff_emails(grant))
    return locked


def _report_review(*, actor: User, report: MonitoringReport, to: str, note: str,
                   grant_note: str) -> tuple[MonitoringReport, Grant, bool]:
    """The rule accepting and returning share: only the programme's host staff decide, only on a submitted
    report, once; who decided, when and why is kept, and the grant moves with the report (accepted closes it,
    returned makes it active again). Call inside a transaction. The bool says whether anything changed."""
    locked, grant = _lock_report(report)
    require(may_run_programme(actor, grant.round.programme))
    if locked.status == to:
        return locked, grant, False
    if locked.status != RS.SUBMITTED:
        raise TransitionError(f"Only a submitted report can be {RS(to).label.lower()}.")
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.review_note = note
    transition(locked, to, actor=actor, note=note, extra_fields=("reviewed_by", "reviewed_at", "review_note"))
    transition(grant, GS.CLOSED if to == RS.ACCEPTED else GS.ACTIVE, actor=actor, note=grant_note)
    return locked, grant, True


def monitoring_report_accept(*, actor: User, report: MonitoringReport, note: str = "") -> MonitoringReport:
    """Host staff accept the report; the grant closes."""
    note = note.strip()
    with transaction.atomic():
        locked, grant, changed = _report_review(
            actor=actor, report=report, to=RS.ACCEPTED, note=note,
            grant_note="End-of-grant report accepted" + (f": {note}" if note else ""))
        if changed:
            email_on_commit(f"Your end-of-grant report for {grant.reference} has been accepted",
                  f"Thank you. {grant.round.share.host} has accepted your end-of-grant report for "
                  f"{grant.reference}, and the grant is now closed."
                  + (f"\n\nTheir note: {note}" if note else ""), group_emails(grant.application))
    return locked


def monitoring_report_return(*, actor: User, report: MonitoringReport, message: str) -> MonitoringReport:
    """Host staff send the report back with questions; the grant is active again until it is resubmitted."""
    message = message.strip()
    if not message:
        raise ValidationError("Tell the group what to change or add.")
    with transaction.atomic():
        locked, grant, changed = _report_review(actor=actor, report=report, to=RS.RETURNED, note=message,
                                                grant_note=f"End-of-grant report returned: {message}")
        if changed:
            email_on_commit(f"Please update your end-of-grant report for {grant.reference}",
                  f"{grant.round.share.host} has read your end-of-grant report for {grant.reference} and would "
                  f"like you to change or add something before they accept it:\n\n{message}\n\nSign in to "
                  "Grassroots to update and resubmit it.", group_emails(grant.application))
    return locked


def report_reminders_send(*, today: date) -> int:
    """Remind groups whose report is due within two weeks or overdue. At most one reminder per grant per day."""
    due = (Grant.objects.filter(status=GS.ACTIVE, report_due__isnull=False,
                                report_due__lte=today + timedelta(days=REMINDER_WINDOW_DAYS))
           .filter(report__status__in=(RS.DRAFT, RS.RETURNED))
           .filter(Q(report__last_reminder_on__isnull=True) | Q(report__last_reminder_on__lt=today))
           .values_list("pk", flat=True))
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            grant = _lock(Grant(pk=pk))
            report = MonitoringReport.objects.select_for_update().get(grant=grant)
            # Checked again under the lock: a second worker running the same day stops here.
            if report.last_reminder_on == today or report.status not in (RS.DRAFT, RS.RETURNED) \
                    or grant.status != GS.ACTIVE or grant.report_due is None:
                continue
            report.last_reminder_on = today
            report.reminders_sent += 1
            report.save(update_fields=["last_reminder_on", "reminders_sent"])
            days = (grant.report_due - today).days
            when = (f"is due in {days} day{'s' if days != 1 else ''}, on {govuk_date(grant.report_due)}" if days > 0
                    else "is due today" if days == 0
                    else f"was due on {govuk_date(grant.report_due)} and is now overdue")
            email_on_commit(f"Your end-of-grant report for {grant.reference} {when.split(',')[0]}",
                  f"The end-of-grant report for {grant.reference} ({grant.application.title}) {when}.\n\n"
                  "Sign in to Grassroots to finish it. You can save a draft and come back to it. If you need more "
                  f"time or help, contact {grant.round.share.host}.", group_emails(grant.application))
            sent += 1
    return sent
