"""The session form and the anonymous counts. The rules (dates, attendance, counts) are the service's; these forms
only turn what was typed into values and show the service's answer against each field."""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms
from django.db import models

from engagement.choices import DIMENSION_CATEGORIES, ETHNIC_HEADINGS, Dimension, SessionKind
from engagement.models import Session
from engagement.services.sessions import FIELDS, present_organisations, session_areas
from grants.models import Grant
from grassroots.accounts.models import Area, Organisation
from grassroots.forms import DateField, GDSFormMixin

MAX_COUNT = 100_000
LANGUAGE_ROWS = 4  # blank rows for first languages; more appear once these are used
_TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%I:%M%p", "%I.%M%p", "%I%p", "%I:%M %p", "%I %p"]


def _max(name: str) -> int | None:
    field = Session._meta.get_field(name)
    assert isinstance(field, models.CharField)
    return field.max_length


class TimeInput(forms.TimeInput):
    """A phone shows its own clock for ``type="time"``; older browsers get a text box that takes "2pm" or 14:00."""

    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, required=False, input_formats=_TIME_FORMATS, widget=TimeInput(),
                           help_text="Optional. For example, 14:30",
                           error_messages={"invalid": f"Enter the {label.lower()} like 14:30 or 2:30pm"})


def _count(label: str, *, required: bool = False, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=0, max_value=MAX_COUNT, help_text=help_text,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                            "spellcheck": "false"}),
                              error_messages={"invalid": f"{label} must be a whole number, like 12"})


