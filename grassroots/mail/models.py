"""The outbox of e-mails: each is written in the same transaction as the change that causes it, then sent by a task."""
from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipients = models.JSONField(default=list, help_text="Addresses it goes to, together in one message")
    subject = models.CharField(max_length=300)
    # Emptied once sent: a password-reset link must not outlive its sending in a table administrators can read.
    body = models.TextField(blank=True)
    cause = models.CharField(max_length=200, blank=True, help_text="What caused it, e.g. 'Invitation to Brixton Elders'")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now, help_text="Not tried again before this")
    dispatched_at = models.DateTimeField(null=True, blank=True, help_text="Last handed to the broker")
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When the current or last attempt began")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outbound e-mail"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.recipients)} ({self.get_status_display()})"
