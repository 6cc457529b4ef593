"""Sign-in, password and invitation forms."""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.template import loader

from grassroots.accounts.emails import normalise_email
from grassroots.accounts.models import Membership, User
from grassroots.forms import GDSFormMixin
from grassroots.mail.services import email_enqueue

# Every typed field is bounded by its column, so an over-long value is a message on the page, not a DataError.
EMAIL_MAX = User._meta.get_field("email").max_length
FULL_NAME_MAX = User._meta.get_field("full_name").max_length


class SignInForm(GDSFormMixin, auth_forms.AuthenticationForm):
    submit_label = "Sign in"
    username = forms.EmailField(label="Email address", max_length=EMAIL_MAX,
                                widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive for the password.",
        "inactive": "This account has been switched off. Ask your organisation's administrator.",
    }

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data.get("username"))


class PasswordResetRequestForm(GDSFormMixin, auth_forms.PasswordResetForm):
    submit_label = "Send me a reset link"
    email = forms.EmailField(label="Email address", max_length=EMAIL_MAX,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data.get("email"))

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
                  from_email: str | None, to_email: str, html_email_template_name: str | None = None) -> None:
        """Into the outbox rather than straight to the mail server, so a slow one never holds up the page."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_enqueue(subject=subject, body=body, recipients=[to_email], cause="Password reset requested")


class SetNewPasswordForm(GDSFormMixin, auth_forms.SetPasswordForm):
    submit_label = "Save my new password"


class InvitationForm(GDSFormMixin, forms.Form):
    submit_label = "Send invitation"
    email = forms.EmailField(label="Their email address", max_length=EMAIL_MAX)
    role = forms.ChoiceField(label="Their role", choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data.get("email"))


class AcceptInvitationForm(GDSFormMixin, forms.Form):
    """For someone new to Grassroots: their name and a password."""

    submit_label = "Create my account and join"
    full_name = forms.CharField(label="Your full name", max_length=FULL_NAME_MAX)
    password1 = forms.CharField(label="Choose a password", help_text="At least 10 characters. Avoid common words.",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="Type the password again",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords do not match.")
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
