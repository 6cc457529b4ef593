"""Engagement URLs: the public "You said, we did" pages (no sign-in)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import public

urlpatterns: list[URLPattern] = [
    path("you-said-we-did/", public.index, name="public_index"),
    path("you-said-we-did/areas/<int:pk>/", public.area_page, name="public_area"),
    path("you-said-we-did/programmes/<int:pk>/", public.programme_page, name="public_programme"),
]
