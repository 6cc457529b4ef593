"""Forms a community group fills in to apply: eligibility, the four sections, budget, documents, withdrawal."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size, Submit
from django import forms

from grants.models import EligibilityQuestion, RequiredDocument
from grants.uploads import ALLOWED_LABEL
from grassroots.accounts.models import Organisation

YES_NO = [("yes", "Yes"), ("no", "No")]

# Labels shared by the forms, the check-your-answers page and the version comparison.
LABELS: dict[str, str] = {
    "contact_name": "Contact name",
    "contact_email": "Contact email address",
    "contact_phone": "Contact phone number",
    "group_description": "About your group",
    "title": "Project title",
    "summary": "Summary",
    "activity_description": "What you will do",
    "start_date": "Start date",
    "end_date": "End date",
    "communities": "Communities the activity reaches",
    "planned_sessions": "Number of sessions",
    "expected_reach": "People you expect to reach",
    "expected_conversations": "In-depth conversations you expect",
    "amount_requested": "Amount requested",
    "budget_lines": "Budget lines",
    "documents": "Supporting documents",
}

SECTION_TITLES: dict[str, str] = {
    "group": "Your group",
    "activity": "The activity",
    "communities": "Communities you reach",
    "sessions": "Sessions and reach",
    "budget": "Budget",
    "documents": "Supporting documents",
}


def _helper(*fields: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # templates own the <form> so CSRF and actions stay visible
    helper.layout = Layout(*fields)
    return helper


def _save_buttons() -> tuple[Submit, Button]:
    return (Submit("continue", "Save and continue"),
            Button.secondary("draft", "Save as draft and come back later", type="submit"))


class EligibilityForm(forms.Form):
    """The round's yes/no questions, and which group is applying when the person belongs to several."""

    def __init__(self, *args: Any, questions: Sequence[EligibilityQuestion], groups: Sequence[Organisation],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        layout: list[Any] = []
        for q in self.questions:
            name = f"q{q.pk}"
            self.fields[name] = forms.ChoiceField(
                label=q.text, help_text=q.help_text, choices=YES_NO, widget=forms.RadioSelect,
                error_messages={"required": f"Select yes or no: {q.text}"})
            layout.append(Field.radios(name, legend_size=Size.SMALL, inline=True))
        if len(groups) > 1:
            self.fields["organisation"] = forms.TypedChoiceField(
                label="Which group is applying?", choices=[(g.pk, g.name) for g in groups], coerce=int,
                widget=forms.RadioSelect, error_messages={"required": "Select the group that is applying."})
            layout.append(Field.radios("organisation", legend_size=Size.SMALL))
        layout.append(Submit("submit", "Check and continue"))
        self.helper = _helper(*layout)

    def answers(self) -> dict[int, bool]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] == "yes" for q in self.questions}


