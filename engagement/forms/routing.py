"""Forms for sending feedback on, answering it, and following up a safeguarding concern."""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from engagement.choices import Service
from engagement.models import Routing, RoutingRecipient, SafeguardingCase
from engagement.services.routing import MAX_REPLY_DAYS
from grassroots.accounts.models import Area, Organisation
from grassroots.forms import DateField, GDSFormMixin


def _max(model: type, name: str) -> int | None:
    return model._meta.get_field(name).max_length  # type: ignore[attr-defined]


class CandidateFilterForm(GDSFormMixin, forms.Form):
    """Narrow the feedback offered for sending (a GET form: the address can be shared)."""

    submit_label = "Show feedback"
    q = forms.CharField(label="Words", required=False, max_length=200)
    service = forms.ChoiceField(label="Service", required=False, choices=[("", "Any service"), *Service.choices])
    area = forms.ModelChoiceField(label="Area", required=False, queryset=Area.objects.order_by("name"),
                                  empty_label="Any area")

    def get_layout(self) -> list[Any]:
        return [Field.text("q"), Field.select("service"), Field.select("area"),
                Submit("filter", "Show feedback", css_class="govuk-button--secondary")]


class RoutingForm(GDSFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=_max(Routing, "title"),
                            help_text="For example, “Getting a GP appointment, Lambeth, autumn 2026”.")
    message = forms.CharField(label="What you are asking them to do", widget=forms.Textarea, max_length=5000)
    recipients = forms.ModelMultipleChoiceField(
        label="Send it to", queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Each organisation gets the feedback once, and answers it in its own inbox.",
        error_messages={"required": "Choose at least one organisation to send it to"})
    reply_days = forms.IntegerField(label="Working days to reply", min_value=1, max_value=MAX_REPLY_DAYS, initial=20,
                                    help_text="20 working days is usual. Bank holidays are not counted.")
    items = forms.MultipleChoiceField(label="Feedback to send", choices=(), widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": "Choose at least one piece of feedback to send"})

    def __init__(self, *args: Any, recipients: list[Organisation], items: list[tuple[int, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in recipients]).order_by("name")
        choice = self.fields["items"]
        assert isinstance(choice, forms.MultipleChoiceField)
        choice.choices = [(str(pk), label) for pk, label in items]
        self.set_layout(Field.checkboxes("items", legend_size=Size.MEDIUM, small=True),
                        Field.text("title"), Field.textarea("message", rows=5),
                        Field.checkboxes("recipients", legend_size=Size.MEDIUM, small=True),
                        Field.text("reply_days", field_width=2), Submit("send", "Send feedback"))


class AnswerForm(GDSFormMixin, forms.Form):
    submit_label = "Send answer"
    answer = forms.CharField(label="Your answer", widget=forms.Textarea,
                             max_length=_max(RoutingRecipient, "answer") or 10_000,
                             help_text="What you will do about it, or why you cannot. Host staff read it and may "
                                       "publish what was done.")

    def get_layout(self) -> list[Any]:
        # The label is the section's heading (h2), so the page does not say "Your answer" twice.
        return [Field.textarea("answer", rows=8, label_size=Size.MEDIUM, label_tag="h2"),
                Submit("submit", "Send answer")]


class FollowUpForm(GDSFormMixin, forms.Form):
    """One form for each thing staff record about a concern; ``action`` says which."""

    ACTIONS = [("escalate", "Passed it on (escalated)"), ("note", "Add a note"), ("close", "Close the concern"),
               ("reopen", "Reopen the concern")]
    action = forms.ChoiceField(label="What did you do?", choices=ACTIONS, widget=forms.RadioSelect,
                               error_messages={"required": "Select what you did"})
    escalated_to = forms.CharField(label="Passed to", required=False,
                                   max_length=_max(SafeguardingCase, "escalated_to"),
                                   help_text="For example, “Lambeth adult social care (MASH)”.")
    escalated_on = DateField(label="When", required=False, help_text="For example, 24 11 2026")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea, max_length=5000)

    def __init__(self, *args: Any, closed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [a for a in self.ACTIONS if (a[0] == "reopen") == closed or a[0] == "note"]
        self.set_layout(Field.radios("action", legend_size=Size.MEDIUM), Field.text("escalated_to"),
                        Field("escalated_on"), Field.textarea("note", rows=4), Submit("submit", "Save"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "escalate":
            if not data.get("escalated_to"):
                self.add_error("escalated_to", "Enter who you passed the concern to")
            if not data.get("escalated_on") and "escalated_on" not in self.errors:
                self.add_error("escalated_on", "Enter the date you passed it on")
        elif data.get("action") in ("note", "close", "reopen") and not data.get("note"):
            self.add_error("note", {"note": "Enter a note", "close": "Say why the concern can be closed",
                                    "reopen": "Say why the concern is reopened"}[data["action"]])
        return data
