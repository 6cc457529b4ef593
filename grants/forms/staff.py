"""Host staff's forms: programmes, rounds and their set-up, checks, returns and reviewer assignment."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils import timezone

from grants.access import host_organisations
from grants.models import (
    ApplicationCheck,
    ConditionTemplate,
    Criterion,
    EligibilityQuestion,
    Programme,
    ProgrammeShare,
    RequiredDocument,
    Round,
)
from grassroots.accounts.models import Area, Organisation, User
from grassroots.forms import GDSFormMixin, MoneyField

Kind = Organisation.Kind
YES_NO = ((True, "Yes"), (False, "No"))


def _yes_no(value: Any) -> bool | None:
    return {"True": True, "False": False, True: True, False: False}.get(value)


class ProgrammeForm(GDSFormMixin, forms.ModelForm):
    """A programme's funder, lead, budget and years. A new programme starts with one share, for its lead."""

    submit_label = "Save programme"
    budget = MoneyField(label="Budget (£)", min_value=Decimal("0"),
                        help_text="The whole programme's money, across all its years and host organisations.")
    starts_on = DateInputField(label="Starts", help_text="For example, 1 4 2026")
    ends_on = DateInputField(label="Ends", help_text="For example, 31 3 2031")

    class Meta:
        model = Programme
        fields = ("name", "description", "funder", "lead", "budget", "starts_on", "ends_on", "commissioners",
                  "delivery_partners", "areas")
        labels = {"name": "Programme name", "lead": "Lead organisation",
                  "commissioners": "Commissioning organisations"}
        help_texts = {"commissioners": "Their commissioners review and decide applications.",
                      "lead": "Its staff see every host's share and the programme's totals.",
                      "areas": "The boroughs or counties the programme serves."}
        widgets = {"commissioners": forms.CheckboxSelectMultiple, "areas": forms.CheckboxSelectMultiple,
                   "delivery_partners": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any organisation its staff run may lead a programme (a Healthwatch, a council, an ICB, a VCS body);
        # when editing, the current lead stays on the list.
        leads = host_organisations(user)
        if self.instance.pk:
            leads = leads | Organisation.objects.filter(pk=self.instance.lead_id)
        self.fields["lead"].queryset = leads.distinct()  # type: ignore[attr-defined]
        self.fields["funder"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind__in=(Kind.FUNDER, Kind.COUNCIL))
        self.fields["commissioners"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind__in=(Kind.COUNCIL, Kind.FUNDER))
        self.fields["delivery_partners"].queryset = Organisation.objects.exclude(  # type: ignore[attr-defined]
            kind=Kind.COMMUNITY_GROUP)
        self.fields["areas"].queryset = Area.objects.all()  # type: ignore[attr-defined]
        self.fields["lead"].empty_label = None  # type: ignore[attr-defined]
        self.fields["funder"].empty_label = "Choose the funder"  # type: ignore[attr-defined]
        self.helper.layout = Layout(
            Field.text("name"), Field.textarea("description"), Field.select("funder"), Field.select("lead"),
            Field.text("budget", field_width=10), Field("starts_on"), Field("ends_on"),
            Field.checkboxes("commissioners", legend_size=Size.SMALL, small=True),
            Field.checkboxes("delivery_partners", legend_size=Size.SMALL, small=True),
            Field.checkboxes("areas", legend_size=Size.SMALL, small=True),
            Submit("submit", self.submit_label),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date.")
        return data


def _date_time_field(label: str) -> tuple[DateInputField, forms.TimeField]:
    day = DateInputField(label=f"{label} date", help_text="For example, 27 3 2026")
    at = forms.TimeField(label=f"{label} time", input_formats=["%H:%M", "%H.%M", "%H%M"],
                         help_text="24-hour clock, for example 09:00 or 17:30",
                         widget=forms.TimeInput(format="%H:%M"))
    return day, at


class RoundForm(GDSFormMixin, forms.ModelForm):
    """A round opens and closes on its dates by itself; the form checks the sums the database also enforces."""

    submit_label = "Save round"
    budget = MoneyField(label="Budget (£)")
    min_award = MoneyField(label="Smallest award (£)", min_value=Decimal("0"))
    max_award = MoneyField(label="Largest award (£)")
    opens_on, opens_time = _date_time_field("Opens")
    closes_on, closes_time = _date_time_field("Closes")

    class Meta:
        model = Round
        fields = ("name", "description", "budget", "min_award", "max_award", "applications_per_group", "published",
                  "report_due_days")
        labels = {"name": "Round name", "published": "Published (groups can see it)",
                  "applications_per_group": "Applications each group may have open at once",
                  "report_due_days": "End-of-grant report due (days after the agreement is accepted)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"applications_per_group": "Usually 1. Only applications still being written or considered "
                                                "count: once one is decided or withdrawn the group may apply again."}

    def __init__(self, *args: Any, shares: list[ProgrammeShare] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A lead running several shares of a shared programme says whose share a new round spends.
        choose_share = shares is not None and len(shares) > 1
        if choose_share:
            self.fields["share"] = forms.ModelChoiceField(
                queryset=ProgrammeShare.objects.filter(pk__in=[s.pk for s in shares or []]).select_related("host"),
                label="Whose share it spends", empty_label="Choose a host's share",
                error_messages={"required": "Choose whose share this round spends"})
            self.fields["share"].label_from_instance = lambda s: f"{s.host.name} (£{s.amount:,.0f})"  # type: ignore[attr-defined]
        self.fields["applications_per_group"].required = False
        if self.instance.pk:
            for prefix in ("opens", "closes"):
                local = timezone.localtime(getattr(self.instance, f"{prefix}_at"))
                self.initial[f"{prefix}_on"] = local.date()
                self.initial[f"{prefix}_time"] = local.time().replace(second=0, microsecond=0)
        else:
            self.initial.setdefault("opens_time", time(9, 0))
            self.initial.setdefault("closes_time", time(17, 0))
        self.helper.layout = Layout(
            Field.text("name"), Field.textarea("description"), *([Field.select("share")] if choose_share else []),
            Fieldset(Field.text("budget", field_width=10), Field.text("min_award", field_width=10),
                     Field.text("max_award", field_width=10), legend="Money", legend_size=Size.MEDIUM),
            Fieldset(Field("opens_on"), Field.text("opens_time", field_width=5), Field("closes_on"),
                     Field.text("closes_time", field_width=5), legend="Dates", legend_size=Size.MEDIUM),
            Field.text("applications_per_group", field_width=2),
            Field.checkbox("published"), Field.text("report_due_days", field_width=4),
            Submit("submit", self.submit_label),
        )

    def clean_applications_per_group(self) -> int:
        # Left empty (or posted by an older page without the field), a round keeps what it has: 1 when new.
        value = self.cleaned_data.get("applications_per_group")
        return value if value is not None else self.instance.applications_per_group

    @staticmethod
    def _combine(day: date | None, at: time | None) -> datetime | None:
        if day is None or at is None:
            return None
        return timezone.make_aware(datetime.combine(day, at))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        budget, low, high = data.get("budget"), data.get("min_award"), data.get("max_award")
        if low is not None and high is not None and low > high:
            self.add_error("min_award", "The smallest award must be no more than the largest award.")
        if high is not None and budget is not None and high > budget:
            self.add_error("max_award", "The largest award must be no more than the round's budget.")
        opens = self._combine(data.get("opens_on"), data.get("opens_time"))
        closes = self._combine(data.get("closes_on"), data.get("closes_time"))
        if opens and closes and opens >= closes:
            self.add_error("closes_on", "The round must close after it opens.")
        data["opens_at"], data["closes_at"] = opens, closes
        return data


class EligibilityQuestionForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add question"
    passing_answer = forms.TypedChoiceField(
        label="Which answer passes?", choices=YES_NO, coerce=_yes_no, widget=forms.RadioSelect)

    class Meta:
        model = EligibilityQuestion
        fields = ("text", "help_text", "passing_answer", "failure_message")
        labels = {"text": "Question (answered yes or no)", "help_text": "Hint (optional)",
                  "failure_message": "Message when the other answer is given"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("passing_answer", True)
        self.helper.layout = Layout(
            Field.text("text"), Field.text("help_text"),
            Field.radios("passing_answer", inline=True, legend_size=Size.SMALL), Field.text("failure_message"),
            Submit("submit", self.submit_label, css_class="govuk-button--secondary"),
        )


class CriterionForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add criterion"

    class Meta:
        model = Criterion
        fields = ("name", "guidance", "weight")
        labels = {"name": "Criterion", "weight": "Weight"}
        help_texts = {"weight": "A whole number from 1 to 100; shares of the total are worked out for you."}
        widgets = {"guidance": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("name"), Field.textarea("guidance"), Field.text("weight", field_width=3),
            Submit("submit", self.submit_label, css_class="govuk-button--secondary"),
        )


class ConditionForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add condition"

    class Meta:
        model = ConditionTemplate
        fields = ("title", "description", "evidence_kind", "required_count")
        labels = {"title": "Condition", "evidence_kind": "What counts as evidence",
                  "required_count": "Pieces of evidence needed"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("title"), Field.textarea("description"), Field.select("evidence_kind"),
            Field.text("required_count", field_width=3),
            Submit("submit", self.submit_label, css_class="govuk-button--secondary"),
        )


class RequiredDocumentForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add document"
    mandatory = forms.TypedChoiceField(label="Must every group upload it?", choices=YES_NO, coerce=_yes_no,
                                       widget=forms.RadioSelect)

    class Meta:
        model = RequiredDocument
        fields = ("name", "description", "mandatory")
        labels = {"name": "Document", "description": "Description (optional)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("mandatory", True)
        self.helper.layout = Layout(
            Field.text("name"), Field.text("description"),
            Field.radios("mandatory", inline=True, legend_size=Size.SMALL),
            Submit("submit", self.submit_label, css_class="govuk-button--secondary"),
        )


class CheckForm(GDSFormMixin, forms.Form):
    submit_label = "Record check"
    kind = forms.ChoiceField(label="Which check", choices=ApplicationCheck.Kind.choices, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(label="Outcome", choices=ApplicationCheck.Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="What you checked and anything the panel should know.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.radios("outcome", legend_size=Size.SMALL, small=True),
            Field.textarea("note"), Submit("submit", self.submit_label, css_class="govuk-button--secondary"),
        )


class ReturnForm(GDSFormMixin, forms.Form):
    submit_label = "Return for changes"
    message = forms.CharField(
        label="What should the group change?", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The group receives this by email. Write it plainly: say what to change and why.",
        error_messages={"required": "Tell the group what to change."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("message"),
                                    Submit("submit", self.submit_label, css_class="govuk-button--warning"))


class AssignReviewerForm(GDSFormMixin, forms.Form):
    submit_label = "Assign reviewer"
    reviewer = forms.TypedChoiceField(label="Reviewer", coerce=int,
                                      error_messages={"required": "Choose a reviewer."})

    def __init__(self, *args: Any, reviewers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reviewers = {u.pk: u for u in reviewers}
        self.fields["reviewer"].choices = [("", "Choose a commissioner")] + [  # type: ignore[attr-defined]
            (u.pk, f"{u.full_name} ({u.email})") for u in reviewers]
        self.helper.layout = Layout(Field.select("reviewer"),
                                    Submit("submit", self.submit_label, css_class="govuk-button--secondary"))

    def clean_reviewer(self) -> User:
        return self.reviewers[self.cleaned_data["reviewer"]]
