"""Engagement URLs: feedback and actions files (made in the background)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import exports

urlpatterns: list[URLPattern] = [
    path("exports/feedback/", exports.export_feedback, name="export_feedback"),
    path("exports/actions/", exports.export_actions, name="export_actions"),
]
