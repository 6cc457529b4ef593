"""The abstract timeline row every domain object's history subclasses."""
from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

TRANSITION = "transition"


class Visibility(models.TextChoices):
    """Who may read a history row. Staff always may; the group only what is meant for them."""

    GROUP = "group", "The group and staff"
    STAFF = "staff", "Staff only"


class TimelineQuerySet(models.QuerySet):
    def for_group(self) -> TimelineQuerySet:
        """Only the rows a community group may read (never internal notes, reviewers or conflicts)."""
        return self.filter(visibility=Visibility.GROUP)


class TimelineEvent(models.Model):
    """One line of an object's history: a status change (from → to) or a note (from = to).

    A subclass adds the foreign key to its object with ``related_name="events"``, its own ``Kind``
    (TextChoices that include ``TRANSITION``) and sets ``statuses`` to the object's Status choices.
    """

    statuses: ClassVar[type[models.TextChoices]]

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=30, default=TRANSITION)
    note = models.TextField(blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.STAFF)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.at):%-d %B %Y})"

    def _label(self, status: str) -> str:
        return str(self.statuses(status).label) if status in self.statuses.values else status

    @property
    def is_transition(self) -> bool:
        return self.kind == TRANSITION

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)

    @property
    def title(self) -> str:
        """A heading for the row: the new status for a transition, else what kind of note it is."""
        if self.is_transition:
            return self.to_label
        get_display = getattr(self, "get_kind_display", None)
        return str(get_display()) if get_display else self.kind.replace("_", " ").capitalize()
