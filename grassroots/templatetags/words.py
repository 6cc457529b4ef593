"""Template filters for English that reads right: built in to every template (settings.TEMPLATES "builtins").

{{ "Tulse Hill Tamil Mothers"|possessive }} gives the name and a closing quote mark only; "Grace Thompson" gets
the quote mark and an s, as the GOV.UK style guide writes them (a typographic apostrophe).
"""
from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def possessive(name: object) -> str:
    """A name with its possessive ending: a plural or name ending in "s" takes only the apostrophe."""
    text = str(name).rstrip()
    return f"{text}’" if text.lower().endswith("s") else f"{text}’s"
