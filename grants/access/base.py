"""The yes-or-no answer every access decision gives, and the checks all of them share."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from grants.models import Application, Review

S = Application.Status
R = Review.Status


@dataclass(frozen=True)
class Allowed:
    """A yes or no, with the reason a person is shown when it is no."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


YES = Allowed(True)


def no(reason: str) -> Allowed:
    return Allowed(False, reason)


def require(allowed: Allowed) -> None:
    """For services: stop here (403 on a page) unless the actor has the right."""
    if not allowed:
        raise PermissionDenied(allowed.reason)


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))
