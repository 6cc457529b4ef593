"""The insights page's chooser: a quarter (this one unless chosen) and, optionally, one of the host's areas."""
from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from engagement.forms.lists import _ListFilterForm
from engagement.selectors.insights import Quarter
from grassroots.accounts.models import Area
from grassroots.forms import GDSFormMixin


class InsightsForm(GDSFormMixin, forms.Form):
    quarter = forms.ChoiceField(label="Quarter", required=False,
                                error_messages={"invalid_choice": "Select a quarter from the list"})
    area = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                  error_messages={"invalid_choice": "Select an area from the list"})

    submit_label = None
    panel = _ListFilterForm.panel  # the same GOV.UK selects as the lists' filter panel

    def __init__(self, *args: Any, quarters: list[Quarter], areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quarter, area = self.fields["quarter"], self.fields["area"]
        assert isinstance(quarter, forms.ChoiceField) and isinstance(area, forms.ChoiceField)
        self.quarters = {q.value: q for q in quarters}
        quarter.choices = [(q.value, q.label) for q in quarters]
        area.choices = [("", "All areas"), *areas.values_list("pk", "name")]

    def chosen(self, default: Quarter) -> tuple[Quarter, int | None]:
        """The valid choices (an invalid one is left out, and named in the error summary)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        value = data.get("quarter") if "quarter" not in self.errors else None
        area = data.get("area") if "area" not in self.errors else None
        return self.quarters.get(value or "", default), area
