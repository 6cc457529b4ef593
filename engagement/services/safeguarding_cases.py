"""What host staff did about each safeguarding concern: escalated to whom and when, notes, closed; reminders while
it is open. Everything here stays with the host organisation (staff-only timeline rows, e-mails without words)."""
from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement.access import may_follow_up
from engagement.models import FeedbackItem, SafeguardingCase, SafeguardingEvent
from engagement.services.routing import absolute_url
from engagement.services.safeguarding import safeguarding_contacts
from grants.access import require
from grants.services.common import email_on_commit
from grassroots.accounts.models import User
from grassroots.dates import govuk_date
from grassroots.timeline.models import Visibility
from grassroots.timeline.services import record, transition
from grassroots.workdays import working_days_between

# Reminders while a concern is open: after this many working days since it was logged, one each.
REMINDER_WORKING_DAYS = (2, 5)
S = SafeguardingCase.Status


def _case(item: FeedbackItem) -> SafeguardingCase:
    """The item's case, locked; made the first time anyone acts on the concern."""
    SafeguardingCase.objects.get_or_create(item=item)
    return SafeguardingCase.objects.select_for_update(of=("self",)).get(item=item)


def safeguarding_escalate(*, actor: User, item: FeedbackItem, escalated_to: str, escalated_on: date,
                          note: str = "") -> SafeguardingCase:
    escalated_to = escalated_to.strip()
    if not escalated_to:
        raise ValidationError({"escalated_to": "Enter who you passed the concern to"})
    with transaction.atomic():
        require(may_follow_up(actor, item))
        case = _case(item)
        case.escalated_to, case.escalated_on = escalated_to, escalated_on
        text = f"Escalated to {escalated_to} on {govuk_date(escalated_on)}" + (f". {note.strip()}" if note else "")
        if case.is_escalated:
            case.updated_at = timezone.now()
            case.save(update_fields=["escalated_to", "escalated_on", "updated_at"])
            record(case, actor=actor, kind=SafeguardingEvent.Kind.NOTE, note=text, visibility=Visibility.STAFF)
        else:
            transition(case, S.ESCALATED, actor=actor, note=text, visibility=Visibility.STAFF,
                       extra_fields=("escalated_to", "escalated_on"))
    return case


def safeguarding_note(*, actor: User, item: FeedbackItem, note: str) -> SafeguardingCase:
    if not note.strip():
        raise ValidationError({"note": "Enter a note"})
    with transaction.atomic():
        require(may_follow_up(actor, item))
        case = _case(item)
        record(case, actor=actor, kind=SafeguardingEvent.Kind.NOTE, note=note.strip(), visibility=Visibility.STAFF)
    return case


def safeguarding_close(*, actor: User, item: FeedbackItem, note: str) -> SafeguardingCase:
    if not note.strip():
        raise ValidationError({"note": "Say why the concern can be closed, for example what the council did"})
    with transaction.atomic():
        require(may_follow_up(actor, item))
        case = _case(item)
        transition(case, S.CLOSED, actor=actor, note=note.strip(), visibility=Visibility.STAFF)
    return case


def safeguarding_reopen(*, actor: User, item: FeedbackItem, note: str) -> SafeguardingCase:
    if not note.strip():
        raise ValidationError({"note": "Say why the concern is reopened"})
    with transaction.atomic():
        require(may_follow_up(actor, item))
        case = _case(item)
        transition(case, S.OPEN, actor=actor, note=note.strip(), visibility=Visibility.STAFF)
    return case


def safeguarding_reminders_send(*, today: date) -> int:
    """Daily: remind the host's safeguarding contacts of each concern still open 2 and 5 working days after it was
    logged, each reminder once (counted on the case under a lock, so a second run sends nothing)."""
    sent = 0
    open_items = (FeedbackItem.objects.filter(safeguarding=True)
                  .exclude(safeguarding_case__status=S.CLOSED).values_list("pk", flat=True))
    for pk in list(open_items):
        with transaction.atomic():
            item = FeedbackItem.objects.select_related("session", "organisation", "round__share").get(pk=pk)
            case = _case(item)
            if case.is_closed or case.reminders_sent >= len(REMINDER_WORKING_DAYS):
                continue
            waited = working_days_between(timezone.localdate(item.created_at), today)
            if waited < REMINDER_WORKING_DAYS[case.reminders_sent]:
                continue
            case.reminders_sent, case.updated_at = case.reminders_sent + 1, timezone.now()
            case.save(update_fields=["reminders_sent", "updated_at"])
            note = f"Still open after {waited} working days: reminder sent to the safeguarding contacts"
            record(case, actor=None, kind=SafeguardingEvent.Kind.REMINDED, note=note, visibility=Visibility.STAFF)
            email_on_commit(
                "A safeguarding concern is still open",
                f"A safeguarding concern {item.organisation.name} logged at session {item.session.reference} is "
                f"still open after {waited} working days. Record what was done, or close it (sign in first):\n"
                f"{absolute_url('engagement:safeguarding_item', item.pk)}\n\nThis e-mail does not contain what was said.",
                safeguarding_contacts(item.round.share.host_id))
            sent += 1
    return sent
