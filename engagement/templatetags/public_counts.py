"""``{{ n|public_count }}``: a count as a public page may show it (1 to 4 become "fewer than 5")."""
from __future__ import annotations

from django import template

from engagement.selectors.public import shown

register = template.Library()


@register.filter
def public_count(value: int | None) -> str:
    return shown(int(value or 0))
