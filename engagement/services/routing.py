""""Tell us once": host staff send feedback that may leave to every organisation that can act on it, once; each
answers by a due date counted in working days, with reminders before and after it."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from engagement.access import feedback_for_staff_of, may_answer, may_route
from engagement.models import RecipientEvent, RoutedItem, Routing, RoutingRecipient
from engagement.selectors.sharing import feedback_that_may_leave
from grants.access import require
from grants.services.common import email_on_commit
from grassroots.accounts.access import STAFF_ROLES
from grassroots.accounts.models import Membership, Organisation, User
from grassroots.dates import govuk_date
from grassroots.timeline.models import Visibility
from grassroots.timeline.services import record, transition
from grassroots.workdays import add_working_days, working_days_between

REMIND_BEFORE_WORKING_DAYS = 5
MAX_REPLY_DAYS = 60


def recipient_choices(host: Organisation) -> list[Organisation]:
    """Organisations a host may send feedback to: any that is not a community group, nor the host itself."""
    return list(Organisation.objects.exclude(kind=Organisation.Kind.COMMUNITY_GROUP).exclude(pk=host.pk)
                .filter(status=Organisation.Status.APPROVED).order_by("name"))


def organisation_emails(organisation_id: int) -> list[str]:
    """Who reads an organisation's inbox: its staff, administrators and commissioners."""
    return sorted(set(Membership.objects.filter(
        organisation_id=organisation_id, user__is_active=True,
        role__in=(*STAFF_ROLES, Membership.Role.COMMISSIONER)).values_list("user__email", flat=True)))


def absolute_url(name: str, pk: int) -> str:
    return f"{settings.SITE_URL}{reverse(name, kwargs={'pk': pk})}"


def routing_send(*, actor: User, host: Organisation, title: str, message: str, item_ids: Iterable[int],
                 recipients: Iterable[Organisation], reply_days: int = 20) -> Routing:
    """Send the items, once, to every recipient. Refused (with a message naming them) for any item that may not
    leave the host or that one of the recipients already has."""
    require(may_route(actor, host.pk))
    ids, orgs = sorted(set(item_ids)), {o.pk: o for o in recipients}
    title, message = title.strip(), message.strip()
    errors = sending_errors(host, title=title, message=message, orgs=orgs, reply_days=reply_days)
    if not ids:
        errors["items"] = "Choose at least one piece of feedback to send"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_recipients(orgs)
        mine = feedback_for_staff_of(actor, host.pk).filter(pk__in=ids)
        if (theirs := len(set(ids) - set(mine.values_list("pk", flat=True)))):
            raise ValidationError({"items": f"{theirs} of the chosen items {'is' if theirs == 1 else 'are'} not "
                                            f"feedback of {host.name}'s rounds: send them as the host that "
                                            "runs them."})
        leaving = set(feedback_that_may_leave(mine).values_list("pk", flat=True))
        if leaving != set(ids):
            raise ValidationError({"items": f"{len(set(ids) - leaving)} of the chosen items cannot leave "
                                            f"{host.name}: they are internal only, a safeguarding concern, not "
                                            "approved for publication, or in a session not yet submitted."})
        if already := already_sent(ids, orgs):
            names = ", ".join(sorted(orgs[pk].name for pk in already))
            raise ValidationError({"items": f"Some of these items were already sent to {names}. Tell us once: "
                                            "leave those organisations out, or those items."})
        routing = Routing.objects.create(host=host, title=title, message=message, reply_days=reply_days,
                                         sent_on=timezone.localdate(), created_by=actor)
        deliver(actor=actor, routing=routing, ids=ids, orgs=orgs, left_out={})
    return routing


def sending_errors(host: Organisation, *, title: str, message: str, orgs: dict[int, Organisation],
                   reply_days: int) -> dict[str, str]:
    """What every sending needs, items or a theme: a title, a message, recipients from the list, a reply time."""
    errors = {}
    if not title:
        errors["title"] = "Enter a title, for example 'Getting a GP appointment, autumn 2026'"
    if not message:
        errors["message"] = "Enter what you are asking the organisations to do"
    if not orgs:
        errors["recipients"] = "Choose at least one organisation to send it to"
    elif set(orgs) - {o.pk for o in recipient_choices(host)}:
        errors["recipients"] = "Choose organisations from the list"
    if not 1 <= reply_days <= MAX_REPLY_DAYS:
        errors["reply_days"] = f"Reply time must be between 1 and {MAX_REPLY_DAYS} working days"
    return errors


def lock_recipients(orgs: Iterable[int]) -> None:
    """Two sendings to one organisation at once would each find it has nothing yet and both send: the second waits
    here (in a transaction) until the first commits, then sees what the first sent."""
    list(Organisation.objects.select_for_update().filter(pk__in=list(orgs)).order_by("pk").values_list("pk"))


