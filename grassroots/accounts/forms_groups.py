"""Forms for groups joining and for organisations' own pages: registration, profile, members, host decisions.

They clean what people type and ask the services' rules (name taken, postcode shape, org-id shape); the
services decide.
"""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from grassroots.accounts.models import Area, Organisation
from grassroots.accounts.postcodes import normalise_postcode
from grassroots.accounts.services.groups import group_name_problem, org_id_problem, profile_fields
from grassroots.forms import GDSFormMixin


def _relayout(form: Any) -> None:
    """After fields are removed or replaced, lay the form out again with its one submit button."""
    form.helper.layout = Layout(*form.fields, Submit("submit", form.submit_label))


def _postcode_field(required: bool) -> forms.CharField:
    return forms.CharField(
        label="Postcode", max_length=10, required=required,
        help_text="Where the group meets or is based, for example SE1 7PB",
        error_messages={"required": "Enter the group's postcode"},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}))


def _clean_postcode(value: str) -> str:
    return normalise_postcode(value)  # the one rule, shared with the services


class GroupRegistrationForm(GDSFormMixin, forms.Form):
    """Everything about the group, and (for someone not signed in) the person's new account."""

    submit_label = "Continue"

    name = forms.CharField(label="Your group's name", max_length=200,
                           error_messages={"required": "Enter your group's name"})
    area = forms.ModelChoiceField(
        label="Which area does your group mainly work in?", queryset=Area.objects.none(), empty_label="Choose an area",
        help_text="Your registration goes to the organisation that runs community funding there.",
        error_messages={"required": "Choose the area your group mainly works in",
                        "invalid_choice": "Choose the area your group mainly works in"})
    communities_served = forms.CharField(
        label="Which communities does your group work with?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: older Caribbean residents, Deaf BSL users, refugee women.",
        error_messages={"required": "Enter the communities your group works with"})
    postcode = _postcode_field(required=True)
    charity_number = forms.CharField(label="Registered charity number (optional)", max_length=20, required=False,
                                     widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))
    company_number = forms.CharField(label="Company number (optional)", max_length=20, required=False,
                                     widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))
    full_name = forms.CharField(label="Your full name", max_length=150,
                                error_messages={"required": "Enter your full name"})
    email = forms.EmailField(label="Your email address", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
                             error_messages={"required": "Enter your email address",
                                             "invalid": "Enter an email address like name@example.org"})
    password1 = forms.CharField(label="Choose a password", help_text="At least 10 characters. Avoid common words.",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                error_messages={"required": "Choose a password"})
    password2 = forms.CharField(label="Type the password again",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                error_messages={"required": "Type the password again"})

    def __init__(self, *args: Any, with_account: bool = True, password_chosen: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_account:  # a signed-in person registers a group for their existing account
            for name in ("full_name", "email", "password1", "password2"):
                del self.fields[name]
        elif password_chosen:  # back from "check your answers": passwords are never shown again, nor asked again
            for name in ("password1", "password2"):
                self.fields[name].required = False
            self.fields["password1"].help_text = "Leave both blank to keep the password you chose."
        _relayout(self)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.filter(host_organisation__isnull=False).order_by("name")

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if problem := group_name_problem(name):
            raise ValidationError(problem)
        return name

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords do not match")
        elif p1:
            try:
                password_validation.validate_password(p1)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class OrganisationProfileForm(GDSFormMixin, forms.ModelForm):
    """The details an organisation's own people keep up to date; fields depend on its kind."""

    submit_label = "Save changes"
    website = forms.URLField(label="Website (optional)", required=False, max_length=200, assume_scheme="https",
                             error_messages={"invalid": "Enter a web address like https://example.org"})

    class Meta:
        model = Organisation
        fields = ["name", "communities_served", "charity_number", "company_number", "org_id", "postcode", "website",
                  "email"]
        labels = {"name": "Name", "communities_served": "Communities the group works with",
                  "charity_number": "Registered charity number (optional)",
                  "company_number": "Company number (optional)", "org_id": "360Giving org-id (optional)",
                  "website": "Website (optional)", "email": "Contact email (optional)"}
        help_texts = {"org_id": "The identifier 360Giving uses for this organisation, from its register: "
                                "GB-CHC-1123456 (a charity), GB-COH-01234567 (a company), GB-NHS-QKK (an NHS body), "
                                "GB-GOR-… (a government body). See org-id.guide."}
        widgets = {"communities_served": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = profile_fields(self.instance)
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["postcode"] = _postcode_field(required=False)
        self.fields["postcode"].label = "Postcode (optional)" if self.instance.kind != Organisation.Kind.COMMUNITY_GROUP \
            else "Postcode"
        self.fields["postcode"].required = self.instance.kind == Organisation.Kind.COMMUNITY_GROUP
        if "communities_served" in self.fields:
            self.fields["communities_served"].required = True
        self.fields["name"].error_messages["required"] = "Enter the organisation's name"
        _relayout(self)

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])

    def clean_org_id(self) -> str:
        org_id = str(self.cleaned_data.get("org_id") or "").strip().upper()
        if problem := org_id_problem(org_id):
            raise ValidationError(problem)
        return org_id

    def _post_clean(self) -> None:
        """Leave the instance untouched: the service writes it (ModelForm would otherwise copy the data over)."""


class MemberRoleForm(GDSFormMixin, forms.Form):
    submit_label = "Save role"
    role = forms.ChoiceField(label="Their role", widget=forms.RadioSelect,
                             error_messages={"required": "Choose a role"})

    def __init__(self, *args: Any, choices: list[tuple[str, str]], hosting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = choices
        if hosting:  # only an organisation that hosts a programme hears about groups' safeguarding concerns
            self.fields["safeguarding_contact"] = forms.BooleanField(
                label="Safeguarding contact", required=False,
                help_text="E-mailed at once when a group flags feedback as a safeguarding concern.")
            self.set_layout(*self.get_layout())


class GroupDecisionForm(GDSFormMixin, forms.Form):
    """Host staff: approve the group, or decline it with a reason the group will read."""

    submit_label = "Save decision"
    decision = forms.ChoiceField(
        label="Can this group apply for funding?", widget=forms.RadioSelect,
        choices=[("approve", "Yes, approve the group"), ("decline", "No, decline the registration")],
        error_messages={"required": "Choose whether to approve or decline the group"})
    reason = forms.CharField(label="Reason", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="Needed if you decline: the group will read it in an email.")
