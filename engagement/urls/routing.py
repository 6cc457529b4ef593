"""Engagement URLs: routing ("tell us once"), inboxes and safeguarding follow-up (see engagement/urls/__init__.py)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import routing, routing_theme

urlpatterns: list[URLPattern] = [
    path("sent/", routing.routing_list, name="routing_list"),
    path("sent/new/", routing.routing_create, name="routing_create"),
    path("sent/theme/", routing_theme.routing_theme_create, name="routing_theme_create"),
    path("sent/theme/check/", routing_theme.routing_theme_check, name="routing_theme_check"),
    path("sent/<int:pk>/", routing.routing_detail, name="routing_detail"),
    path("sent/<int:pk>/confirmation/", routing_theme.routing_confirmation, name="routing_confirmation"),
    path("inbox/", routing.inbox, name="inbox"),
    path("inbox/<int:pk>/", routing.inbox_detail, name="inbox_detail"),
    path("safeguarding/<int:pk>/", routing.safeguarding_item, name="safeguarding_item"),
]
