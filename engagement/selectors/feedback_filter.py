"""The staff feedback list's filter (q, service, sentiment, consent, area, group, kind, from, to), read from query
parameters, so the bulk-tagging page acts on exactly the items that list shows for the same query string.

Written here because ``engagement/selectors/lists.py`` (the staff feedback list) did not exist on this branch; the
parameter names are the list's, so a link from the list to the bulk-tagging page carries its filter unchanged.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import QuerySet

from engagement.choices import Consent, Sentiment, Service, SessionKind
from engagement.models import FeedbackItem
from grants.access import rounds_for_staff
from grants.models import Grant
from grassroots.accounts.models import Area, Organisation

FILTER_PARAMS = ("q", "service", "sentiment", "consent", "area", "group", "kind", "from", "to")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


def _choices(choices: Any, everything: str) -> list[tuple[str, str]]:
    return [("", everything), *choices]


class FeedbackFilterForm(forms.Form):
    """Every field optional; an unknown value is an error shown on the page, never a 500 or an empty list."""

    q = forms.CharField(label="Search the words", max_length=200, required=False)
    service = forms.ChoiceField(label="Service", choices=_choices(Service.choices, "All services"), required=False)
    sentiment = forms.ChoiceField(label="Sentiment", choices=_choices(Sentiment.choices, "All sentiments"),
                                  required=False)
    consent = forms.ChoiceField(label="Consent", choices=_choices(Consent.choices, "Any consent"), required=False)
    area = forms.ModelChoiceField(label="Area", queryset=Area.objects.none(), required=False, empty_label="All areas")
    group = forms.ModelChoiceField(label="Group", queryset=Organisation.objects.none(), required=False,
                                   empty_label="All groups")
    kind = forms.ChoiceField(label="Kind of session", choices=_choices(SessionKind.choices, "All kinds"),
                             required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        funded = Grant.objects.filter(round__in=rounds_for_staff(user).values("pk")).values("organisation_id")
        self.fields["group"].queryset = Organisation.objects.filter(pk__in=funded).order_by("name")  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.order_by("name")  # type: ignore[attr-defined]
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "govuk-select"
            else:
                field.widget.attrs["class"] = "govuk-input"
        self.fields["q"].widget.attrs["type"] = "search"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return data


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, input_formats=DATE_FORMATS, help_text="For example, 27/3/2026",
                           error_messages={"invalid": f"{label} must be a real date, like 27/3/2026"})


# "from" is a Python keyword, so these two are added by name.
FeedbackFilterForm.base_fields["from"] = _date_field("Held from")
FeedbackFilterForm.base_fields["to"] = _date_field("Held to")


def filter_params(data: Any) -> dict[str, str]:
    """The filter's values in a query string (empty ones left out): what a confirmation step carries along."""
    return {name: str(data.get(name)).strip() for name in FILTER_PARAMS if str(data.get(name) or "").strip()}


def search(items: QuerySet[FeedbackItem], words: str) -> QuerySet[FeedbackItem]:
    """Full-text search on PostgreSQL (the trigger-kept vector and its GIN index); icontains on SQLite."""
    if connection.vendor == "postgresql":
        return items.filter(search_vector=SearchQuery(words, config="english", search_type="websearch"))
    return items.filter(text__icontains=words)


def filtered_feedback(items: QuerySet[FeedbackItem], cleaned: dict[str, Any]) -> QuerySet[FeedbackItem]:
    """``items`` narrowed by a valid ``FeedbackFilterForm``'s cleaned data."""
    if words := (cleaned.get("q") or "").strip():
        items = search(items, words)
    for name, column in (("service", "service"), ("sentiment", "sentiment"), ("consent", "consent"),
                         ("kind", "session_kind")):
        if cleaned.get(name):
            items = items.filter(**{column: cleaned[name]})
    if cleaned.get("area"):
        items = items.filter(area=cleaned["area"])
    if cleaned.get("group"):
        items = items.filter(organisation=cleaned["group"])
    start: dt.date | None = cleaned.get("from")
    end: dt.date | None = cleaned.get("to")
    if start:
        items = items.filter(held_on__gte=start)
    if end:
        items = items.filter(held_on__lte=end)
    return items
