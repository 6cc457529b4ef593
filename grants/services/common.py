"""The shared step of every application and grant transition: check the table, save, write the event."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from grants.models import Application, ApplicationEvent, Grant, GrantEvent
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
