"""Engagement URLs: host staff's insights (see engagement/urls/__init__.py)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import insights

urlpatterns: list[URLPattern] = [
    path("insights/", insights.staff_insights, name="insights"),
]
