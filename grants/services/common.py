"""The shared steps of grant services: move a status (check the table, save, write the event), and tell people."""
from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from grants.models import Application, ApplicationEvent, Grant, GrantEvent
from grassroots.accounts.access import Capacity, users_with_capacity
from grassroots.accounts.models import User


class TransitionError(ValidationError):
    """The object is not in a state that allows this change (shown to the person as a message)."""


def move_application(*, application: Application, to: str, actor: User | None, note: str = "",
                     extra_fields: tuple[str, ...] = ()) -> ApplicationEvent:
    """Call inside the caller's transaction, with ``application`` locked (select_for_update)."""
    if not application.may_move_to(to):
        raise TransitionError(
            f"This application is {application.get_status_display().lower()}, so it cannot become "
            f"{Application.Status(to).label.lower()}."
        )
    from_status = application.status
    application.status = to
    application.updated_at = timezone.now()
    application.save(update_fields=["status", "updated_at", *extra_fields])
    return ApplicationEvent.objects.create(application=application, actor=actor, from_status=from_status,
                                           to_status=to, note=note)


def application_note(*, application: Application, actor: User | None, kind: str, note: str) -> ApplicationEvent:
    """A timeline entry that is not a status change (a check, an assignment, an edit after return)."""
    return ApplicationEvent.objects.create(application=application, actor=actor, kind=kind, note=note,
                                           from_status=application.status, to_status=application.status)


def move_grant(*, grant: Grant, to: str, actor: User | None, note: str = "",
               extra_fields: tuple[str, ...] = ()) -> GrantEvent:
    if to not in Grant.TRANSITIONS[grant.status]:
        raise TransitionError(f"This grant is {grant.get_status_display().lower()}, so that change is not possible.")
    from_status = grant.status
    grant.status = to
    grant.save(update_fields=["status", *extra_fields])
    return GrantEvent.objects.create(grant=grant, actor=actor, from_status=from_status, to_status=to, note=note)


def grant_note(*, grant: Grant, actor: User | None, kind: str, note: str) -> GrantEvent:
    return GrantEvent.objects.create(grant=grant, actor=actor, kind=kind, note=note,
                                     from_status=grant.status, to_status=grant.status)


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
