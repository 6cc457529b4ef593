"""The shared steps of grant services: tell people. Status changes and timeline rows go through
``grassroots.timeline.services`` (``transition`` and ``record``); ``transition`` here adds the kept counts."""
from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

from grants import tallies
from grants.models import Application, ReferenceCounter
from grassroots.accounts.access import Capacity, users_with_capacity
from grassroots.mail.services import email_enqueue
from grassroots.timeline.models import TimelineEvent, Visibility
from grassroots.timeline.services import TransitionError, record
from grassroots.timeline.services import transition as core_transition

__all__ = ["TransitionError", "Visibility", "email_on_commit", "group_emails", "next_application_reference",
           "notify_group", "record", "transition"]


def next_application_reference(year: int | None = None) -> str:
    """The next reference of the year, e.g. GR-2026-00042, unique even when many groups start at once.

    One statement both creates the year's counter (starting after any reference already used that year)
    and increments it: PostgreSQL makes a second caller wait on the row, then gives it the next number.
    SQLite (the embedded set-up) runs one writer at a time and understands the same statement.
    """
    year = year or timezone.localdate().year
    prefix = f"GR-{year}-"
    counter, applications = ReferenceCounter._meta.db_table, Application._meta.db_table
    sql = (f"INSERT INTO {counter} (year, last) VALUES (%s, (SELECT COALESCE(MAX(CAST(SUBSTR(reference, %s) "  # noqa: S608
           f"AS INTEGER)), 0) + 1 FROM {applications} WHERE reference LIKE %s)) "
           f"ON CONFLICT (year) DO UPDATE SET last = {counter}.last + 1 RETURNING last")  # table names are ours
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, len(prefix) + 1, prefix + "%"])
        number = cursor.fetchone()[0]
    return f"{prefix}{number:05d}"


def transition(obj: models.Model, to: str, *, actor: object, note: str = "", visibility: str = Visibility.GROUP,
               extra_fields: tuple[str, ...] = ()) -> TimelineEvent:
    """The core ``transition``; for an application, also moves it between the kept status counts
    (``grants/tallies.py``) in the same transaction, so the counts pages show are never wrong."""
    from_status: str = obj.status  # type: ignore[attr-defined]
    event = core_transition(obj, to, actor=actor, note=note, visibility=visibility, extra_fields=extra_fields)
    if isinstance(obj, Application):
        tallies.application_moved(obj, from_status, checked=obj.checks.exists())
    return event


def email_on_commit(subject: str, body: str, recipients: Iterable[str], *, cause: str = "") -> None:
    """Record the e-mail with the change (the outbox); it is sent once that commits, so a rolled-back change never
    e-mails anyone and a slow mail server never slows the request."""
    email_enqueue(subject=subject, body=body, recipients=recipients, cause=cause or subject)


def group_emails(application: Application) -> set[str]:
    """Who hears about a group's application or grant: the contact it gave and every member of the group."""
    emails = {u.email for u in users_with_capacity([application.organisation_id], Capacity.GROUP)}
    if application.contact_email:
        emails.add(application.contact_email)
    return emails


def notify_group(application: Application, subject: str, body: str) -> None:
    email_on_commit(subject, body, group_emails(application))
