"""Feedback counted by round, area, month, service and sentiment, and by theme and sub-theme, so the dashboards
read a few hundred rows instead of a million items (see engagement/tallies.py for how the rows are kept)."""
from __future__ import annotations

from django.db import models

from engagement.choices import Sentiment, Service
from grants.models import Round
from grassroots.accounts.models import Area


class FeedbackTally(models.Model):
    """A change in how many items a round holds for an area, month, service and sentiment. Rows are deltas, written by
    PostgreSQL triggers on every insert, update and delete of an item (never by Python) and folded together
    by ``engagement.tallies.compact``: the count is the sum of a key's rows."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+", db_index=False)  # led by the index
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(help_text="The first day of the month the items' sessions were held in.")
    service = models.CharField(max_length=20, choices=Service.choices)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    count = models.IntegerField(help_text="Items added (or, negative, taken away).")

    class Meta:
        ordering = ["round", "month", "service", "sentiment"]
        indexes = [models.Index(fields=["round", "month"], name="feedback_tally_round_month")]

    def __str__(self) -> str:
        return (f"{self.month:%B %Y}, area {self.area_id}, {self.get_service_display()}, "
                f"{self.get_sentiment_display()}: {self.count:+d}")


class TagTally(models.Model):
    """A change in how many items a round holds for an area, month and safeguarding flag under a sub-theme (a row
    with ``sub_theme`` set: tags, each item once per sub-theme) or under a theme (a row with ``theme`` set: items,
    each once per theme however many of its sub-themes it is tagged with). Deltas written by PostgreSQL triggers
    (migration 0011) on tags, sub-themes and items, folded by ``engagement.tallies.compact``."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+", db_index=False)  # led by the index
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(help_text="The first day of the month the items' sessions were held in.")
    safeguarding = models.BooleanField(help_text="Whether the items are safeguarding concerns.")
    theme = models.ForeignKey("engagement.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                              db_index=False)
    sub_theme = models.ForeignKey("engagement.SubTheme", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+", db_index=False)
    count = models.IntegerField(help_text="Items added (or, negative, taken away).")

    class Meta:
        ordering = ["round", "month"]
        indexes = [models.Index(fields=["round", "month"], name="tag_tally_round_month")]
        constraints = [models.CheckConstraint(
            condition=models.Q(theme__isnull=True, sub_theme__isnull=False)
            | models.Q(theme__isnull=False, sub_theme__isnull=True), name="tag_tally_theme_or_sub_theme")]

    def __str__(self) -> str:
        under = f"theme {self.theme_id}" if self.theme_id else f"sub-theme {self.sub_theme_id}"
        return f"{self.month:%B %Y}, area {self.area_id}, {under}: {self.count:+d}"
