"""Forms for an awarded grant: accepting the agreement, payments, evidence, the report and exports."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.db.models import QuerySet

from grants.models import ConditionEvidence, Grant, GrantCondition, Payment, Round
from grassroots.forms import DateField, GDSFormMixin, MoneyField


class AcceptForm(GDSFormMixin, forms.Form):
    confirm = forms.BooleanField(
        required=True, error_messages={"required": "Tick the box to accept the agreement on behalf of your group"})
    signature = forms.CharField(
        label="Your full name", max_length=150, help_text="Typing your name here is your signature.",
        error_messages={"required": "Type your full name to sign the agreement"})

    def __init__(self, *args: Any, organisation: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = f"I accept the grant agreement and its conditions on behalf of {organisation}"
        self.set_layout(
            Field.checkbox("confirm"),
            Field.text("signature", field_width=20),
            Submit("submit", "Accept the grant", css_id="accept-submit"),
        )


class InstalmentForm(GDSFormMixin, forms.Form):
    due_on = DateField(label="Due date")
    amount = MoneyField(label="Amount (£)", error_messages={"required": "Enter the amount of the instalment"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field("due_on"), Field.text("amount", field_width=10))

    def has_changed(self) -> bool:
        # A blank spare row is ignored, not an error.
        return any(self.data.get(self.add_prefix(name)) for name in ("due_on_0", "due_on_1", "due_on_2", "amount"))


InstalmentFormSet = forms.formset_factory(InstalmentForm, extra=1, max_num=12)


def schedule_formset(data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> forms.BaseFormSet:
    # Every row may be left blank (to remove an instalment), not only the spare one.
    return InstalmentFormSet(data, prefix="schedule", initial=initial, form_kwargs={"empty_permitted": True})


def instalments(formset: forms.BaseFormSet) -> list[tuple[date, Decimal]]:
    """The (due date, amount) rows of a valid schedule formset, leaving out blank rows."""
    return [(f.cleaned_data["due_on"], f.cleaned_data["amount"])
            for f in formset.forms if f.has_changed() and f.cleaned_data]


class MarkPaidForm(GDSFormMixin, forms.Form):
    paid_on = DateField(label="Date paid")
    reference = forms.CharField(label="Payment reference (optional)", required=False,
                                max_length=Payment._meta.get_field("payment_reference").max_length,
                                help_text="For example, the BACS reference.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field("paid_on"), Field.text("reference", field_width=20))


class EvidenceForm(GDSFormMixin, forms.Form):
    condition = forms.ModelChoiceField(queryset=GrantCondition.objects.none(), label="Condition",
                                       empty_label=None, error_messages={"required": "Select the condition"})
    occurred_on = DateField(label="Date", help_text="When it happened, for example 12 3 2026")
    description = forms.CharField(label="What happened",
                                  max_length=ConditionEvidence._meta.get_field("description").max_length,
                                  help_text="For example, “Attended Thinking Partners, 12 March 2026”.",
                                  error_messages={"required": "Describe the evidence"})

    def __init__(self, *args: Any, conditions: QuerySet[GrantCondition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["condition"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = conditions
        self.set_layout(
            Field.select("condition"), Field("occurred_on"), Field.text("description"),
            Submit("submit", "Record evidence", css_id="evidence-submit"),
        )


class ReportForm(GDSFormMixin, forms.Form):
    """Everything is optional here so a draft can be saved; submission checks completeness."""

    what_happened = forms.CharField(
        label="What happened", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The sessions you ran, who came, and what went well or did not.")
    # A ceiling because the columns are Postgres integers: 99999999999 was a DataError and a 500.
    sessions_held = forms.IntegerField(label="Sessions held", required=False, min_value=0, max_value=100_000)
    people_reached = forms.IntegerField(label="People reached", required=False, min_value=0, max_value=100_000,
                                        help_text="How many people came to your sessions in total.")
    conversations = forms.IntegerField(label="In-depth conversations", required=False, min_value=0, max_value=100_000,
                                       help_text="Conversations where someone told you about their health or care.")
    amount_spent = MoneyField(label="Amount spent (£)", required=False, min_value=Decimal("0"))
    spend_notes = forms.CharField(
        label="How your spending compared with your budget", required=False,
        widget=forms.Textarea(attrs={"rows": 4}), help_text="Say where you spent more or less than planned, and why.")
    story = forms.CharField(
        label="A story from your project (optional)", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One person's experience, shared with their consent. Leave out names and anything that "
                  "could identify them.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field.textarea("what_happened"),
            Field.text("sessions_held", field_width=4), Field.text("people_reached", field_width=5),
            Field.text("conversations", field_width=5), Field.text("amount_spent", field_width=10),
            Field.textarea("spend_notes"), Field.textarea("story"),
        )
        for name in ("sessions_held", "people_reached", "conversations"):
            field = self.fields[name]
            field.widget = forms.TextInput(attrs={"inputmode": "numeric"})
            field.error_messages["invalid"] = f"Enter {str(field.label).lower()} as a whole number, like 6"


class ReportReviewForm(GDSFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="What do you want to do?", widget=forms.RadioSelect,
        choices=[("accept", "Accept the report and close the grant"),
                 ("return", "Return it to the group with questions")],
        error_messages={"required": "Choose whether to accept or return the report"})
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="If you return the report, this message is e-mailed to the group: say what to change or add.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field.radios("decision", legend_size=Size.SMALL), Field.textarea("note"),
                                    Submit("submit", "Save decision", css_id="review-submit"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", "Tell the group what to change or add")
        return data


class StaffGrantFilterForm(GDSFormMixin, forms.Form):
    round = forms.ModelChoiceField(queryset=Round.objects.none(), required=False, empty_label="All rounds")
    status = forms.ChoiceField(choices=[("", "All statuses"), *Grant.Status.choices], required=False)

    def __init__(self, *args: Any, rounds: QuerySet[Round], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["round"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = rounds
        self.helper.form_method = "get"
        self.set_layout(
            Field.select("round"), Field.select("status"),
            Submit("filter", "Filter", css_id="filter-submit", css_class="govuk-button--secondary"),
        )


class ExportForm(GDSFormMixin, forms.Form):
    round = forms.ModelChoiceField(queryset=Round.objects.none(), required=False)
    format = forms.ChoiceField(choices=[("json", "JSON"), ("csv", "CSV")], required=False)

    def __init__(self, *args: Any, rounds: QuerySet[Round], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["round"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = rounds
