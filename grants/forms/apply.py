"""Forms a community group fills in to apply: eligibility, the four sections, budget, documents, withdrawal."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Button, Field, Fieldset, Size, Submit
from django import forms
from django.core.validators import RegexValidator

from grants import sections
from grants.models import Application, BudgetLine, EligibilityQuestion, RequiredDocument
from grants.uploads import ALLOWED_LABEL
from grassroots.accounts.models import Organisation
from grassroots.forms import DateField, GDSFormMixin, MoneyField

YES_NO = [("yes", "Yes"), ("no", "No")]
LABELS = sections.LABELS


def _column(model: type[Any], name: str) -> int:
    """The database column's length, so no form accepts more than the table can hold."""
    length = model._meta.get_field(name).max_length
    assert length, f"{model.__name__}.{name} has no max_length"
    return int(length)


def _save_buttons() -> tuple[Submit, Button]:
    return (Submit("continue", "Save and continue"),
            Button.secondary("draft", "Save as draft and come back later", type="submit"))


class EligibilityForm(GDSFormMixin, forms.Form):
    """The round's yes/no questions, and which group is applying when the person belongs to several."""

    submit_label = "Check and continue"

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
        self.set_layout(*layout, Submit("submit", self.submit_label))

    def answers(self) -> dict[int, bool]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] == "yes" for q in self.questions}


