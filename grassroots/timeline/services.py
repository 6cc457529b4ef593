"""The one way any status changes: check the object's TRANSITIONS table, save, write the timeline row."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from grassroots.timeline.models import TRANSITION, TimelineEvent, Visibility


class TransitionError(ValidationError):
    """The object is not in a state that allows this change (shown to the person as a message)."""


def _status_label(obj: Any, status: str) -> str:
    field = obj._meta.get_field("status")
    return str(dict(field.choices or ()).get(status, status)).lower()


def transition(obj: models.Model, to: str, *, actor: Any, note: str = "", visibility: str = Visibility.GROUP,
               extra_fields: tuple[str, ...] = ()) -> TimelineEvent:
    """Move ``obj.status`` to ``to`` if its model's TRANSITIONS table allows it, and record who, when, why.

    ``obj`` is any model with a ``status`` field, a ``TRANSITIONS`` table and an ``events`` relation to a
    ``TimelineEvent`` subclass. Call inside the caller's transaction with ``obj`` locked
    (``select_for_update``); ``extra_fields`` are other fields the caller set and wants saved with it.
    Every status change of every object passes through here, so a rule about all of them belongs here.
    """
    current: str = obj.status  # type: ignore[attr-defined]
    if to not in type(obj).TRANSITIONS[current]:  # type: ignore[attr-defined]
        raise TransitionError(f"This {obj._meta.verbose_name} is {_status_label(obj, current)}, so it cannot become "
                              f"{_status_label(obj, to)}.")
    obj.status = to  # type: ignore[attr-defined]
    fields = ["status", *extra_fields]
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        obj.updated_at = timezone.now()  # type: ignore[attr-defined]
        fields.append("updated_at")
    obj.save(update_fields=list(dict.fromkeys(fields)))
    event: TimelineEvent = obj.events.create(  # type: ignore[attr-defined]
        actor=actor, kind=TRANSITION, from_status=current, to_status=to, note=note, visibility=visibility)
    return event


def record(obj: models.Model, *, actor: Any, kind: str, note: str,
           visibility: str = Visibility.STAFF) -> TimelineEvent:
    """A timeline row that is not a status change (a check, an assignment, a payment). Staff-only unless
    the caller says the group may read it."""
    status: str = obj.status  # type: ignore[attr-defined]
    event: TimelineEvent = obj.events.create(  # type: ignore[attr-defined]
        actor=actor, kind=kind, note=note, from_status=status, to_status=status, visibility=visibility)
    return event