class GroupSectionForm(forms.Form):
    contact_name = forms.CharField(label=LABELS["contact_name"], max_length=150, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_email = forms.EmailField(
        label=LABELS["contact_email"], required=False, help_text="We will send the confirmation here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the right format, like name@example.org"})
    contact_phone = forms.CharField(label=LABELS["contact_phone"], max_length=30, required=False,
                                    widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    group_description = forms.CharField(
        label=LABELS["group_description"], required=False, widget=forms.Textarea,
        help_text="Who you are, who comes to your group and what you already do together.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("contact_name", field_width="two-thirds"),
                              Field.text("contact_email", field_width="two-thirds"),
                              Field.text("contact_phone", field_width=20),
                              Field.textarea("group_description", rows=6), *_save_buttons())


class ActivitySectionForm(forms.Form):
    title = forms.CharField(label=LABELS["title"], max_length=200, required=False,
                            help_text="A short name, for example “Lunch and listen”.")
    summary = forms.CharField(label=LABELS["summary"], max_length=500, required=False, widget=forms.Textarea,
                              help_text="One or two sentences. You can use up to 500 characters.")
    activity_description = forms.CharField(
        label=LABELS["activity_description"], required=False, widget=forms.Textarea,
        help_text="What will happen at your sessions, and how you will listen to people and write down what they say.")
    start_date = DateInputField(label=LABELS["start_date"], required=False, require_all_fields=False,
                                help_text="For example, 27 3 2026")
    end_date = DateInputField(label=LABELS["end_date"], required=False, require_all_fields=False,
                              help_text="For example, 30 11 2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("title"), Field.textarea("summary", rows=3, max_characters=500),
                              Field.textarea("activity_description", rows=8),
                              Field("start_date"), Field("end_date"), *_save_buttons())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date.")
        return data


class CommunitiesSectionForm(forms.Form):
    communities = forms.CharField(
        label=LABELS["communities"], required=False, widget=forms.Textarea,
        help_text="Who will come, and why health and care services seldom hear from them.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("communities", rows=8), *_save_buttons())


def _count(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=100000, help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": f"{label} must be a whole number, like 12",
                        "min_value": f"{label} must be 0 or more",
                        "max_value": f"{label} must be 100,000 or fewer"})


class SessionsSectionForm(forms.Form):
    planned_sessions = _count(LABELS["planned_sessions"], "How many events or sessions you plan to run.")
    expected_reach = _count(LABELS["expected_reach"], "Across all the sessions, roughly.")
    expected_conversations = _count(LABELS["expected_conversations"],
                                    "How many people you expect to talk with in depth about their health and care.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(*(Field.text(name, field_width=5) for name in self.fields), *_save_buttons())


SECTION_FORMS: dict[str, type[forms.Form]] = {
    "group": GroupSectionForm,
    "activity": ActivitySectionForm,
    "communities": CommunitiesSectionForm,
    "sessions": SessionsSectionForm,
}


class MoneyField(forms.DecimalField):
    """Accepts "£1,200" as well as "1200": people type money the way they write it."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)


def _money(label: str, required: bool = False) -> MoneyField:
    return MoneyField(
        label=label, required=required, min_value=Decimal("0.01"), max_digits=12, decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": f"{label} must be an amount of money, like 250 or 249.50",
                        "min_value": f"{label} must be more than £0",
                        "max_decimal_places": f"{label} must not have more than 2 decimal places",
                        "max_digits": f"{label} is too large"})


class AmountForm(forms.Form):
    amount_requested = _money("Amount you are asking for, in pounds (£)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("amount_requested", field_width=10, label_size=Size.MEDIUM))



class BudgetLineForm(forms.Form):
    description = forms.CharField(label="What it is for", max_length=200, required=False)
    amount = _money("Cost in pounds (£)")

    def __init__(self, *args: Any, number: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        self.fields["amount"].label = f"Cost of line {number} in pounds (£)"
        self.fields["description"].label = f"What line {number} is for"
        self.helper = _helper(Fieldset(Field.text("description"), Field.text("amount", field_width=10),
                                       legend=f"Budget line {number}", legend_size=Size.SMALL))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("description") and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", f"Enter the cost of line {self.number}")
        if data.get("amount") is not None and not data.get("description"):
            self.add_error("description", f"Say what line {self.number} is for")
        return data


class BaseBudgetFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"number": (index or 0) + 1}

    def lines(self) -> list[tuple[str, Decimal]]:
        return [(f.cleaned_data["description"], f.cleaned_data["amount"]) for f in self.forms
                if f.cleaned_data.get("description") and f.cleaned_data.get("amount") is not None]


BudgetFormSet = forms.formset_factory(BudgetLineForm, formset=BaseBudgetFormSet, extra=0, max_num=60,
                                      absolute_max=60)


class DocumentForm(forms.Form):
    required_document = forms.TypedChoiceField(
        label="Which document is this?", coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Select which document you are uploading."})
    file = forms.FileField(
        label="Upload a file", help_text=f"{ALLOWED_LABEL}. Up to 10 MB.",
        error_messages={"required": "Select a file to upload.", "empty": "The selected file is empty."})

    def __init__(self, *args: Any, required_documents: Sequence[RequiredDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(d.pk, d.name + ("" if d.mandatory else " (optional)")) for d in required_documents]
        field = self.fields["required_document"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*choices, (0, "Another supporting document")]
        self.helper = _helper(Field.radios("required_document", legend_size=Size.SMALL), Field("file"),
                              Submit("upload", "Upload file", css_class="govuk-button--secondary"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Why are you withdrawing? (optional)", required=False, widget=forms.Textarea,
                             max_length=2000, help_text="This helps the fund's organisers. You do not have to say.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=4),
                              Submit("withdraw", "Yes, withdraw this application", css_class="govuk-button--warning"))
