"""UK postcodes: check the shape and write them one way ("SE1 7PB"), so exports and searches agree."""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# The Royal Mail shapes: A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA (and Girobank's GIR 0AA).
_SHAPE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2})$")


def normalise_postcode(raw: str) -> str:
    """``" se1  7pb "`` becomes ``"SE1 7PB"``; an empty value stays empty; anything else is refused."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    if not compact:
        return ""
    if not _SHAPE.match(compact):
        raise ValidationError("Enter a real UK postcode, like SE1 7PB", code="invalid_postcode")
    return f"{compact[:-3]} {compact[-3:]}"
