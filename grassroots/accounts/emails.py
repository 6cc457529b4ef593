"""One spelling of an e-mail address, used wherever one is typed, stored, compared or counted."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def normalise_email(value: str | None) -> str:
    """Strip and lower-case: sign-in ignores case, so everything keyed on an address must ignore it too."""
    return (value or "").strip().lower()


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: failed sign-ins are counted per normalised address, so ``Someone@Example.org``
    and ``someone@example.org`` share one allowance instead of five fresh tries per spelling."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return normalise_email(raw)
