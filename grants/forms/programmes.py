"""The lead's form for a host's share of a programme: which host, how much, which areas."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from grants.models import Programme, ProgrammeShare
from grassroots.accounts.models import Area, Organisation
from grassroots.forms import GDSFormMixin, MoneyField


class ShareForm(GDSFormMixin, forms.Form):
    """Whether the shares fit the programme's budget is the service's rule: the view shows its refusal here."""

    submit_label = "Save share"
    host = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Host organisation", empty_label="Choose the host",
        help_text="The organisation that runs this share locally: a Healthwatch, a council, an ICB or a "
                  "voluntary-sector infrastructure body.", error_messages={"required": "Choose the host organisation"})
    amount = MoneyField(label="Share (£)", min_value=Decimal("0"))
    areas = forms.ModelMultipleChoiceField(queryset=Area.objects.all(), required=False,
                                           widget=forms.CheckboxSelectMultiple, label="Areas it serves")

    def __init__(self, *args: Any, programme: Programme, share: ProgrammeShare | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = programme.shares.values("host_id")
        if share is not None:
            taken = taken.exclude(pk=share.pk)
        self.fields["host"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.exclude(kind=Organisation.Kind.COMMUNITY_GROUP).exclude(pk__in=taken))
        if share is not None:
            self.initial.update(host=share.host_id, amount=share.amount, areas=list(share.areas.all()))
            self.fields["host"].disabled = True
        self.helper.layout = Layout(
            Field.select("host"), Field.text("amount", field_width=10),
            Field.checkboxes("areas", legend_size=Size.SMALL, small=True),
            Submit("submit", self.submit_label),
        )
