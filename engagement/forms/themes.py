"""Forms for themes, keyword rules, tagging and moderation. Rules about names and states are the services'; these
only clean what was typed and offer the right choices."""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.db.models import QuerySet

from engagement.models import TEXT_MAX, FeedbackItem, SubTheme, Theme
from engagement.models.themes import DESCRIPTION_MAX, NAME_MAX
from grassroots.accounts.models import Organisation
from grassroots.forms import GDSFormMixin


class ThemeForm(GDSFormMixin, forms.Form):
    """A theme's or a sub-theme's name and description (and, for a new theme of a user with several hosts, whose)."""

    submit_label = "Save"
    owner = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none(),
                                   empty_label="Choose an organisation")
    name = forms.CharField(label="Name", max_length=NAME_MAX)
    description = forms.CharField(label="Description (optional)", max_length=DESCRIPTION_MAX, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="What belongs here, so colleagues tag alike.")

    def __init__(self, *args: Any, owners: QuerySet[Organisation] | None = None, submit_label: str = "Save",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is None or owners.count() <= 1:
            del self.fields["owner"]
            self.single_owner = owners.first() if owners is not None else None
        else:
            self.fields["owner"].queryset = owners.order_by("name")  # type: ignore[attr-defined]
        layout: list[Any] = [Field.select("owner")] if "owner" in self.fields else []
        self.set_layout(*layout, Field.text("name"), Field.textarea("description"), Submit("submit", submit_label))


class MergeForm(GDSFormMixin, forms.Form):
    submit_label = None
    target = forms.ModelChoiceField(label="Merge into", queryset=Theme.objects.none(), empty_label="Choose one")

    def __init__(self, *args: Any, targets: QuerySet[Any], label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.queryset = targets  # type: ignore[attr-defined]
        field.label = label
        field.error_messages["required"] = f"Select {label.lower()}"
        self.set_layout(Field.select("target"))


class RuleForm(GDSFormMixin, forms.Form):
    submit_label = "Save rule"
    sub_theme = forms.ModelChoiceField(label="Sub-theme it suggests", queryset=SubTheme.objects.none(),
                                       empty_label="Choose a sub-theme")
    phrases = forms.CharField(label="Words or phrases", max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="One per line. A whole word or phrase in what was said suggests the sub-theme, "
                                        "for example ‘appointment’ or ‘on hold’.")

    def __init__(self, *args: Any, sub_themes: QuerySet[SubTheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_theme"].queryset = sub_themes  # type: ignore[attr-defined]
        self.fields["sub_theme"].label_from_instance = _sub_theme_label  # type: ignore[attr-defined]
        self.set_layout(Field.select("sub_theme"), Field.textarea("phrases"), Submit("submit", self.submit_label))


def _sub_theme_label(sub: SubTheme) -> str:
    return f"{sub.theme.name}: {sub.name}"


class TagForm(GDSFormMixin, forms.Form):
    submit_label = "Add tag"
    sub_theme = forms.ModelChoiceField(label="Sub-theme", queryset=SubTheme.objects.none(),
                                       empty_label="Choose a sub-theme")

    def __init__(self, *args: Any, sub_themes: QuerySet[SubTheme], label: str = "Sub-theme", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sub_theme"]
        field.queryset = sub_themes  # type: ignore[attr-defined]
        field.label_from_instance = _sub_theme_label  # type: ignore[attr-defined]
        field.label = label
        self.set_layout(Field.select("sub_theme"), Submit("submit", self.submit_label))


class ModerationForm(GDSFormMixin, forms.Form):
    submit_label = "Save decision"
    decision = forms.ChoiceField(
        label="Can this be published?", widget=forms.RadioSelect,
        choices=((FeedbackItem.Moderation.APPROVED, "Yes, approve it for publication"),
                 (FeedbackItem.Moderation.REJECTED, "No, it is not for publication")),
        error_messages={"required": "Select whether this can be published"})
    redacted_text = forms.CharField(
        label="Words to publish", max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Take out names, places, dates and rare conditions: these words are what leaves the organisation. "
                  "The original stays internal.")
    reason = forms.CharField(label="Why is it not for publication?", max_length=DESCRIPTION_MAX, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field.radios("decision", legend_size=Size.MEDIUM), Field.textarea("redacted_text"),
                        Field.textarea("reason"), Submit("submit", self.submit_label))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == FeedbackItem.Moderation.APPROVED and not (data.get("redacted_text") or "").strip():
            self.add_error("redacted_text", "Enter the words to publish")
        if data.get("decision") == FeedbackItem.Moderation.REJECTED and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why this is not for publication")
        return data


class BulkTagForm(TagForm):
    submit_label = "Continue"
