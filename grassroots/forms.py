"""Shared form plumbing: every form renders with crispy-forms-gds (GOV.UK Frontend markup)."""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit


class GDSFormMixin:
    """Gives a form a GOV.UK helper with one submit button; set ``submit_label`` on the class."""

    submit_label = "Continue"
    helper: FormHelper

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # templates own the <form> so CSRF and actions stay visible
        self.helper.disable_csrf = True  # ...and the template writes the one CSRF token
        fields = list(self.fields)  # type: ignore[attr-defined]
        self.helper.layout = Layout(*fields, Submit("submit", self.submit_label))
