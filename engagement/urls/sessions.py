"""Engagement URLs: sessions (see engagement/urls/__init__.py)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import sessions

urlpatterns: list[URLPattern] = [
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
]
