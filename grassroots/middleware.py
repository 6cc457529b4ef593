"""Security headers that Django 5.2 does not set itself."""
from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

# Everything the pages load comes from this origin: no third-party request can leave the browser.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class RefuseNulBytesMiddleware:
    """A NUL byte in the address or query (``/x/%00/``, ``?q=%00``) matches no page.

    PostgreSQL would refuse it with a ValueError (a 500), so answer 404 before any view passes it to a query;
    then no URL pattern or filter has to remember the rule.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            raise Http404("No such page.")
        return self.get_response(request)
