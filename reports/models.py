"""A PDF report someone asked for (or beat scheduled), kept with the background job that built it."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from engagement.choices import Service
from grassroots.accounts.models import Organisation
from grassroots.jobs.models import Job


class Report(models.Model):
    class Kind(models.TextChoices):
        YOU_SAID_WE_DID = "yswd", "You said, we did"
        QUARTERLY = "quarterly", "Quarterly report"
        FUNDER = "funder", "Funder report"
        SPOTLIGHT = "spotlight", "Spotlight report"
        COMMUNITY = "community", "Community report"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    # What it is about: "programme", "area", "host", "group" or "session", and that object's id.
    scope_type = models.CharField(max_length=12)
    scope_id = models.PositiveIntegerField()
    scope_name = models.CharField(max_length=200, help_text="The scope's name when the report was asked for.")
    # Spotlight only: what it looks at across areas, a service ("gp") or one of the host's themes ("theme:<id>").
    topic = models.CharField(max_length=40, blank=True)
    topic_name = models.CharField(max_length=200, blank=True,
                                  help_text="A spotlit theme's name when the report was asked for.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reports",
                                     help_text="Whose report it is: who sees it in their list of reports.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", help_text="Empty when beat made it on schedule.")
    job = models.OneToOneField(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="report")
    pages = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Bytes.")
    created_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, help_text="When its readers were sent the link.")
    scheduled = models.BooleanField(default=False, help_text="Made by beat when a quarter ended, not asked for.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"]),
                   models.Index(fields=["kind", "scope_type", "scope_id", "starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="report_period_in_order"),
            # Beat running twice, or restarting, schedules each host's quarter once.
            models.UniqueConstraint(fields=["kind", "scope_type", "scope_id", "starts_on", "ends_on"],
                                    condition=models.Q(scheduled=True), name="report_scheduled_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.scope_name}"

    @property
    def title(self) -> str:
        topic = f" — {self.topic_label}" if self.topic else ""
        return f"{self.get_kind_display()}{topic}: {self.scope_name}"

    @property
    def topic_label(self) -> str:
        if self.theme_id is not None:
            return self.topic_name
        return str(dict(Service.choices).get(self.topic, self.topic))

    @property
    def theme_id(self) -> int | None:
        """The spotlit theme's id, when the topic is a theme."""
        kind, _, pk = self.topic.partition(":")
        return int(pk) if kind == THEME and pk.isdigit() else None


THEME = "theme"


def theme_topic(theme_id: int) -> str:
    return f"{THEME}:{theme_id}"
