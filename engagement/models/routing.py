""""Tell us once": feedback host staff send, once, to every organisation that can act on it, with a right of
reply by a due date; and what host staff did about each safeguarding concern (which never leaves the host)."""
from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils import timezone

from engagement.models.feedback import FeedbackItem
from engagement.models.themes import Theme
from grassroots.accounts.models import Area, Organisation, User
from grassroots.dates import govuk_date
from grassroots.timeline.models import TimelineEvent

REPLY_WORKING_DAYS = 20


def period_label(start: date, end: date) -> str:
    """Whole months read as months ("July to September 2026"); any other period as its two dates."""
    whole = start.day == 1 and (end + timedelta(days=1)).day == 1
    if not whole:
        return f"{govuk_date(start)} to {govuk_date(end)}"
    first, last = start.strftime("%B"), end.strftime("%B")
    if (start.year, start.month) == (end.year, end.month):
        return f"{first} {start.year}"
    if start.year == end.year:
        return f"{first} to {last} {end.year}"
    return f"{first} {start.year} to {last} {end.year}"


class Routing(models.Model):
    """One sending of feedback to several organisations: each receives the same items once."""

    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="routings_sent",
                             help_text="The host organisation that sent it.")
    title = models.CharField(max_length=200, help_text="e.g. 'Getting a GP appointment, Lambeth, autumn 2026'")
    message = models.TextField(help_text="What you are asking the organisations to do.")
    items = models.ManyToManyField(FeedbackItem, through="RoutedItem", related_name="routings")
    reply_days = models.PositiveSmallIntegerField(default=REPLY_WORKING_DAYS,
                                                  help_text="Working days the organisations have to reply.")
    sent_on = models.DateField(default=timezone.localdate)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # A theme routing: everything tagged under the theme, held in the period (and the area) when it was sent.
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="routings",
                              help_text="Set when staff sent a theme for a period rather than chosen items.")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text="The one area a theme routing was narrowed to (blank: every area).")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["host", "-created_at"])]
        constraints = [
            # A theme routing always says its period; a routing of chosen items has neither.
            models.CheckConstraint(
                condition=(models.Q(theme__isnull=True, period_start__isnull=True, period_end__isnull=True,
                                    area__isnull=True)
                           | models.Q(theme__isnull=False, period_start__isnull=False, period_end__isnull=False,
                                      period_start__lte=models.F("period_end"))),
                name="routing_theme_has_period"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_theme(self) -> bool:
        return self.theme_id is not None

    @property
    def period_label(self) -> str:
        if self.period_start is None or self.period_end is None:
            return ""
        return period_label(self.period_start, self.period_end)

    @property
    def theme_summary(self) -> str:
        """"Theme: Getting a GP appointment, July to September 2026, Lambeth" (needs theme and area loaded)."""
        if self.theme is None:
            return ""
        return f"Theme: {self.theme.name}, {self.period_label}, {self.area.name if self.area else 'every area'}"


class RoutedItem(models.Model):
    routing = models.ForeignKey(Routing, on_delete=models.CASCADE, related_name="routed_items")
    item = models.ForeignKey(FeedbackItem, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["routing", "item"], name="routed_item_once")]

    def __str__(self) -> str:
        return f"{self.item} in {self.routing}"


class RoutingRecipient(models.Model):
    """One organisation's copy of a routing: its due date, the reminders it was sent and its answer."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Awaiting reply"
        ANSWERED = "answered", "Answered"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.AWAITING: frozenset({Status.ANSWERED}),
        Status.ANSWERED: frozenset(),
    }

    routing = models.ForeignKey(Routing, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="routings_received")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AWAITING)
    due_on = models.DateField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_before_on = models.DateField(null=True, blank=True, help_text="When the 'reply due soon' e-mail went.")
    reminded_after_on = models.DateField(null=True, blank=True, help_text="When the 'reply overdue' e-mail went.")
    left_out = models.ManyToManyField(
        FeedbackItem, blank=True, related_name="+",
        help_text="Items of this routing the organisation already had from an earlier one: not sent to it again.")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"])]
        constraints = [models.UniqueConstraint(fields=["routing", "organisation"], name="routing_recipient_once")]

    def __str__(self) -> str:
        return f"{self.routing} → {self.organisation}"

    @property
    def is_answered(self) -> bool:
        return self.status == self.Status.ANSWERED

    @property
    def is_overdue(self) -> bool:
        return not self.is_answered and self.due_on < timezone.localdate()


class RecipientEvent(TimelineEvent):
    class Kind(models.TextChoices):
        TRANSITION = "transition", "Status changed"
        SENT = "sent", "Sent"
        REMINDED = "reminded", "Reminder sent"

    statuses = RoutingRecipient.Status

    recipient = models.ForeignKey(RoutingRecipient, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.TRANSITION)

    class Meta(TimelineEvent.Meta):
        pass


class SafeguardingCase(models.Model):
    """What the host did about one safeguarding concern: open until closed, with reminders while open."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ESCALATED = "escalated", "Escalated"
        CLOSED = "closed", "Closed"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.OPEN: frozenset({Status.ESCALATED, Status.CLOSED}),
        Status.ESCALATED: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset({Status.OPEN}),
    }

    item = models.OneToOneField(FeedbackItem, on_delete=models.CASCADE, related_name="safeguarding_case")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    escalated_to = models.CharField(max_length=200, blank=True,
                                    help_text="Who it was passed to, e.g. 'Lambeth adult social care MASH'.")
    escalated_on = models.DateField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Safeguarding concern {self.item_id} ({self.get_status_display().lower()})"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_escalated(self) -> bool:
        return self.status == self.Status.ESCALATED


class SafeguardingEvent(TimelineEvent):
    class Kind(models.TextChoices):
        TRANSITION = "transition", "Status changed"
        NOTE = "note", "Note"
        REMINDED = "reminded", "Reminder sent"

    statuses = SafeguardingCase.Status

    case = models.ForeignKey(SafeguardingCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.TRANSITION)

    class Meta(TimelineEvent.Meta):
        pass
