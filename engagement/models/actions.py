""""We did": what an organisation did (or could not do) about what communities said, with its progress and
evidence, linked to the feedback, sessions and grants it came from. Priorities and solutions are actions marked as
such, ranked within their programme."""
from __future__ import annotations

from django.db import models
from django.utils import timezone

from engagement.models.feedback import FeedbackItem
from engagement.models.sessions import Session
from grants.models import Grant, Programme
from grassroots.accounts.models import Organisation, User
from grassroots.timeline.models import TimelineEvent


def _evidence_path(instance: Action, filename: str) -> str:
    return f"actions/{instance.host_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_POSSIBLE = "not_possible", "Not possible"

    class Kind(models.TextChoices):
        ACTION = "action", "Action"
        PRIORITY = "priority", "Key priority"
        SOLUTION = "solution", "Solution"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PLANNED: frozenset({Status.IN_PROGRESS, Status.DONE, Status.NOT_POSSIBLE}),
        Status.IN_PROGRESS: frozenset({Status.PLANNED, Status.DONE, Status.NOT_POSSIBLE}),
        Status.DONE: frozenset({Status.IN_PROGRESS}),
        Status.NOT_POSSIBLE: frozenset({Status.PLANNED, Status.IN_PROGRESS}),
    }

    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="actions_kept",
                             help_text="The host organisation whose staff keep this record.")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="actions_owned",
                              help_text="The organisation that does it.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ACTION)
    rank = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 is the top priority.")
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="What will be done, and why.")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PLANNED)
    reason = models.TextField(blank=True, help_text="Why it was not possible.")
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    what_changed = models.TextField(blank=True, help_text="What changed for people, in plain words (published).")
    evidence = models.TextField(blank=True, help_text="How we know, e.g. figures or a letter from the provider.")
    evidence_file = models.FileField(upload_to=_evidence_path, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    published = models.BooleanField(default=False, help_text="Shown on the public “You said, we did” page.")

    items = models.ManyToManyField(FeedbackItem, blank=True, related_name="actions")
    sessions = models.ManyToManyField(Session, blank=True, related_name="actions")
    grants = models.ManyToManyField(Grant, blank=True, related_name="+")

    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rank", "-created_at", "-pk"]
        indexes = [models.Index(fields=["host", "status"]), models.Index(fields=["programme", "kind", "rank"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_in_progress(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_not_possible(self) -> bool:
        return self.status == self.Status.NOT_POSSIBLE

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.NOT_POSSIBLE)

    @property
    def is_ranked(self) -> bool:
        return self.kind != self.Kind.ACTION


class ActionEvent(TimelineEvent):
    class Kind(models.TextChoices):
        TRANSITION = "transition", "Status changed"
        CREATED = "created", "Action recorded"
        PROGRESS = "progress", "Progress"
        CHANGED = "changed", "Changed"
        GROUPS_TOLD = "groups_told", "Groups told"

    statuses = Action.Status

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.TRANSITION)

    class Meta(TimelineEvent.Meta):
        pass
