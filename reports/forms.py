"""Asking for a report: which kind, then what about and which period."""
from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from engagement.choices import Service
from grassroots.forms import DateField, GDSFormMixin
from reports.models import Report
from reports.periods import previous_quarter, quarter_of

HINTS: dict[str, str] = {
    Report.Kind.YOU_SAID_WE_DID: "An area or a programme: we asked, you said, we did.",
    Report.Kind.QUARTERLY: "Your organisation's quarter against the quarter before, a section per service.",
    Report.Kind.FUNDER: "A programme for its funder: money, groups, reach, conditions, outcomes and stories.",
    Report.Kind.SPOTLIGHT: "One service, or one theme, across your areas.",
    Report.Kind.COMMUNITY: "One group's sessions, for the group and the people who came.",
}


class KindForm(GDSFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Which report?", widget=forms.RadioSelect, choices=(),
                             error_messages={"required": "Select which report you want"})

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k, Report.Kind(k).label) for k in kinds]
        self.set_layout(Field.radios("kind", legend_size=Size.LARGE, legend_tag="h1"), Submit("next", "Continue"))


def default_period(kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if kind == Report.Kind.QUARTERLY:
        return previous_quarter(quarter_of(today)[0])
    start = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return start, today


class ReportForm(GDSFormMixin, forms.Form):
    scope = forms.ChoiceField(label="What is it about?", choices=(),
                              error_messages={"required": "Choose what the report is about"})
    topic = forms.ChoiceField(label="Service or theme", choices=(), required=False,
                              help_text="The service, or one of your themes, to look at across your areas",
                              error_messages={"required": "Choose a service or a theme to spotlight",
                                              "invalid_choice": "Choose a service or one of your themes"})
    starts_on = DateField(label="From", help_text="For example, 1 4 2026")
    ends_on = DateField(label="To", help_text="For example, 31 3 2027")

    def __init__(self, *args: Any, kind: str, scopes: list[tuple[str, int, str]],
                 themes: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ChoiceField)
        topic.choices = [("", "Choose a service or a theme"), ("Services", list(Service.choices)),
                         *([("Themes", themes)] if themes else [])]
        field = self.fields["scope"]
        assert isinstance(field, forms.ChoiceField)
        plural = len({t for t, _, _ in scopes}) > 1
        field.choices = [(f"{t}:{pk}", f"{name} ({t})" if plural else name) for t, pk, name in scopes]
        layout: list[Any] = [Field.select("scope")]
        if kind == Report.Kind.SPOTLIGHT:
            topic.required = True
            layout.append(Field.select("topic"))
        else:
            del self.fields["topic"]
        if kind == Report.Kind.QUARTERLY:
            del self.fields["ends_on"]
            self.fields["starts_on"].label = "Quarter"
            self.fields["starts_on"].help_text = "Any day in the quarter, for example 1 10 2026 for October to December"
            layout += [Field("starts_on"), Submit("ask", "Ask for the report")]
        else:
            layout += [Field("starts_on"), Field("ends_on"), Submit("ask", "Ask for the report")]
        self.set_layout(*layout)

    def scope_parts(self) -> tuple[str, int]:
        scope_type, _, pk = self.cleaned_data["scope"].partition(":")
        return scope_type, int(pk)
