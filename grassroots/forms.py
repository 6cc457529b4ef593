"""Shared form plumbing: every form renders with crispy-forms-gds (GOV.UK Frontend markup)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import EmailValidator, MaxValueValidator, MinValueValidator, RegexValidator

_DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def name_required_error(name: str, field: forms.Field) -> None:
    """Replace Django's nameless "This field is required." with one that says which answer is missing.

    Several fields failing at once otherwise fill the error summary with the same sentence, which
    tells nobody what to do.
    """
    if str(field.error_messages.get("required", "")) != _DJANGO_REQUIRED:
        return
    label = _lower_first(str(field.label or name.replace("_", " ")))
    if isinstance(field, forms.BooleanField):
        message = f"Tick the box: {label}"
    elif isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.FileField)):
        message = f"Select {label}"
    else:
        message = f"Enter {label}"
    field.error_messages["required"] = message


_DJANGO_EMAIL_INVALID = str(EmailValidator.message)


def name_limit_errors(name: str, field: forms.Field, model_validators: Sequence[Any] = ()) -> None:
    """Replace Django's "Ensure this value is greater than or equal to 0." with "Sessions held must be 0 or more".
    MoneyField words its own (it says pounds); a form that wrote its own message keeps it."""
    if not isinstance(field, (forms.IntegerField, forms.DecimalField)):
        return
    label = str(field.label or name.replace("_", " ").capitalize())
    # The limits come from the form field or from the model's validators (a ModelForm's weight "at most 100").
    validators = [*field.validators, *model_validators]
    lowest = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
    highest = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
    if lowest and "min_value" not in field.error_messages:
        field.error_messages["min_value"] = f"{label} must be {max(lowest):,} or more"
    if highest and "max_value" not in field.error_messages:
        field.error_messages["max_value"] = f"{label} must be {min(highest):,} or fewer"


def name_length_errors(name: str, field: forms.Field) -> None:
    """Replace Django's "Ensure this value has at most 500 characters (it has 5000)." with the GOV.UK wording
    that names the answer: "Summary must be 500 characters or fewer". A form that wrote its own message keeps it."""
    if not isinstance(field, forms.CharField):
        return
    label = str(field.label or name.replace("_", " ").capitalize())
    if field.max_length is not None and "max_length" not in field.error_messages:
        field.error_messages["max_length"] = f"{label} must be {field.max_length:,} characters or fewer"
    if field.min_length is not None and "min_length" not in field.error_messages:
        field.error_messages["min_length"] = f"{label} must be {field.min_length:,} characters or more"
    invalid = str(field.error_messages.get("invalid", _DJANGO_EMAIL_INVALID))
    if isinstance(field, forms.EmailField) and invalid == _DJANGO_EMAIL_INVALID:
        field.error_messages["invalid"] = "Enter an email address in the right format, like name@example.org"


_DJANGO_INVALID_CHOICES = {
    str(forms.ChoiceField.default_error_messages["invalid_choice"]),
    str(forms.ModelChoiceField.default_error_messages["invalid_choice"]),
    str(forms.MultipleChoiceField.default_error_messages["invalid_choice"]),
    str(forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"]),
    str(forms.ModelMultipleChoiceField.default_error_messages["invalid_pk_value"]),
}


def name_choice_errors(name: str, field: forms.Field) -> None:
    """Replace Django's "Select a valid choice. abc is not one of the available choices." (which repeats what was
    sent, and names no question) with "Select {the answer} from the list": what a person sees after a stale page
    or a tampered form."""
    if not isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return
    label = _lower_first(str(field.label or name.replace("_", " ")))
    # "Select ... from" is GOV.UK's wording, not SQL.
    message = "Select an answer from the list" if label.endswith("?") else f"Select {label} from the list"  # noqa: S608
    for key in ("invalid_choice", "invalid_pk_value"):
        if key in field.error_messages and str(field.error_messages[key]) in _DJANGO_INVALID_CHOICES:
            field.error_messages[key] = message


class GDSFormMixin:
    """Gives a form a GOV.UK helper and errors that name their field.

    By default the layout is every field and one submit button labelled ``submit_label`` (``None``
    for no button, when the template owns the buttons). Override ``get_layout`` to arrange fields
    (radios, date inputs, fieldsets); forms that add fields in ``__init__`` call ``set_layout``.
    """

    submit_label: str | None = "Continue"
    helper: FormHelper
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # templates own the <form> so CSRF and actions stay visible
        self.helper.disable_csrf = True  # ...and the template writes the one CSRF token
        self.helper.layout = Layout(*self.get_layout())

    def get_layout(self) -> list[Any]:
        items: list[Any] = list(self.fields)
        if self.submit_label:
            items.append(Submit("submit", self.submit_label))
        return items

    def set_layout(self, *items: Any) -> None:
        self.helper.layout = Layout(*items)

    def _model_validators(self, name: str) -> list[Any]:
        """A ModelForm's model checks its own limits after the form's; their errors take the form field's words."""
        model = getattr(getattr(self, "_meta", None), "model", None)
        if model is None:
            return []
        try:
            return list(model._meta.get_field(name).validators)
        except FieldDoesNotExist:
            return []

    def full_clean(self) -> None:
        # Here rather than in __init__ so fields added after the mixin ran are named too.
        for name, field in self.fields.items():
            name_required_error(name, field)
            name_length_errors(name, field)
            name_limit_errors(name, field, self._model_validators(name))
            name_choice_errors(name, field)
        super().full_clean()  # type: ignore[misc]


