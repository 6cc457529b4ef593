"""A session a funded group ran, against its grant: who came (anonymous counts), who from the NHS, council or
providers was there, and, for training, who was trained."""
from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from engagement.choices import Dimension, SessionKind
from grants.models import ConditionEvidence, Grant, Round
from grassroots.accounts.models import Area, Organisation, User
from grassroots.timeline.models import TimelineEvent


class Session(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    # A submitted session is changed by staff; they may reopen it for the group.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.SUBMITTED}),
        Status.SUBMITTED: frozenset({Status.DRAFT}),
    }

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="sessions")
    # Copied from the grant when the session is created, so lists filter and count without joining through it.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sessions")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="sessions")
    reference = models.CharField(max_length=40, unique=True, help_text="The grant's reference and a number.")
    number = models.PositiveIntegerField(help_text="1 for the grant's first session, and so on.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    title = models.CharField(max_length=200, help_text="A short name, e.g. 'Coffee morning at St Mark's'.")
    held_on = models.DateField("date")
    starts_at = models.TimeField("start time", null=True, blank=True)
    ends_at = models.TimeField("end time", null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="sessions")
    facilitators = models.CharField(max_length=300, blank=True, help_text="Who ran it (names or roles).")
    attendance = models.PositiveIntegerField(help_text="People who took part.")
    conversations = models.PositiveIntegerField("in-depth conversations", default=0)
    notes = models.TextField(blank=True, help_text="Anything else worth knowing about the session.")
    # NHS, council and provider people present; for a Thinking Partners meeting, the organisations attending.
    organisations_present = models.ManyToManyField(Organisation, blank=True, related_name="sessions_attended")
    # Training: how many people were trained and from which organisations.
    trained_count = models.PositiveIntegerField("people trained", null=True, blank=True)
    trained_organisations = models.ManyToManyField(Organisation, blank=True, related_name="sessions_trained")
    question_set = models.ForeignKey("engagement.QuestionSet", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="sessions")

    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["grant", "-held_on"]),
            models.Index(fields=["round", "-held_on", "-id"], name="session_round_held"),
            models.Index(fields=["organisation", "-held_on"]),
            models.Index(fields=["-held_on", "-id"], name="session_held_desc"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="session_number_per_grant"),
            models.CheckConstraint(condition=Q(conversations__lte=F("attendance")),
                                   name="session_conversations_within_attendance"),
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=True)
                                   | Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_thinking_partners(self) -> bool:
        return self.kind == SessionKind.THINKING_PARTNERS

    @property
    def is_training(self) -> bool:
        return self.kind == SessionKind.TRAINING


class DemographicCount(models.Model):
    """How many of a session's attendees fell in one category (anonymous: counts only, never a person)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="demographics")
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    category = models.CharField(max_length=60, help_text="A category of the dimension, or a language's name.")
    count = models.PositiveIntegerField(validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["dimension", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "dimension", "category"],
                                               name="demographic_once_per_category")]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.category} ({self.count})"


class MeetingEvidence(models.Model):
    """A Thinking Partners meeting counted as evidence for a grant condition: the condition's evidence row is
    linked to the meeting by a foreign key, so the group's compliance comes from the meetings it logged."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evidence_links")
    evidence = models.OneToOneField(ConditionEvidence, on_delete=models.CASCADE, related_name="meeting")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.session} → {self.evidence.condition}"


class SessionEvent(TimelineEvent):
    """The session's timeline: created, changed, submitted, reopened, feedback added or changed."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", "Status changed"
        CREATED = "created", "Session logged"
        CHANGED = "changed", "Session changed"
        FEEDBACK = "feedback", "Feedback changed"
        IMPORTED = "imported", "Imported from a file"

    statuses = Session.Status

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.TRANSITION)

    class Meta(TimelineEvent.Meta):
        pass
