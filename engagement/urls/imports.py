"""Engagement URLs: imports of paper forms (see engagement/urls/__init__.py)."""
from __future__ import annotations

from django.urls import URLPattern, path

from engagement.views import imports

urlpatterns: list[URLPattern] = [
    path("imports/", imports.import_start, name="import_start"),
    path("imports/<str:kind>/", imports.import_upload, name="import_upload"),
    path("imports/<str:kind>/template.<str:fmt>", imports.import_template, name="import_template"),
    path("imports/files/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/files/<int:pk>/status.json", imports.import_status, name="import_status"),
    path("imports/files/<int:pk>/import/", imports.import_confirm, name="import_confirm"),
]
