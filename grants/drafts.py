"""Nothing a group types is lost when its sign-in session runs out while it fills in a form.

A POST that arrives signed out is kept in the (anonymous) session under its path; Django's login
keeps session data, so after signing in the same page finds it and shows the form bound to it.
Files are not kept: an upload has to be chosen again.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict

V = TypeVar("V", bound=Callable[..., HttpResponse])

_PREFIX = "kept-post:"
RESTORED_MESSAGE = "You were signed out, so we kept what you typed. Check it and save."


def keep_post_when_signed_out(view: V) -> V:
    """Put outside ``capacity_required``: signed-out POSTs are kept, then the person is sent to sign in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method == "POST":
                request.session[_PREFIX + request.path] = {
                    key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"
                }
            return redirect_to_login(request.path)
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def take_kept_post(request: HttpRequest) -> QueryDict | None:
    """The form data kept for this page when its sender was signed out (once), else None."""
    kept = request.session.pop(_PREFIX + request.path, None)
    if not kept:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept.items():
        data.setlist(key, values)
    messages.warning(request, RESTORED_MESSAGE)
    return data


_TYPED = "typed-input:"
_BUTTONS = frozenset({"csrfmiddlewaretoken", "continue", "draft", "more"})


def keep_typed_input(request: HttpRequest) -> None:
    """Keep a POST that failed its checks, so the page shows the same text and errors when the group
    comes back to it (its valid answers are saved; this keeps the typed text of the invalid ones)."""
    request.session[_TYPED + request.path] = {
        key: request.POST.getlist(key) for key in request.POST if key not in _BUTTONS
    }


def forget_typed_input(request: HttpRequest) -> None:
    request.session.pop(_TYPED + request.path, None)


def typed_input(request: HttpRequest) -> QueryDict | None:
    """What was typed on this page and not yet saved because it failed its checks, else None."""
    kept = request.session.get(_TYPED + request.path)
    if not kept:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept.items():
        data.setlist(key, values)
    return data
