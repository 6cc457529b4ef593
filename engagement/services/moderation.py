"""Moderation: host staff decide whether an item may be published, and may redact identifying words first (names,
places, dates, rare conditions). Only the redacted words ever leave (``FeedbackItem.published_text``); the original
stays internal, and each decision is kept as a ``ModerationDecision`` with who made it, when and the words it let
out, plus a staff-only row on the session's timeline."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement.access_themes import may_moderate
from engagement.choices import Consent
from engagement.models import TEXT_MAX, FeedbackItem, ModerationDecision
from grants.access import require
from grassroots.timeline.services import record

Moderation = FeedbackItem.Moderation


def approval_refusal(item: FeedbackItem) -> str:
    """Why this item can never be approved as it stands, or "" when it may be. The form and the page ask this too,
    so the rule is written once."""
    if item.safeguarding:
        return "This is a safeguarding concern. It stays with the host organisation and is never published."
    if item.consent == Consent.INTERNAL:
        return "The person asked for their words to stay internal, so they can never be published."
    if not item.session.is_submitted:
        return "The group has not submitted this session yet, so its feedback cannot be published."
    return ""


def _decide(item: FeedbackItem, *, actor: Any, decision: str, redacted: str, reason: str) -> FeedbackItem:
    item.moderation, item.redacted_text = decision, redacted
    item.moderated_by, item.moderated_at = actor, timezone.now()
    item.save(update_fields=["moderation", "redacted_text", "moderated_by", "moderated_at"])
    ModerationDecision.objects.create(item=item, decision=decision, original_text=item.text, redacted_text=redacted,
                                      reason=reason, decided_by=actor, decided_at=item.moderated_at)
    return item


def _locked(item: FeedbackItem) -> FeedbackItem:
    return FeedbackItem.objects.select_for_update(of=("self",)).select_related("session").get(pk=item.pk)


def item_approve(*, actor: Any, item: FeedbackItem, redacted_text: str = "") -> FeedbackItem:
    """Approve an item for publication, with ``redacted_text`` as the words that leave when staff changed them.

    Refused (whoever asks, from any page or command) for a safeguarding concern, an internal-only item and an item
    of a draft session. Approving again with the same words changes nothing."""
    require(may_moderate(actor, item))
    with transaction.atomic():
        item = _locked(item)
        if refusal := approval_refusal(item):
            raise ValidationError(refusal)
        redacted = redacted_text.strip()
        if len(redacted) > TEXT_MAX:
            raise ValidationError(f"The words to publish must be {TEXT_MAX:,} characters or fewer")
        if redacted == item.text.strip():
            redacted = ""  # nothing was taken out: the words leave as they were said
        if item.moderation == Moderation.APPROVED and item.redacted_text == redacted:
            return item
        _decide(item, actor=actor, decision=Moderation.APPROVED, redacted=redacted, reason="")
        record(item.session, actor=actor, kind="feedback",
               note=f"Item {item.pk} approved for publication" + (", with words redacted" if redacted else ""))
    return item


def item_refuse(*, actor: Any, item: FeedbackItem, reason: str) -> FeedbackItem:
    """Mark an item "not for publication", saying why (an approved item may be withdrawn the same way)."""
    require(may_moderate(actor, item))
    reason = reason.strip()
    if not reason:
        raise ValidationError("Enter why this is not for publication")
    with transaction.atomic():
        item = _locked(item)
        if item.moderation == Moderation.REJECTED:
            return item
        _decide(item, actor=actor, decision=Moderation.REJECTED, redacted="", reason=reason)
        record(item.session, actor=actor, kind="feedback", note=f"Item {item.pk} marked not for publication: {reason}")
    return item
