"""The one GOV.UK error summary: every error of the page's forms, each linking to its field's first input.

Used only through ``templates/includes/error_summary.html``. Radios and checkboxes link to their
first option and date inputs to their first box (``id_<name>_1``, ``id_<name>_0``): the ids
crispy-forms-gds gives them, so every link lands on something that exists.
"""
from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


def _first_input(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{bound.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        boxes = getattr(bound.field, "fields", ())
        failing = [i for i, box in enumerate(boxes) if getattr(box.widget, "errors", None)]
        return f"{bound.auto_id}_{failing[0] if failing else 0}"
    return str(bound.auto_id)


def _form_links(form: forms.BaseForm) -> list[tuple[str, str | None]]:
    visible = form.visible_fields()
    first = _first_input(visible[0]) if visible else None
    links: list[tuple[str, str | None]] = [(str(e), first) for e in form.non_field_errors()]
    for bound in visible:
        links += [(str(e), _first_input(bound)) for e in bound.errors]
    for bound in form.hidden_fields():
        links += [(f"{bound.label}: {e}", first) for e in bound.errors]
    return links


@register.simple_tag
def error_links(*sources: Any) -> list[tuple[str, str]]:
    """(message, "#id") for each error of the forms and formsets given, in page order.

    A source may also be a list of (message, href) pairs worked out by the view (e.g. the problems
    that stop an application being sent, which link to other pages). Errors with no field of their
    own (a formset's broken management form) link to the first field on the page.
    """
    links: list[tuple[str, str | None]] = []
    for source in sources:
        if not source:
            continue
        if isinstance(source, forms.BaseFormSet):
            if not source.is_bound:
                continue
            start = [_first_input(f.visible_fields()[0]) for f in source.forms[:1] if f.visible_fields()]
            links += [(str(e), start[0] if start else None) for e in source.non_form_errors()]
            for form in source.forms:
                links += _form_links(form)
        elif isinstance(source, forms.BaseForm):
            if source.is_bound:
                links += _form_links(source)
        else:
            links += [(str(message), str(href)) for message, href in source]
    fallback = next((href for _, href in links if href), "main-content")
    out: list[tuple[str, str]] = []
    for message, href in links:
        href = href or fallback
        out.append((message, href if href.startswith(("#", "/", "http")) else f"#{href}"))
    return out