class MoneyField(forms.DecimalField):
    """An amount in pounds. Accepts "£1,200" as well as "1200": people type money the way they write it.

    Every money input uses this one field, so the limits (pence, at most £9,999,999,999.99) and the
    wording of its errors are the same on every page; pass ``min_value`` to change the lower bound.
    """

    def __init__(self, *, label: str, required: bool = True, min_value: Decimal | None = Decimal("0.01"),
                 **kwargs: Any) -> None:
        # Messages name the amount without the label's unit ("Amount to award, in pounds (£)" reads
        # "Amount to award must …"), so the sentence reads as one.
        name = re.sub(r",? in pounds.*$| \(£\)$", "", label)
        messages = {
            "required": f"Enter {name[0].lower()}{name[1:]}",
            "invalid": f"{name} must be an amount of money, like 250 or 249.50",
            "min_value": f"{name} must be more than £0" if min_value == Decimal("0.01")
            else f"{name} must be at least £{min_value}",
            "max_decimal_places": f"{name} must not have more than 2 decimal places",
            "max_digits": f"{name} is too large",
            "max_whole_digits": f"{name} is too large",
        }
        messages.update(kwargs.pop("error_messages", {}))
        attrs = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
        super().__init__(label=label, required=required, min_value=min_value, max_digits=12, decimal_places=2,
                         widget=forms.TextInput(attrs=attrs), error_messages=messages, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)


class DateField(DateInputField):
    """A GOV.UK date input (day, month, year boxes) whose errors follow the Design System's wording.

    "Start date must be a real date" for 31 February, "Start date must include a month" when a box is
    empty, "Enter the start date" when required and all are empty — never Python's "day is out of range".
    """

    def __init__(self, *, label: str, required: bool = True, help_text: str = "For example, 27 3 2026",
                 **kwargs: Any) -> None:
        super().__init__(label=label, required=required, help_text=help_text, require_all_fields=False, **kwargs)
        self.real_date = f"{label} must be a real date"
        self.error_messages.update(required=f"Enter the {_lower_first(label)}",
                                   incomplete=f"{label} must include a day, month and year")
        for part, box in zip(("day", "month", "year"), self.fields, strict=True):
            box.error_messages["incomplete"] = f"{label} must include a {part}"
            box.validators = [RegexValidator(r"^\s*[0-9]+\s*$", self.real_date)]

    def compress(self, data_list: Any) -> date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(year.strip()) != 4:
            raise ValidationError(f"{self.label} must include a year with 4 numbers, like 2026", code="year")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.real_date, code="real_date") from None
