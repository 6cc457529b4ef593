"""What people said at a session: one row per item, each property a column."""
from __future__ import annotations

import uuid

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from engagement.choices import AgeBand, Consent, EthnicGroup, Sentiment, Service, SessionKind
from engagement.models.sessions import Session
from grants.models import Round
from grassroots.accounts.models import Area, Organisation, User

TEXT_MAX = 5000


class FeedbackItem(models.Model):
    class Moderation(models.TextChoices):
        PENDING = "pending", "Not yet moderated"
        APPROVED = "approved", "Approved for publication"
        REJECTED = "rejected", "Not for publication"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="items")
    # The phone makes this id when the item is typed, so a retried save never makes a second item.
    client_id = models.UUIDField(default=uuid.uuid4, editable=False)
    # Copied from the session (kept in step by the services), so lists filter and sort on one table at 1M rows.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    session_kind = models.CharField(max_length=20, choices=SessionKind.choices)
    held_on = models.DateField()

    text = models.TextField("what was said", max_length=TEXT_MAX)
    service = models.CharField(max_length=20, choices=Service.choices)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    consent = models.CharField(max_length=12, choices=Consent.choices)
    age_band = models.CharField(max_length=12, choices=AgeBand.choices, blank=True)
    ethnic_group = models.CharField(max_length=30, choices=EthnicGroup.choices, blank=True)
    safeguarding = models.BooleanField("this is a safeguarding concern", default=False)
    safeguarding_notified_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the host's safeguarding contacts were e-mailed.")

    # Moderation (engagement part 2): only an approved item may appear outside the host, and then only its
    # ``published_text`` (the redacted words when staff redacted it); the original stays internal.
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.PENDING)
    redacted_text = models.TextField("text as published", max_length=TEXT_MAX, blank=True)
    moderated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    # Kept up to date by a PostgreSQL trigger and searched through a GIN index (both made by migration 0002, on
    # PostgreSQL only); always null on SQLite, where search falls back to icontains.
    search_vector = SearchVectorField(null=True, editable=False)

    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The file it came from, when typed on paper and imported (engagement/imports/).
    import_batch = models.ForeignKey("engagement.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", editable=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["round", "-held_on", "-id"], name="feedback_round_held"),
            models.Index(fields=["-held_on", "-id"], name="feedback_held_desc"),
            models.Index(fields=["session", "created_at"], name="feedback_session_created"),
            models.Index(fields=["organisation", "-held_on"], name="feedback_org_held"),
            models.Index(fields=["round"], condition=models.Q(safeguarding=True), name="feedback_safeguarding"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["session", "client_id"], name="feedback_once_per_client_id"),
        ]

    def __str__(self) -> str:
        words = self.text if len(self.text) <= 60 else self.text[:57].rstrip() + "…"
        return f"“{words}” ({self.get_service_display()}, {self.get_sentiment_display().lower()})"

    @property
    def published_text(self) -> str:
        """The only words that may leave the host: the redacted text if staff redacted it."""
        return self.redacted_text or self.text
