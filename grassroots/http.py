"""Typing for views: the request a signed-in view receives (as Healthchecks does), so ``request.user``
is a ``User`` and services taking ``actor: User`` need no cast or ``type: ignore``."""
from __future__ import annotations

from django.http import HttpRequest

from grassroots.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind ``login_required`` / ``capacity_required``: never anonymous."""

    user: User