def already_sent(ids: Iterable[int], orgs: Iterable[int]) -> dict[int, set[int]]:
    """For each organisation, which of these items an earlier routing already sent it."""
    found: dict[int, set[int]] = {}
    rows = (RoutingRecipient.objects.filter(organisation_id__in=list(orgs), routing__routed_items__item_id__in=list(ids))
            .values_list("organisation_id", "routing__routed_items__item_id"))
    for org_id, item_id in rows:
        found.setdefault(org_id, set()).add(item_id)
    return found


def deliver(*, actor: User, routing: Routing, ids: list[int], orgs: dict[int, Organisation],
            left_out: dict[int, set[int]]) -> None:
    """Record the items once, then each recipient's copy (less what it already had), its timeline row and e-mail."""
    host, reply_days = routing.host, routing.reply_days
    RoutedItem.objects.bulk_create([RoutedItem(routing=routing, item_id=pk) for pk in ids])
    due_on = add_working_days(routing.sent_on, reply_days)
    for org in sorted(orgs.values(), key=lambda o: o.name):
        recipient = RoutingRecipient.objects.create(routing=routing, organisation=org, due_on=due_on)
        skipped = left_out.get(org.pk, set())
        if skipped:
            recipient.left_out.set(sorted(skipped))
        count = len(ids) - len(skipped)
        items = f"{count} item{'s' if count != 1 else ''}"
        note = f"Sent {items}; reply due {govuk_date(due_on)}"
        if skipped:
            note += f". {len(skipped)} left out: already sent to {org.name}"
        record(recipient, actor=actor, kind=RecipientEvent.Kind.SENT, visibility=Visibility.GROUP, note=note)
        email_on_commit(
            f"{host.name} has sent you feedback to answer by {govuk_date(due_on)}",
            f"{host.name} has sent {org.name} {count} piece{'s' if count != 1 else ''} of feedback from "
            f"the communities it works with: “{routing.title}”.\n\nPlease reply by {govuk_date(due_on)} "
            f"({reply_days} working days). Read it and answer here (sign in first):\n"
            f"{absolute_url('engagement:inbox_detail', recipient.pk)}", organisation_emails(org.pk))


def recipient_answer(*, actor: User, recipient: RoutingRecipient, answer: str) -> RoutingRecipient:
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Enter your answer: what you will do, or why you cannot"})
    with transaction.atomic():
        locked = RoutingRecipient.objects.select_for_update(of=("self",)).select_related("routing", "organisation") \
            .get(pk=recipient.pk)
        require(may_answer(actor, locked))
        locked.answer, locked.answered_by, locked.answered_at = answer, actor, timezone.now()
        transition(locked, RoutingRecipient.Status.ANSWERED, actor=actor,
                   extra_fields=("answer", "answered_by", "answered_at"))
        email_on_commit(f"{locked.organisation.name} answered “{locked.routing.title}”",
                        f"{locked.organisation.name} has answered the feedback you sent them. Read the answer "
                        f"(sign in first):\n{absolute_url('engagement:routing_detail', locked.routing_id)}",
                        [locked.routing.created_by.email])
    return locked


def routing_reminders_send(*, today: date) -> int:
    """Daily: remind recipients whose reply is due within five working days, and once more when it is overdue.
    Each reminder is sent once: it is marked under a lock that a second run waits for, then skips."""
    sent = 0
    waiting = RoutingRecipient.objects.filter(status=RoutingRecipient.Status.AWAITING)
    for pk in list(waiting.values_list("pk", flat=True)):
        with transaction.atomic():
            r = (RoutingRecipient.objects.select_for_update(of=("self",)).select_related("routing__host")
                 .get(pk=pk))
            if r.is_answered:
                continue
            if r.due_on < today and r.reminded_after_on is None:
                r.reminded_after_on, field = today, "reminded_after_on"
                subject = f"Overdue: your reply to {r.routing.host.name} was due on {govuk_date(r.due_on)}"
            elif r.due_on >= today and r.reminded_before_on is None \
                    and working_days_between(today, r.due_on) <= REMIND_BEFORE_WORKING_DAYS:
                r.reminded_before_on, field = today, "reminded_before_on"
                subject = f"Reminder: please reply to {r.routing.host.name} by {govuk_date(r.due_on)}"
            else:
                continue
            r.save(update_fields=[field])
            record(r, actor=None, kind=RecipientEvent.Kind.REMINDED, note=subject, visibility=Visibility.GROUP)
            email_on_commit(subject, f"{r.routing.host.name} sent you “{r.routing.title}” on "
                            f"{govuk_date(r.routing.sent_on)}. Read it and answer here (sign in first):\n"
                            f"{absolute_url('engagement:inbox_detail', r.pk)}", organisation_emails(r.organisation_id))
            sent += 1
    return sent
