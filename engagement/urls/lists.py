"""Engagement URLs: lists (see engagement/urls/__init__.py)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import lists

urlpatterns: list[URLPattern] = [
    path("staff/feedback/", lists.staff_feedback, name="staff_feedback"),
    path("staff/sessions/", lists.staff_sessions, name="staff_sessions"),
]
