"""Engagement URLs: sessions (see engagement/urls/__init__.py)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import sessions

urlpatterns: list[URLPattern] = [
    path("sessions/", sessions.group_sessions, name="group_sessions"),
    path("grants/<int:grant_pk>/sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/who-came/", sessions.session_demographics, name="session_demographics"),
    path("sessions/<int:pk>/submit/", sessions.session_submit, name="session_submit"),
    path("sessions/<int:pk>/submitted/", sessions.session_submitted, name="session_submitted"),
    path("sessions/<int:pk>/reopen/", sessions.session_reopen, name="session_reopen"),
]
