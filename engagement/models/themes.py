"""Themes (engagement part 2): each host organisation's two-level taxonomy (theme → sub-theme), the tags that put
feedback under sub-themes, the keyword rules that suggest tags, every suggestion shown and what a person made of it,
and each moderation decision (who approved or refused an item for publication, with the words as they left).

Nothing here is ever deleted: a renamed, merged or retired (sub-)theme stays, so what was tagged keeps its history.
"""
from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from engagement.models.feedback import TEXT_MAX, FeedbackItem
from grassroots.accounts.models import Organisation, User

NAME_MAX = 120
DESCRIPTION_MAX = 1000


class Theme(models.Model):
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="themes",
                              help_text="The host organisation whose taxonomy this is.")
    name = models.CharField(max_length=NAME_MAX)
    description = models.TextField(max_length=DESCRIPTION_MAX, blank=True)
    retired = models.BooleanField(default=False, help_text="No longer offered for tagging; its tags are kept.")
    retired_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            # Two themes in use may not share a name; a retired one may (it is history).
            models.UniqueConstraint(F("owner"), Lower("name"), condition=Q(retired=False),
                                    name="theme_name_once_per_owner"),
        ]

    def __str__(self) -> str:
        return self.name


class SubTheme(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="sub_themes")
    name = models.CharField(max_length=NAME_MAX)
    description = models.TextField(max_length=DESCRIPTION_MAX, blank=True)
    retired = models.BooleanField(default=False, help_text="No longer offered for tagging; its tags are kept.")
    retired_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    items = models.ManyToManyField(FeedbackItem, through="FeedbackTag", related_name="sub_themes")

    class Meta:
        ordering = ["theme__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(F("theme"), Lower("name"), condition=Q(retired=False),
                                    name="sub_theme_name_once_per_theme"),
        ]

    def __str__(self) -> str:
        return f"{self.theme.name}: {self.name}"


class FeedbackTag(models.Model):
    """One item under one sub-theme: who put it there, when, and whether they accepted a suggestion to."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="tags")
    sub_theme = models.ForeignKey(SubTheme, on_delete=models.PROTECT, related_name="tags")
    tagged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    tagged_at = models.DateTimeField(default=timezone.now)
    from_suggestion = models.BooleanField(default=False)

    class Meta:
        ordering = ["sub_theme__theme__name", "sub_theme__name"]
        constraints = [models.UniqueConstraint(fields=["item", "sub_theme"], name="tag_once_per_item")]
        indexes = [models.Index(fields=["sub_theme", "item"], name="tag_sub_theme_item")]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.sub_theme_id}"


class KeywordRule(models.Model):
    """Words or phrases that suggest a sub-theme for an untagged item (a suggestion only; a person decides)."""

    sub_theme = models.ForeignKey(SubTheme, on_delete=models.PROTECT, related_name="rules")
    phrases = models.TextField(max_length=DESCRIPTION_MAX, help_text="One word or phrase per line.")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sub_theme__theme__name", "sub_theme__name", "pk"]

    def __str__(self) -> str:
        return f"{', '.join(self.phrase_list)} → {self.sub_theme_id}"

    @property
    def phrase_list(self) -> list[str]:
        return [p.strip() for p in self.phrases.splitlines() if p.strip()]


class Suggestion(models.Model):
    """A sub-theme a rule suggested for an item, shown to staff, and what they made of it."""

    class Status(models.TextChoices):
        SHOWN = "shown", "Shown"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="suggestions")
    sub_theme = models.ForeignKey(SubTheme, on_delete=models.PROTECT, related_name="suggestions")
    rule = models.ForeignKey(KeywordRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SHOWN)
    shown_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["item", "sub_theme"], name="suggestion_once_per_item")]
        indexes = [models.Index(fields=["rule", "status"], name="suggestion_rule_status")]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.sub_theme_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SHOWN


class ThemeChange(models.Model):
    """The taxonomy's history: what staff added, renamed, merged, retired and tagged in bulk."""

    class Kind(models.TextChoices):
        ADDED = "added", "Added"
        CHANGED = "changed", "Renamed or described"
        MERGED = "merged", "Merged"
        RETIRED = "retired", "Retired"
        RESTORED = "restored", "Brought back"
        LOADED = "loaded", "Default themes loaded"
        RULE = "rule", "Keyword rule changed"
        BULK_TAGGED = "bulk_tagged", "Tagged in bulk"

    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="changes")
    sub_theme = models.ForeignKey(SubTheme, null=True, blank=True, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.note}"


class ModerationDecision(models.Model):
    """One moderation decision on an item: the words as they were, the words that may leave, and why."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="moderation_history")
    decision = models.CharField(max_length=10, choices=FeedbackItem.Moderation.choices)
    original_text = models.TextField(max_length=TEXT_MAX)
    redacted_text = models.TextField(max_length=TEXT_MAX, blank=True, help_text="Empty when nothing was redacted.")
    reason = models.TextField(max_length=DESCRIPTION_MAX, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.decision}"

    @property
    def was_redacted(self) -> bool:
        return bool(self.redacted_text)
