"""The feedback capture form: one item of what was said, laid out for a phone held in one hand."""
from __future__ import annotations

import uuid
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size
from django import forms

from engagement.choices import ETHNIC_HEADINGS, PREFER_NOT, AgeBand, Consent, EthnicGroup, Sentiment, Service
from engagement.models.feedback import TEXT_MAX
from grassroots.forms import GDSFormMixin


def ethnic_group_choices() -> list[tuple[str, Any]]:
    """The ONS 2021 groups under their five headings (a <select> shows them as option groups)."""
    grouped: list[tuple[str, Any]] = [("", "Not given")]
    for prefix, heading in ETHNIC_HEADINGS.items():
        grouped.append((heading, [(v, label) for v, label in EthnicGroup.choices if v.startswith(prefix + "_")]))
    grouped.append((PREFER_NOT, str(EthnicGroup.PREFER_NOT.label)))
    return grouped


class FeedbackForm(GDSFormMixin, forms.Form):
    submit_label = None  # the template owns the buttons ("Save and add another", or "Save changes")

    # The phone's id for this item: a form sent twice (a double tap, a retry) saves one item.
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=36,
                                error_messages={"required": "Reload the page and try again"})
    text = forms.CharField(label="What was said", max_length=TEXT_MAX,
                           help_text="In their words, as near as you can. Leave out names and anything that could "
                                     "identify someone.",
                           widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}))
    service = forms.ChoiceField(label="Which service is it about?", choices=Service.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select which service it is about"})
    sentiment = forms.ChoiceField(label="How did they feel about it?", choices=Sentiment.choices,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": "Select how they felt about it"})
    consent = forms.ChoiceField(label="What did they agree to?", choices=Consent.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select what they agreed to"})
    age_band = forms.ChoiceField(label="Age", required=False, choices=[("", "Not given"), *AgeBand.choices])
    ethnic_group = forms.ChoiceField(label="Ethnic group", required=False, choices=ethnic_group_choices)
    safeguarding = forms.BooleanField(
        label="This is a safeguarding concern", required=False,
        help_text="Tick if someone may be at risk of harm or abuse. Your host's safeguarding contacts are told at "
                  "once. Follow your own safeguarding policy too.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("client_id", uuid.uuid4())
        super().__init__(*args, **kwargs)

    def clean_client_id(self) -> uuid.UUID:
        try:
            return uuid.UUID(self.cleaned_data["client_id"])
        except ValueError:
            raise forms.ValidationError("Reload the page and try again") from None

    def get_layout(self) -> list[Any]:
        return [
            Field("client_id"),
            Field.textarea("text", label_size=Size.SMALL, max_characters=TEXT_MAX, threshold=90),
            Field.radios("service", legend_size=Size.SMALL, small=True, css_class="app-radios-grid"),
            Field.radios("sentiment", legend_size=Size.SMALL, small=True, css_class="app-radios-grid"),
            Field.radios("consent", legend_size=Size.SMALL, small=True),
            Fieldset(HTML('<p class="govuk-hint">Optional. Only if they were happy to say.</p>'),
                     Field.select("age_band"), Field.select("ethnic_group"),
                     legend="About the speaker", legend_size=Size.SMALL),
            Field.checkbox("safeguarding", small=True),
        ]
