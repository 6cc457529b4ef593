"""Feedback counted by round, area, month, service and sentiment, so the host dashboard and the feedback list's counts
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
