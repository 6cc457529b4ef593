"""Helpers for the tests of the group's side of applying."""
from __future__ import annotations

from django.urls import reverse

from grants.models import Application

SECTION_URLS = ("application_tasks", "application_budget", "application_documents", "application_check",
                "application_submitted", "application_detail", "application_withdraw")


def section_url(application: Application, section: str) -> str:
    return reverse("grants:application_section", args=[application.pk, section])


def group_only_urls(application: Application) -> list[str]:
    urls = [reverse(f"grants:{name}", args=[application.pk]) for name in SECTION_URLS]
    urls += [section_url(application, s) for s in ("group", "activity", "communities", "sessions")]
    return urls