class SectionForm(GDSFormMixin, forms.Form):
    """One section of the application. Everything may be blank in a draft; ``complete=True`` ("Save and
    continue") asks for the answers the section needs (sections.py), so an empty section never moves on."""

    section: str
    submit_label = None

    def __init__(self, *args: Any, complete: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.complete = complete
        for name in self.fields:
            self.fields[name].label = LABELS[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.complete:
            for name in sections.BY_KEY[self.section].needs:
                if name not in self.errors and data.get(name) in (None, ""):
                    self.add_error(name, str(self.fields[name].error_messages["required"]))
        return data

    def valid_answers(self) -> dict[str, Any]:
        """The answers that passed their checks, for a draft save that keeps everything it can."""
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.fields if name in cleaned and name not in self.errors}


class GroupSectionForm(SectionForm):
    section = "group"
    contact_name = forms.CharField(max_length=_column(Application, "contact_name"), required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_email = forms.EmailField(
        max_length=_column(Application, "contact_email"), required=False,
        help_text="We will send the confirmation here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the right format, like name@example.org",
                        "max_length": "Contact email address must be 254 characters or fewer"})
    contact_phone = forms.CharField(
        max_length=_column(Application, "contact_phone"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        # Digits with the spaces, brackets, dashes and + people write; "31/02/2026" or "ring Grace" is not a number.
        validators=[RegexValidator(r"^\+?[0-9 ()\-]*([0-9][ ()\-]*){10,}$",
                                   "Enter a telephone number, like 01632 960 001 or +44 808 157 0192")])
    group_description = forms.CharField(
        required=False, widget=forms.Textarea,
        help_text="Who you are, who comes to your group and what you already do together.")

    def get_layout(self) -> list[Any]:
        return [Field.text("contact_name", field_width="two-thirds"),
                Field.text("contact_email", field_width="two-thirds"),
                Field.text("contact_phone", field_width=20),
                Field.textarea("group_description", rows=6), *_save_buttons()]


class ActivitySectionForm(SectionForm):
    section = "activity"
    title = forms.CharField(max_length=_column(Application, "title"), required=False,
                            help_text="A short name, for example “Lunch and listen”.")
    summary = forms.CharField(max_length=_column(Application, "summary"), required=False, widget=forms.Textarea,
                              help_text="One or two sentences. You can use up to 500 characters.")
    activity_description = forms.CharField(
        required=False, widget=forms.Textarea,
        help_text="What will happen at your sessions, and how you will listen to people and write down what they say.")
    start_date = DateField(label=LABELS["start_date"], required=False)
    end_date = DateField(label=LABELS["end_date"], required=False, help_text="For example, 30 11 2026")

    def get_layout(self) -> list[Any]:
        return [Field.text("title"), Field.textarea("summary", rows=3, max_characters=500),
                Field.textarea("activity_description", rows=8),
                Field("start_date"), Field("end_date"), *_save_buttons()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("end_date", "End date must be the same as or after the start date")
        return data


class CommunitiesSectionForm(SectionForm):
    section = "communities"
    communities = forms.CharField(
        required=False, widget=forms.Textarea,
        help_text="Who will come, and why health and care services seldom hear from them.")

    def get_layout(self) -> list[Any]:
        return [Field.textarea("communities", rows=8), *_save_buttons()]


def _count(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=100000, help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": f"{label} must be a whole number, like 12",
                        "min_value": f"{label} must be 0 or more",
                        "max_value": f"{label} must be 100,000 or fewer"})


class SessionsSectionForm(SectionForm):
    section = "sessions"
    planned_sessions = _count(LABELS["planned_sessions"], "How many events or sessions you plan to run.")
    expected_reach = _count(LABELS["expected_reach"], "Across all the sessions, roughly.")
    expected_conversations = _count(LABELS["expected_conversations"],
                                    "How many people you expect to talk with in depth about their health and care.")

    def get_layout(self) -> list[Any]:
        return [*(Field.text(name, field_width=5) for name in self.fields), *_save_buttons()]


SECTION_FORMS: dict[str, type[SectionForm]] = {
    form.section: form for form in (GroupSectionForm, ActivitySectionForm, CommunitiesSectionForm, SessionsSectionForm)
}


class AmountForm(GDSFormMixin, forms.Form):
    submit_label = None
    amount_requested = MoneyField(label="Amount you are asking for, in pounds (£)", required=False)

    def get_layout(self) -> list[Any]:
        return [Field.text("amount_requested", field_width=10, label_size=Size.MEDIUM)]


class BudgetLineForm(GDSFormMixin, forms.Form):
    submit_label = None
    description = forms.CharField(label="What it is for", max_length=_column(BudgetLine, "description"),
                                  required=False)
    amount = MoneyField(label="Cost in pounds (£)", required=False)

    def __init__(self, *args: Any, number: int = 1, **kwargs: Any) -> None:
        self.number = number
        super().__init__(*args, **kwargs)
        # A fresh field rather than a new label: MoneyField words its errors from the label it is given, and
        # the error summary must say which line is wrong ("Cost of line 3 must be more than £0").
        self.fields["amount"] = MoneyField(label=f"Cost of line {number} in pounds (£)", required=False)
        self.fields["description"].label = f"What line {number} is for"

    def get_layout(self) -> list[Any]:
        return [Fieldset(Field.text("description"), Field.text("amount", field_width=10),
                         legend=f"Budget line {self.number}", legend_size=Size.SMALL)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("description") and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", f"Enter the cost of line {self.number}")
        if data.get("amount") is not None and not data.get("description"):
            self.add_error("description", f"Say what line {self.number} is for")
        return data


BUDGET_FORM_ERROR = ("Your budget could not be read, so nothing was saved. This happens when the page is old "
                     "or was changed: open the budget page again and re-enter the lines.")


class BaseBudgetFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"number": (index or 0) + 1}

    # A forged or missing management form: say what happened instead of an empty error box.
    default_error_messages = {"missing_management_form": BUDGET_FORM_ERROR,
                              "too_many_forms": "You can give up to %(num)d budget lines."}

    def lines(self) -> list[tuple[str, Decimal]]:
        return [(f.cleaned_data["description"], f.cleaned_data["amount"]) for f in self.forms
                if f.cleaned_data.get("description") and f.cleaned_data.get("amount") is not None]


BudgetFormSet = forms.formset_factory(BudgetLineForm, formset=BaseBudgetFormSet, extra=0, max_num=60,
                                      absolute_max=60)


class DocumentForm(GDSFormMixin, forms.Form):
    submit_label = "Upload file"
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

    def get_layout(self) -> list[Any]:
        return [Field.radios("required_document", legend_size=Size.SMALL), Field("file"),
                Submit("upload", self.submit_label or "", css_class="govuk-button--secondary")]


class WithdrawForm(GDSFormMixin, forms.Form):
    submit_label = "Yes, withdraw this application"
    reason = forms.CharField(label="Why are you withdrawing? (optional)", required=False, widget=forms.Textarea,
                             max_length=2000, help_text="This helps the fund's organisers. You do not have to say.")

    def get_layout(self) -> list[Any]:
        return [Field.textarea("reason", rows=4),
                Submit("withdraw", self.submit_label or "", css_class="govuk-button--warning")]
