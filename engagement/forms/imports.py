"""The upload form of an import: the file, and (only when there is a choice) whom it is imported for."""
from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from engagement.access import ImportScope
from engagement.imports.reading import ALLOWED_LABEL, check_import_upload, max_bytes
from grassroots.forms import GDSFormMixin


class ImportUploadForm(GDSFormMixin, forms.Form):
    submit_label = "Upload and check the file"
    file = forms.FileField(label="Upload the filled-in file",
                           error_messages={"required": "Select the file to upload.",
                                           "empty": "The selected file is empty."})

    def __init__(self, *args: Any, scopes: list[ImportScope], **kwargs: Any) -> None:
        self.scopes = {s.key: s for s in scopes}
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (f"Save it as {ALLOWED_LABEL}, up to {max_bytes() // (1024 * 1024)} MB. "
                                         "Nothing is saved until you have seen the check and chosen to import.")
        layout: list[Any] = []
        if len(scopes) > 1:
            self.fields["scope"] = forms.ChoiceField(
                label="Who are you importing for?", widget=forms.RadioSelect,
                choices=[(s.key, s.label) for s in scopes],
                error_messages={"required": "Select who you are importing for."})
            layout.append(Field.radios("scope", legend_size=Size.SMALL))
        layout += [Field("file"), Submit("upload", self.submit_label or "")]
        self.set_layout(*layout)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_import_upload(upload)  # the service checks again; this puts the reason next to the field
        return upload

    def scope(self) -> ImportScope:
        if "scope" in self.fields:
            return self.scopes[self.cleaned_data["scope"]]
        return next(iter(self.scopes.values()))
