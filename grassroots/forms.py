"""Shared form plumbing: every form renders with crispy-forms-gds (GOV.UK Frontend markup)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms


class GDSFormMixin:
    """Gives a form a GOV.UK helper with one submit button; set ``submit_label`` on the class."""

    submit_label = "Continue"
    helper: FormHelper

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # templates own the <form> so CSRF and actions stay visible
        self.helper.disable_csrf = True  # ...and the template writes the one CSRF token
        fields = list(self.fields)  # type: ignore[attr-defined]
        self.helper.layout = Layout(*fields, Submit("submit", self.submit_label))


class MoneyField(forms.DecimalField):
    """An amount in pounds. Accepts "£1,200" as well as "1200": people type money the way they write it.

    Every money input uses this one field, so the limits (pence, at most £9,999,999,999.99) and the
    wording of its errors are the same on every page; pass ``min_value`` to change the lower bound.
    """

    def __init__(self, *, label: str, required: bool = True, min_value: Decimal | None = Decimal("0.01"),
                 **kwargs: Any) -> None:
        messages = {
            "required": f"Enter {label[0].lower()}{label[1:]}".split(" (")[0].split(", in pounds")[0],
            "invalid": f"{label} must be an amount of money, like 250 or 249.50",
            "min_value": f"{label} must be more than £0" if min_value == Decimal("0.01")
            else f"{label} must be at least £{min_value}",
            "max_decimal_places": f"{label} must not have more than 2 decimal places",
            "max_digits": f"{label} is too large",
            "max_whole_digits": f"{label} is too large",
        }
        messages.update(kwargs.pop("error_messages", {}))
        attrs = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
        super().__init__(label=label, required=required, min_value=min_value, max_digits=12, decimal_places=2,
                         widget=forms.TextInput(attrs=attrs), error_messages=messages, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)
