"""The filters of host staff's feedback list and of the sessions list: GET forms, so a filtered list is a link
someone can share."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import mark_safe

from engagement.choices import Consent, Sentiment, Service, SessionKind
from engagement.models import Session
from grassroots.accounts.models import Area, Organisation
from grassroots.forms import DateField, GDSFormMixin

SEARCH_MAX = 200


def _choices(label: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", label), *choices]


class _ListFilterForm(GDSFormMixin, forms.Form):
    """What both lists filter on: the session's group, area, kind and when it was held."""

    # Plain choices from (id, name) pairs, not model choice fields: a programme funds hundreds of groups, and
    # making a model instance of each on every page cost more than the rest of the page.
    group = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                   error_messages={"invalid_choice": "Select a group from the list"})
    area = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                  error_messages={"invalid_choice": "Select an area from the list"})
    kind = forms.ChoiceField(label="Kind of session", required=False,
                             choices=_choices("All kinds", SessionKind.choices),
                             error_messages={"invalid_choice": "Select a kind of session from the list"})
    held_from = DateField(label="Held from", required=False, help_text="For example, 1 4 2026")
    held_to = DateField(label="Held up to", required=False, help_text="For example, 30 6 2026")

    submit_label = None

    def __init__(self, *args: Any, groups: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group, area = self.fields["group"], self.fields["area"]
        assert isinstance(group, forms.ChoiceField) and isinstance(area, forms.ChoiceField)
        group.choices = [("", "All groups"), *groups.order_by("name").values_list("pk", "name")]
        # Every area: a group may work outside the programme's own areas (there are few).
        area.choices = [("", "All areas"), *Area.objects.order_by("name").values_list("pk", "name")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("held_from"), data.get("held_to")
        if start and end and end < start:
            self.add_error("held_to", "Held up to must be the same as or after held from")
        return data

    def panel(self) -> list[dict[str, Any]]:
        """The fields as the filter panel draws them, by hand: crispy's per-option templates took 80 ms a page
        for the 300 groups of a large programme; a select's options are escaped and joined here instead."""
        out = []
        for bound in self:
            field = bound.field
            item: dict[str, Any] = {"field": bound, "id": bound.auto_id, "name": bound.html_name}
            if isinstance(field, DateField):
                raw = bound.value() or [None, None, None]
                if not isinstance(raw, (list, tuple)):
                    raw = [raw.day, raw.month, raw.year]
                item |= {"kind": "date", "boxes": [
                    {"label": label, "id": f"{bound.auto_id}_{n}", "name": f"{bound.html_name}_{n}",
                     "value": "" if raw[n] is None else raw[n], "width": 4 if n == 2 else 2,
                     # The filter panel stretches its inputs; these keep the three boxes on one line.
                     "fit": "govuk-!-width-one-third" if n == 2 else "govuk-!-width-one-quarter"}
                    for n, label in enumerate(("Day", "Month", "Year"))]}
            elif isinstance(field, forms.ChoiceField):
                current = "" if bound.value() is None else str(bound.value())
                item |= {"kind": "select", "options": mark_safe("".join(  # every value and label escaped
                    f'<option value="{escape(value)}"{" selected" if str(value) == current else ""}>'
                    f"{escape(label)}</option>" for value, label in cast(Iterable[tuple[Any, str]], field.choices)))}
            else:
                item |= {"kind": "text", "value": bound.value() or ""}
            out.append(item)
        return out

    def chosen(self) -> dict[str, Any]:
        """The filters that are valid and set (an invalid one is left out, and named in the error summary)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items()
                if value not in (None, "") and name not in self.errors}


class FeedbackFilterForm(_ListFilterForm):
    q = forms.CharField(label="Words", required=False, max_length=SEARCH_MAX,
                        help_text="Finds other forms of a word too: “appointment” finds “appointments”.")
    service = forms.ChoiceField(required=False, choices=_choices("All services", Service.choices),
                                error_messages={"invalid_choice": "Select a service from the list"})
    sentiment = forms.ChoiceField(required=False, choices=_choices("All sentiments", Sentiment.choices),
                                  error_messages={"invalid_choice": "Select a sentiment from the list"})
    consent = forms.ChoiceField(required=False, choices=_choices("Any consent", Consent.choices),
                                error_messages={"invalid_choice": "Select a consent from the list"})

    field_order = ("q", "service", "sentiment", "consent", "group", "area", "kind", "held_from", "held_to")


class SessionFilterForm(_ListFilterForm):
    status = forms.ChoiceField(required=False, choices=_choices("Any status", Session.Status.choices),
                               error_messages={"invalid_choice": "Select a status from the list"})
