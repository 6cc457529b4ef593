"""Every one-line text field of every form in the project is bounded, and never beyond its model column.

A CharField or EmailField without a length lets a long answer reach the database as a DataError (a 500).
Checked by running it before password fields were set aside: it named the seven password inputs, which have
no column (only a hash is stored).
The forms are found by walking every ``forms*`` module of the project's apps, so a new form is checked too.
"""
from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from django import forms
from django.conf import settings

APPS = ("grants", "grassroots", "engagement", "reports")


def _form_modules() -> list[object]:
    found = []
    root = Path(settings.BASE_DIR)
    for app in APPS:
        for path in sorted((root / app).rglob("forms*.py")) + sorted((root / app).rglob("forms/*.py")):
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            found.append(importlib.import_module(name.removesuffix(".__init__")))
    return found


def _form_classes() -> list[type[forms.BaseForm]]:
    classes = {}
    for module in _form_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                classes[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(classes.values())


def test_it_finds_the_forms_of_every_app():
    modules = {m.__name__ for m in _form_modules()}
    assert {"grants.forms.apply", "grants.forms.staff", "grassroots.accounts.forms"} <= modules
    assert len(_form_classes()) > 20


def test_every_one_line_text_field_of_every_form_is_bounded_by_its_column():
    problems = []
    for cls in _form_classes():
        model = getattr(getattr(cls, "_meta", None), "model", None)
        for name, field in cls.base_fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.Textarea):
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue  # only a hash of fixed length is stored; the validators bound what a person may choose
            if not field.max_length:
                problems.append(f"{cls.__module__}.{cls.__name__}.{name} has no max_length")
                continue
            column = None
            if model is not None:
                try:
                    column = getattr(model._meta.get_field(name), "max_length", None)
                except Exception:  # a form-only field: no column to compare with
                    column = None
            if column and field.max_length > column:
                problems.append(f"{cls.__module__}.{cls.__name__}.{name}: {field.max_length} > column {column}")
    assert not problems, "\n".join(problems)
