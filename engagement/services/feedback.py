"""Feedback capture: a group (or host staff) adds, changes and deletes what people said at a session.

A save is keyed by the id the phone made for the item (``client_id``), so a save retried after a dropped signal
or an expired sign-in finds the item it already made instead of making a second one.
"""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement.access import is_session_group, is_session_staff, may_edit_session
from engagement.models import FeedbackItem, Session
from engagement.models.feedback import TEXT_MAX
from engagement.services.safeguarding import safeguarding_concerns_notify
from grants.access import require
from grassroots.accounts.models import User
from grassroots.timeline.models import Visibility
from grassroots.timeline.services import record

# What the person entering feedback types or chooses; everything else on the item is copied or stamped.
FIELDS = ("text", "service", "sentiment", "consent", "age_band", "ethnic_group", "safeguarding")
# Copied from the session so lists filter on one table; kept in step here, the only place items are written.
SESSION_COLUMNS = ("organisation_id", "round_id", "area_id", "held_on")


def _values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: data.get(name) or "" for name in FIELDS if name != "safeguarding"}
    values["text"] = str(values["text"]).strip()
    values["safeguarding"] = bool(data.get("safeguarding"))
    return values


def _note(verb: str, item: FeedbackItem) -> str:
    # A safeguarding concern's words stay on the item, behind the item's own access check: the timeline is read
    # more widely (and longer) than the concern should be.
    if item.safeguarding:
        return f"Feedback {verb}: a safeguarding concern ({item.get_service_display()})"
    return f"Feedback {verb}: {item}"


def _lock(session: Session) -> Session:
    """Lock the session: its status decides whether the group may still change feedback, and a submit running
    at the same moment must either see this item or refuse it."""
    return Session.objects.select_for_update(of=("self",)).get(pk=session.pk)


def feedback_item_save(*, actor: User, session: Session, client_id: uuid.UUID | str,
                       data: Mapping[str, Any]) -> tuple[FeedbackItem, bool]:
    """Create the session's item with this ``client_id``, or update it; returns (item, whether anything changed).

    Saving the same data again changes nothing and answers as a success (a retry of a save that arrived), even
    once the session is no longer editable. Raises ValidationError (by field) for bad input and PermissionDenied
    when the actor may not change the session's feedback."""
    client_id = uuid.UUID(str(client_id))
    values = _values(data)
    with transaction.atomic():
        locked = _lock(session)
        item = FeedbackItem.objects.select_for_update(of=("self",)).filter(session=locked, client_id=client_id).first()
        if item is not None and all(getattr(item, k) == v for k, v in values.items()):
            if not (is_session_group(actor, locked) or is_session_staff(actor, locked)):
                require(may_edit_session(actor, locked))
            return item, False
        require(may_edit_session(actor, locked))
        created = item is None
        if item is None:
            item = FeedbackItem(session=locked, client_id=client_id, created_by=actor)
        elif values.get("text", item.text) != item.text and item.moderation != FeedbackItem.Moderation.PENDING:
            # New words have not been moderated: they wait for staff again, and the old redaction no longer fits.
            item.moderation, item.redacted_text = FeedbackItem.Moderation.PENDING, ""
            item.moderated_by, item.moderated_at = None, None
        for name, value in values.items():
            setattr(item, name, value)
        for name in SESSION_COLUMNS:
            setattr(item, name, getattr(locked, name))
        item.session_kind = locked.kind
        item.updated_at = timezone.now()
        if len(item.text) > TEXT_MAX:  # a TextField's max_length is not checked by full_clean
            raise ValidationError({"text": f"What was said must be {TEXT_MAX:,} characters or fewer"})
        item.full_clean(exclude=["session", "organisation", "round", "area", "created_by"], validate_unique=False,
                        validate_constraints=False)
        item.save()
        record(locked, actor=actor, kind="feedback", note=_note("added" if created else "changed", item),
               visibility=Visibility.GROUP)
        if item.safeguarding:
            safeguarding_concerns_notify(item_ids=[item.pk])
    return item, True


def feedback_item_delete(*, actor: User, item: FeedbackItem) -> None:
    with transaction.atomic():
        locked = _lock(item.session)
        require(may_edit_session(actor, locked))
        current = FeedbackItem.objects.select_for_update(of=("self",)).filter(pk=item.pk).first()
        if current is None:
            return  # already deleted: pressing the button twice deletes once
        record(locked, actor=actor, kind="feedback", note=_note("deleted", current), visibility=Visibility.GROUP)
        current.delete()


def field_errors(exc: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as {field: messages} (``__all__`` for the rest), for a form or a JSON answer."""
    if hasattr(exc, "error_dict"):
        return {name: [str(m) for e in errors for m in e.messages] for name, errors in exc.error_dict.items()}
    return {"__all__": list(exc.messages)}
