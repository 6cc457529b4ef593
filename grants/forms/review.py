"""Forms for reviewers and deciders: conflict of interest, scores, award, decline, bulk decisions."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Layout, Submit
from django import forms

from grants.models import Application, Criterion, Review, Round
from grants.services.decisions import award_problem
from grassroots.forms import GDSFormMixin, MoneyField

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]
SCORE_LABELS = {1: "Poor", 2: "Weak", 3: "Adequate", 4: "Good", 5: "Excellent"}


class ConflictForm(GDSFormMixin, forms.Form):
    has_conflict = forms.ChoiceField(
        label="Do you have a conflict of interest with this group or application?",
        help_text="For example, you are a member, trustee or relative of someone in the group, or you have "
                  "worked with them in a way that could affect your judgement.",
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you have a conflict of interest, or no if you do not."})
    conflict_details = forms.CharField(
        label="Describe the conflict", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only host staff see this. The group does not.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            ConditionalRadios("has_conflict", ConditionalQuestion("Yes", Field.textarea("conflict_details", rows=4)),
                              "No"),
            Submit("submit", "Continue"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_conflict") == "yes" and not (data.get("conflict_details") or "").strip():
            self.add_error("conflict_details", "Describe your conflict of interest so host staff can find another "
                                               "reviewer.")
        return data


class ScoreForm(GDSFormMixin, forms.Form):
    """One 1-5 score and a comment per criterion, a recommendation and an overall comment.

    Saving a draft accepts blanks; submitting needs every score and the recommendation.
    """

    recommendation = forms.ChoiceField(label="Your recommendation", required=False, widget=forms.RadioSelect,
                                       choices=Review.Recommendation.choices)
    comment = forms.CharField(label="Overall comment", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="What the panel should weigh up. The group does not see this.")

    def __init__(self, *args: Any, criteria: list[Criterion], submitting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.submitting = submitting
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=f"Score for {c.name}", choices=SCORE_CHOICES, coerce=int, required=False, empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"Score “{c.name}” from 1 to 5."})
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=f"Comment on {c.name} (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
        self.order_fields([n for n in self.fields if n not in ("recommendation", "comment")])  # errors in page order

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [{"criterion": c, "score": self[f"score_{c.pk}"], "comment": self[f"comment_{c.pk}"]}
                for c in self.criteria]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.submitting:
            for c in self.criteria:
                name = f"score_{c.pk}"
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, f"Score “{c.name}” from 1 to 5.")
            if not data.get("recommendation"):
                self.add_error("recommendation", "Choose your recommendation.")
        for c in self.criteria:
            if data.get(f"score_{c.pk}") is None and (data.get(f"comment_{c.pk}") or "").strip() \
                    and f"score_{c.pk}" not in self.errors:
                self.add_error(f"score_{c.pk}", f"Choose a score for “{c.name}” to save your comment on it.")
        return data

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"comment_{c.pk}") or "")
                for c in self.criteria}


def score_initial(review: Review) -> dict[str, Any]:
    initial: dict[str, Any] = {"recommendation": review.recommendation, "comment": review.comment}
    for s in review.scores.all():
        initial[f"score_{s.criterion_id}"] = s.score
        initial[f"comment_{s.criterion_id}"] = s.comment
    return initial


class AwardForm(GDSFormMixin, forms.Form):
    amount = MoneyField(label="Amount to award, in pounds",
                        error_messages={"required": "Enter the amount to award.",
                                        "invalid": "Enter the amount as a number, like 1500 or 1500.50."})
    note = forms.CharField(label="Note for the record (optional)", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="For example, a condition the panel discussed. The group sees this.")

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "award")
        super().__init__(*args, **kwargs)
        self.application = application
        self.helper.layout = Layout(Field.text("amount", field_width=10), Field.textarea("note", rows=3),
                                    Submit("action", "Award the grant"))

    def clean_amount(self) -> Decimal:
        amount: Decimal = self.cleaned_data["amount"]
        problem = award_problem(amount, self.application, self.application.round)
        if problem:
            raise forms.ValidationError(problem)
        return amount


class DeclineForm(GDSFormMixin, forms.Form):
    reason = forms.CharField(label="Reason for the group", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="Be kind and specific: it helps them next time.",
                             error_messages={"required": "Give the group a reason: it helps them next time."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "decline")
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason", rows=4),
                                    Submit("action", "Decline the application", css_class="govuk-button--warning"))

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the group a reason: it helps them next time.")
        return reason


class BulkDecisionForm(GDSFormMixin, forms.Form):
    """The ranking table as one form: a checkbox and an amount per row, one reason for declines."""

    AWARD, DECLINE = "award", "decline"
    action = forms.ChoiceField(choices=[(AWARD, "Award the selected"), (DECLINE, "Decline the selected")],
                               error_messages={"required": "Choose to award or decline the selected applications."})
    selected = forms.TypedMultipleChoiceField(
        label="Select applications", coerce=int, required=False,
        error_messages={"invalid_choice": "An application you selected has already been decided. Check the list."})
    reason = forms.CharField(label="Reason for the groups (needed to decline)", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, applications: Sequence[Application], rnd: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applications = applications
        self.round = rnd
        cast(forms.ChoiceField, self.fields["selected"]).choices = [(a.pk, a.reference) for a in applications]
        for a in applications:
            self.fields[f"amount_{a.pk}"] = MoneyField(
                label=f"Amount to award to {a.reference}", required=False, initial=a.amount_requested,
                error_messages={"invalid": f"Enter the amount for {a.reference} as a number, like 1500."})
        self.order_fields(["selected"])  # so a message about the whole list points at its first checkbox

    def rows(self) -> list[dict[str, Any]]:
        chosen = {str(v) for v in (self["selected"].value() or [])}
        return [{"application": a, "amount": self[f"amount_{a.pk}"], "checked": str(a.pk) in chosen}
                for a in self.applications]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        selected = data.get("selected") or []
        for a in self.applications:
            if a.pk not in selected:
                self.errors.pop(f"amount_{a.pk}", None)  # only the amounts being awarded matter
        if "selected" not in self.errors and not selected:
            self.add_error("selected", "Select at least one application.")
        if data.get("action") == self.DECLINE and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give the groups a reason: it helps them next time.")
        if data.get("action") == self.AWARD:
            by_pk = {a.pk: a for a in self.applications}
            for pk in selected:
                name = f"amount_{pk}"
                if name in self.errors:
                    continue
                amount = data.get(name)
                if amount is None:
                    self.add_error(name, f"Enter the amount to award to {by_pk[pk].reference}.")
                elif problem := award_problem(amount, by_pk[pk], self.round):
                    self.add_error(name, problem)
        return data

    def chosen(self) -> list[Application]:
        """The selected applications in ranking order."""
        picked = set(self.cleaned_data.get("selected") or [])
        return [a for a in self.applications if a.pk in picked]

    def amounts(self) -> dict[int, Decimal]:
        return {a.pk: self.cleaned_data[f"amount_{a.pk}"] for a in self.chosen()}
