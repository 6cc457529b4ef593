"""The shared steps of grant services: tell people. Status changes and timeline rows go through
``grassroots.timeline.services`` (``transition`` and ``record``), re-exported here for the grant services."""
from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction

from grants.models import Application
from grassroots.accounts.access import Capacity, users_with_capacity
from grassroots.timeline.models import Visibility
from grassroots.timeline.services import TransitionError, record, transition

__all__ = ["TransitionError", "Visibility", "email_on_commit", "group_emails", "notify_group", "record", "transition"]


def email_on_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Send once the change is committed, so a rolled-back change never e-mails anyone."""
    to = sorted(set(recipients))
    if to:
        transaction.on_commit(lambda: send_mail(subject, body, None, to))


def group_emails(application: Application) -> set[str]:
    """Who hears about a group's application or grant: the contact it gave and every member of the group."""
    emails = {u.email for u in users_with_capacity([application.organisation_id], Capacity.GROUP)}
    if application.contact_email:
        emails.add(application.contact_email)
    return emails


def notify_group(application: Application, subject: str, body: str) -> None:
    email_on_commit(subject, body, group_emails(application))
