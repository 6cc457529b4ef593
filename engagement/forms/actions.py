"""Forms for "we did": recording an action, moving it on, and its progress."""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.db.models import QuerySet

from engagement.models import Action
from engagement.services.actions import ActionDetails
from grants.models import Programme
from grants.uploads import ALLOWED_LABEL
from grassroots.accounts.models import Organisation
from grassroots.forms import DateField, GDSFormMixin


def _max(name: str) -> int | None:
    return Action._meta.get_field(name).max_length  # type: ignore[union-attr]


class ActionForm(GDSFormMixin, forms.Form):
    kind = forms.ChoiceField(label="What is it?", choices=Action.Kind.choices, widget=forms.RadioSelect,
                             initial=Action.Kind.ACTION)
    title = forms.CharField(label="Title", max_length=_max("title"),
                            help_text="For example, “Two more GP phone lines in the morning”.")
    description = forms.CharField(label="What will be done, and why", widget=forms.Textarea, max_length=5000)
    owner = forms.ModelChoiceField(label="Who does it", queryset=Organisation.objects.none(),
                                   empty_label="Choose an organisation")
    programme = forms.ModelChoiceField(label="Programme", queryset=Programme.objects.none(), required=False,
                                       empty_label="Not part of a programme",
                                       help_text="Priorities and solutions are ranked within their programme.")
    starts_on = DateField(label="Start date", required=False, help_text="For example, 1 12 2026")
    due_on = DateField(label="Due date", required=False, help_text="For example, 31 3 2027")
    what_changed = forms.CharField(label="What changed for people", widget=forms.Textarea, required=False,
                                   max_length=5000, help_text="Plain words the groups and the public will read.")
    evidence = forms.CharField(label="Evidence", widget=forms.Textarea, required=False, max_length=5000,
                               help_text="How you know: figures, a letter or a report.")
    evidence_file = forms.FileField(label="Evidence document (optional)", required=False,
                                    help_text=f"A {ALLOWED_LABEL}.")
    published = forms.BooleanField(label="Show on the public “You said, we did” page", required=False)
    items = forms.MultipleChoiceField(label="Feedback it answers", required=False, choices=(),
                                      widget=forms.CheckboxSelectMultiple)
    sessions = forms.MultipleChoiceField(label="Sessions it came from", required=False, choices=(),
                                         widget=forms.CheckboxSelectMultiple,
                                         help_text="The sessions of the feedback you tick are added for you.")

    def __init__(self, *args: Any, owners: QuerySet[Organisation], programmes: QuerySet[Programme],
                 items: list[tuple[int, str]], sessions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("owner", owners), ("programme", programmes)):
            model_field = self.fields[name]
            assert isinstance(model_field, forms.ModelChoiceField)
            model_field.queryset = queryset
        for name, choices in (("items", items), ("sessions", sessions)):
            choice_field = self.fields[name]
            assert isinstance(choice_field, forms.MultipleChoiceField)
            choice_field.choices = [(str(pk), label) for pk, label in choices]
        layout: list[Any] = [Field.radios("kind", legend_size=Size.SMALL, inline=True), Field.text("title"),
                             Field.textarea("description", rows=4), Field.select("owner"),
                             Field.select("programme"), Field("starts_on"), Field("due_on"),
                             Field.textarea("what_changed", rows=3), Field.textarea("evidence", rows=3),
                             Field("evidence_file"), Field.checkbox("published")]
        if items:
            layout.append(Field.checkboxes("items", legend_size=Size.SMALL, small=True))
        if sessions:
            layout.append(Field.checkboxes("sessions", legend_size=Size.SMALL, small=True))
        layout.append(Submit("save", "Save action"))
        self.set_layout(*layout)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("starts_on"), data.get("due_on")
        if start and due and due < start:
            self.add_error("due_on", "The due date must be on or after the start date")
        if data.get("kind") != Action.Kind.ACTION and not data.get("programme") and "kind" not in self.errors:
            self.add_error("programme", "Choose the programme this priority or solution belongs to")
        return data

    def details(self) -> ActionDetails:
        d = self.cleaned_data
        return ActionDetails(owner=d["owner"], title=d["title"], description=d["description"], kind=d["kind"],
                             programme=d["programme"], starts_on=d["starts_on"], due_on=d["due_on"],
                             what_changed=d["what_changed"], evidence=d["evidence"], published=d["published"],
                             item_ids=[int(i) for i in d["items"]], session_ids=[int(s) for s in d["sessions"]])


class MoveForm(GDSFormMixin, forms.Form):
    status = forms.ChoiceField(label="New status", choices=Action.Status.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="Why it was not possible", widget=forms.Textarea, required=False,
                             max_length=5000, help_text="Only if it was not possible. The groups will read this.")
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v, label) for v, label in Action.Status.choices if v in Action.TRANSITIONS[action.status]]
        reason: list[Any] = [Field.textarea("reason", rows=3)]
        if Action.Status.NOT_POSSIBLE not in Action.TRANSITIONS[action.status]:
            del self.fields["reason"]  # a done action can only be reopened: no "why not possible" to ask
            reason = []
        self.set_layout(Field.radios("status", legend_size=Size.SMALL), *reason,
                        Field.textarea("note", rows=2), Submit("move", "Change status"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Action.Status.NOT_POSSIBLE and not data.get("reason"):
            self.add_error("reason", "Say why it was not possible: the groups will read this")
        return data


class ProgressForm(GDSFormMixin, forms.Form):
    note = forms.CharField(label="Progress", widget=forms.Textarea, max_length=5000,
                           error_messages={"required": "Enter the progress made"})

    def get_layout(self) -> list[Any]:
        return [Field.textarea("note", rows=3), Submit("progress", "Add progress",
                                                       css_class="govuk-button--secondary")]