class SessionForm(GDSFormMixin, forms.Form):
    kind = forms.ChoiceField(label="What kind of session was it?", choices=SessionKind.choices,
                             widget=forms.RadioSelect, error_messages={"required": "Select the kind of session"})
    title = forms.CharField(label="Name of the session", max_length=_max("title"),
                            help_text="A short name, for example “Coffee morning at St Mark's”",
                            error_messages={"required": "Enter a name for the session"})
    held_on = DateField(label="Date", help_text="For example, 27 3 2026")
    starts_at = _time("Start time")
    ends_at = _time("End time")
    venue = forms.CharField(label="Venue", max_length=_max("venue"), required=False,
                            help_text="Optional. For example, St Mark's church hall")
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label="Area", empty_label=None,
                                  widget=forms.RadioSelect, error_messages={"required": "Select the area"})
    facilitators = forms.CharField(label="Who ran it", max_length=_max("facilitators"), required=False,
                                   help_text="Optional. Names or roles, for example “Grace and a volunteer”")
    attendance = _count("People who took part", required=True)
    conversations = _count("In-depth conversations", help_text="Optional. Conversations long enough to hear "
                           "someone's experience in detail")
    organisations_present = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="NHS, council or provider organisations present",
        help_text="Optional. For a Thinking Partners meeting, the organisations that attended.")
    trained_count = _count("People trained", help_text="For a training session: how many people were trained")
    trained_organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Organisations whose people were trained", help_text="For a training session. Optional.")
    notes = forms.CharField(label="Notes", required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="Optional. Anything else worth knowing about the session")

    def __init__(self, *args: Any, grant: Grant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = session_areas(grant)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        chosen = [*self.initial.get("organisations_present", []), *self.initial.get("trained_organisations", [])]
        organisations = present_organisations(grant, keep=chosen)
        self.fields["organisations_present"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["trained_organisations"].queryset = organisations  # type: ignore[attr-defined]
        if "area" not in self.initial and len(areas) == 1:
            self.initial["area"] = areas[0].pk
        self.set_layout(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.text("title"), Field("held_on"),
            Field.text("starts_at", field_width=5), Field.text("ends_at", field_width=5),
            Field.text("venue"), Field.radios("area", legend_size=Size.SMALL, small=True),
            Field.text("facilitators"),
            Field.text("attendance", field_width=4), Field.text("conversations", field_width=4),
            Field.checkboxes("organisations_present", legend_size=Size.SMALL, small=True),
            Fieldset(Field.text("trained_count", field_width=4),
                     Field.checkboxes("trained_organisations", legend_size=Size.SMALL, small=True),
                     legend="Training", legend_size=Size.SMALL),
            Field.textarea("notes", rows=3),
            Submit("submit", "Save and continue"),
        )

    @staticmethod
    def initial_for(session: Session) -> dict[str, Any]:
        initial: dict[str, Any] = {f: getattr(session, f) for f in FIELDS}
        initial["area"] = session.area_id
        initial["organisations_present"] = [o.pk for o in session.organisations_present.all()]
        initial["trained_organisations"] = [o.pk for o in session.trained_organisations.all()]
        return initial


class DemographicsForm(GDSFormMixin, forms.Form):
    """One optional count per category, grouped by dimension, and typed rows for first languages.

    Field names are ``<dimension>__<category>``, and ``language_<n>`` with ``language_<n>_count``."""

    submit_label = None

    def __init__(self, *args: Any, languages: list[tuple[str, int]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dimension, categories in DIMENSION_CATEGORIES.items():
            if categories is None:
                continue
            for value, label in categories.choices:
                self.fields[f"{dimension}__{value}"] = _count(str(label))
        rows = max(len(languages or []) + 2, LANGUAGE_ROWS)
        if self.is_bound:
            rows = max(rows, sum(1 for key in self.data if key.startswith("language_") and key.endswith("_count")))
        for n in range(rows):
            self.fields[f"language_{n}"] = forms.CharField(label=f"Language {n + 1}", required=False, max_length=60)
            self.fields[f"language_{n}_count"] = _count(f"How many people speak language {n + 1}")
            if languages and n < len(languages):
                self.initial[f"language_{n}"], self.initial[f"language_{n}_count"] = languages[n]
        self.language_rows = rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(self.language_rows):
            name, count = (data.get(f"language_{n}") or "").strip(), data.get(f"language_{n}_count")
            if count and not name:
                self.add_error(f"language_{n}", f"Enter the name of language {n + 1}, or remove its count")
        return data

    def counts(self) -> dict[str, dict[str, int | None]]:
        """dimension -> category -> count, for every dimension on the page (a blank dimension clears it)."""
        data = self.cleaned_data
        out: dict[str, dict[str, int | None]] = {}
        for dimension, categories in DIMENSION_CATEGORIES.items():
            if categories is not None:
                out[dimension] = {v: data.get(f"{dimension}__{v}") for v in categories.values}
        languages: dict[str, int | None] = {}
        for n in range(self.language_rows):
            name = (data.get(f"language_{n}") or "").strip()
            if name:
                key = next((k for k in languages if k.lower() == name.lower()), name)
                languages[key] = (languages.get(key) or 0) + (data.get(f"language_{n}_count") or 0)
        out[Dimension.LANGUAGE] = languages
        return out

    def groups(self) -> list[dict[str, Any]]:
        """The page's fieldsets: each dimension's bound fields, ethnic groups under their ONS headings."""
        out: list[dict[str, Any]] = []
        for dimension, label in Dimension.choices:
            categories = DIMENSION_CATEGORIES[dimension]
            if categories is None:
                rows = [(self[f"language_{n}"], self[f"language_{n}_count"]) for n in range(self.language_rows)]
                out.append({"dimension": dimension, "label": label, "languages": rows})
                continue
            fields = [self[f"{dimension}__{v}"] for v in categories.values]
            if dimension == Dimension.ETHNICITY:
                headed = [(heading, [f for f in fields if f.name.split("__")[1].startswith(key + "_")])
                          for key, heading in ETHNIC_HEADINGS.items()]
                rest = [f for f in fields if not any(f in group for _, group in headed)]
                out.append({"dimension": dimension, "label": label, "headed": [*headed, ("", rest)]})
            else:
                out.append({"dimension": dimension, "label": label, "fields": fields})
        for group in out:
            bound = [f for pair in group.get("languages", []) for f in pair] + group.get("fields", []) + [
                f for _, fields in group.get("headed", []) for f in fields]
            group["filled"] = any(f.value() not in (None, "") or f.errors for f in bound)
        return out
