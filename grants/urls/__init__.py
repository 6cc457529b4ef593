"""Grants URLs, one module per topic, all in the "grants" namespace."""
from django.urls import include, path

app_name = "grants"

urlpatterns = [
    path("", include("grants.urls.apply")),
    path("", include("grants.urls.staff")),
    path("", include("grants.urls.review")),
    path("", include("grants.urls.grant")),
]
