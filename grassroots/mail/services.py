"""Writes for outgoing e-mail: record one with the change that causes it, send it at most once, and the dispatcher
that hands the broker whatever it never received.

An e-mail is a row first. The request that causes it only writes the row; the ``mail.send`` task sends it after
commit. Sending claims the row under a lock and commits the claim before talking to the mail server, so no second
attempt can see it; an attempt that fails is put back with a later ``next_attempt_at`` (backing off), and after
``EMAIL_MAX_ATTEMPTS`` the row is marked failed with the reason, for administrators.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from grassroots.mail.models import OutboundEmail

log = logging.getLogger(__name__)

S = OutboundEmail.Status
# A retry message may arrive a moment before the time it was meant for (clocks, rounding): still send it.
EARLY_TOLERANCE = timedelta(seconds=2)
# An attempt still "being sent" after this has died mid-send; it may have arrived, so it is never sent again.
SENDING_STUCK_AFTER = timedelta(minutes=10)
STUCK_MESSAGE = ("Sending stopped part-way (the process sending it went away). It may or may not have arrived; "
                 "ask the recipient before sending it again.")
DISPATCH_BATCH = 500


def email_enqueue(*, subject: str, body: str, recipients: Iterable[str], cause: str = "") -> OutboundEmail | None:
    """Record an e-mail in the caller's transaction; it is sent once that commits (never if it rolls back)."""
    to = sorted({r for r in recipients if r})
    if not to:
        return None
    email = OutboundEmail.objects.create(recipients=to, subject=subject[:300], body=body, cause=cause[:200])
    transaction.on_commit(lambda: email_dispatch(pk=email.pk))
    return email


def email_dispatch(*, pk: int) -> bool:
    """Hand one recorded e-mail to the broker. False when the broker is down: it stays queued for the dispatcher."""
    from grassroots.celery import publish
    from grassroots.mail.tasks import send_email

    OutboundEmail.objects.filter(pk=pk, status=S.QUEUED).update(dispatched_at=timezone.now())
    if publish(send_email, pk):
        return True
    OutboundEmail.objects.filter(pk=pk, status=S.QUEUED).update(dispatched_at=None)
    return False


def retry_delay(attempts: int) -> int:
    """Seconds to wait after the ``attempts``-th failure: doubling from EMAIL_RETRY_SECONDS, at most an hour."""
    return int(min(settings.EMAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0), 3600))


def _claim(pk: int, now: datetime) -> OutboundEmail | None:
    """Mark the row as being sent and commit that, so no other attempt can take it. None if it is not ours to send."""
    with transaction.atomic():
        email = (OutboundEmail.objects.select_for_update(skip_locked=True)
                 .filter(pk=pk, status=S.QUEUED, next_attempt_at__lte=now + EARLY_TOLERANCE).first())
        if email is None:
            return None
        email.status = S.SENDING
        email.attempts += 1
        email.claimed_at = now
        email.save(update_fields=["status", "attempts", "claimed_at"])
    return email


def email_send(*, pk: int) -> tuple[str, int]:
    """Send one e-mail if it is due and nobody else has it: ("sent" | "retry" | "failed" | "skipped", seconds to
    wait before the retry). Mail server errors never propagate: they become the row's state."""
    now = timezone.now()
    email = _claim(pk, now)
    if email is None:
        return "skipped", 0
    try:
        EmailMessage(email.subject, email.body, None, email.recipients).send()
    except Exception as exc:  # refused, timed out, rejected: all recorded on the row, tried again later
        return _attempt_failed(email, f"{type(exc).__name__}: {exc}")
    OutboundEmail.objects.filter(pk=pk, status=S.SENDING).update(
        status=S.SENT, sent_at=timezone.now(), body="", last_error="")
    return "sent", 0


def _attempt_failed(email: OutboundEmail, error: str) -> tuple[str, int]:
    now = timezone.now()
    if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        OutboundEmail.objects.filter(pk=email.pk, status=S.SENDING).update(status=S.FAILED, last_error=error[:500])
        log.error("Gave up on e-mail %s (%r) after %s attempts: %s", email.pk, email.subject, email.attempts, error)
        return "failed", 0
    delay = retry_delay(email.attempts)
    OutboundEmail.objects.filter(pk=email.pk, status=S.SENDING).update(
        status=S.QUEUED, last_error=error[:500], next_attempt_at=now + timedelta(seconds=delay))
    log.warning("E-mail %s attempt %s failed (%s); trying again in %ss", email.pk, email.attempts, error, delay)
    return "retry", delay


def emails_fail_stuck(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return OutboundEmail.objects.filter(status=S.SENDING, claimed_at__lt=now - SENDING_STUCK_AFTER).update(
        status=S.FAILED, last_error=STUCK_MESSAGE)


def emails_dispatch(*, now: datetime | None = None) -> int:
    """Hand the broker every queued e-mail whose moment has passed by more than the grace period without it being
    sent (the broker was down, or a retry message was lost). Safe to run twice at once: each dispatcher takes only
    rows no other holds, and marks them before it lets go."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.OUTBOX_GRACE_SECONDS)
    emails_fail_stuck(now=now)
    with transaction.atomic():
        due = list(OutboundEmail.objects.select_for_update(skip_locked=True)
                   .filter(status=S.QUEUED, next_attempt_at__lte=now - grace)
                   .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lte=now - grace))
                   .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:DISPATCH_BATCH])
        OutboundEmail.objects.filter(pk__in=due).update(dispatched_at=now)
    return _publish_all(due)


def _publish_all(pks: list[int]) -> int:
    from grassroots.celery import publish
    from grassroots.mail.tasks import send_email

    for done, pk in enumerate(pks):
        if not publish(send_email, pk):
            # The broker is down: the rest would wait a second each for nothing. All of them go next time.
            OutboundEmail.objects.filter(pk__in=pks[done:], status=S.QUEUED).update(dispatched_at=None)
            return done
    return len(pks)


def email_retry(*, email: OutboundEmail) -> bool:
    """An administrator's "send again" for a failed e-mail: a fresh set of attempts. False if it had not failed."""
    with transaction.atomic():
        updated = OutboundEmail.objects.filter(pk=email.pk, status=S.FAILED).update(
            status=S.QUEUED, attempts=0, next_attempt_at=timezone.now(), dispatched_at=None)
        if updated:
            transaction.on_commit(lambda: email_dispatch(pk=email.pk))
    return bool(updated)


def oldest_waiting_seconds(*, now: datetime | None = None) -> int | None:
    """Age of the oldest e-mail not yet sent (for /healthz), or None when none waits."""
    now = now or timezone.now()
    oldest = (OutboundEmail.objects.filter(status__in=(S.QUEUED, S.SENDING))
              .order_by("created_at").values_list("created_at", flat=True).first())
    return None if oldest is None else max(0, int((now - oldest).total_seconds()))
