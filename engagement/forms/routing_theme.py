"""The form for sending a theme on: which theme, the period, an area, who receives it, and what it says."""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms
from django.db.models import QuerySet

from engagement.models import Routing, Theme
from engagement.services.routing import MAX_REPLY_DAYS
from grassroots.accounts.models import Area, Organisation
from grassroots.forms import DateField, GDSFormMixin


class ThemeRoutingForm(GDSFormMixin, forms.Form):
    theme = forms.ModelChoiceField(label="Theme", queryset=Theme.objects.none(), empty_label="Choose a theme",
                                   help_text="Everything tagged under any of its sub-themes is included.",
                                   error_messages={"required": "Choose a theme"})
    period_start = DateField(label="Start of the period", help_text="For example, 1 7 2026")
    period_end = DateField(label="End of the period", help_text="For example, 30 9 2026")
    area = forms.ModelChoiceField(label="Area (optional)", queryset=Area.objects.none(), required=False,
                                  empty_label="Every area")
    recipients = forms.ModelMultipleChoiceField(
        label="Send it to", queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Each organisation gets each item once: what it already has is left out of its copy.",
        error_messages={"required": "Choose at least one organisation to send it to"})
    title = forms.CharField(label="Title (optional)", required=False,
                            max_length=Routing._meta.get_field("title").max_length,
                            help_text="Leave it blank to use the theme and period, for example “Getting a GP "
                                      "appointment, July to September 2026”.")
    message = forms.CharField(label="What you are asking them to do (optional)", widget=forms.Textarea,
                              required=False, max_length=5000,
                              help_text="Leave it blank for a standard request to read the feedback and reply.")
    reply_days = forms.IntegerField(label="Working days to reply", min_value=1, max_value=MAX_REPLY_DAYS, initial=20,
                                    help_text="20 working days is usual. Bank holidays are not counted.")

    def __init__(self, *args: Any, themes: QuerySet[Theme], areas: QuerySet[Area], recipients: list[Organisation],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("theme", themes), ("area", areas),
                               ("recipients", Organisation.objects.filter(pk__in=[o.pk for o in recipients])
                                .order_by("name"))):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        self.set_layout(Field.select("theme"),
                        Fieldset(Field("period_start"), Field("period_end"), legend="When the feedback was heard",
                                 legend_size=Size.MEDIUM),
                        Field.select("area"),
                        Field.checkboxes("recipients", legend_size=Size.MEDIUM, small=True),
                        Field.text("title"), Field.textarea("message", rows=5),
                        Field.text("reply_days", field_width=2), Submit("continue", "Continue"))

