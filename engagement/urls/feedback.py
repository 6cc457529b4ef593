"""Engagement URLs: feedback capture and safeguarding (see engagement/urls/__init__.py)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import feedback, safeguarding

urlpatterns: list[URLPattern] = [
    path("sessions/<int:pk>/feedback/", feedback.feedback_capture, name="feedback_capture"),
    path("sessions/<int:pk>/feedback/save/", feedback.feedback_save, name="feedback_save"),
    path("feedback/<int:pk>/edit/", feedback.feedback_edit, name="feedback_edit"),
    path("feedback/<int:pk>/delete/", feedback.feedback_delete, name="feedback_delete"),
    path("safeguarding/", safeguarding.safeguarding_list, name="safeguarding_list"),
]
