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

from engagement.access import feedback_for_staff, may_answer, may_route
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
    errors = {}
    if not title:
        errors["title"] = "Enter a title, for example 'Getting a GP appointment, autumn 2026'"
    if not message:
        errors["message"] = "Enter what you are asking the organisations to do"
    if not ids:
        errors["items"] = "Choose at least one piece of feedback to send"
    if not orgs:
        errors["recipients"] = "Choose at least one organisation to send it to"
    if not 1 <= reply_days <= MAX_REPLY_DAYS:
        errors["reply_days"] = f"Reply time must be between 1 and {MAX_REPLY_DAYS} working days"
    allowed_orgs = {o.pk for o in recipient_choices(host)}
    if set(orgs) - allowed_orgs:
        errors["recipients"] = "Choose organisations from the list"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        mine = feedback_for_staff(actor).filter(pk__in=ids)
        leaving = set(feedback_that_may_leave(mine).values_list("pk", flat=True))
        if leaving != set(ids):
            raise ValidationError({"items": f"{len(set(ids) - leaving)} of the chosen items cannot leave "
                                            f"{host.name}: they are internal only, a safeguarding concern, not "
                                            "approved for publication, or in a session not yet submitted."})
        already = (RoutingRecipient.objects.filter(organisation_id__in=orgs, routing__routed_items__item_id__in=ids)
                   .select_related("organisation").distinct())
        if already:
            names = ", ".join(sorted({r.organisation.name for r in already}))
            raise ValidationError({"items": f"Some of these items were already sent to {names}. Tell us once: "
                                            "leave those organisations out, or those items."})
        sent_on = timezone.localdate()
        routing = Routing.objects.create(host=host, title=title, message=message, reply_days=reply_days,
                                         sent_on=sent_on, created_by=actor)
        RoutedItem.objects.bulk_create([RoutedItem(routing=routing, item_id=pk) for pk in ids])
        due_on = add_working_days(sent_on, reply_days)
        for org in sorted(orgs.values(), key=lambda o: o.name):
            recipient = RoutingRecipient.objects.create(routing=routing, organisation=org, due_on=due_on)
            record(recipient, actor=actor, kind=RecipientEvent.Kind.SENT, visibility=Visibility.GROUP,
                   note=f"Sent {len(ids)} item{'s' if len(ids) != 1 else ''}; reply due {govuk_date(due_on)}")
            email_on_commit(
                f"{host.name} has sent you feedback to answer by {govuk_date(due_on)}",
                f"{host.name} has sent {org.name} {len(ids)} piece{'s' if len(ids) != 1 else ''} of feedback from "
                f"the communities it works with: “{title}”.\n\nPlease reply by {govuk_date(due_on)} "
                f"({reply_days} working days). Read it and answer here (sign in first):\n"
                f"{absolute_url('engagement:inbox_detail', recipient.pk)}", organisation_emails(org.pk))
    return routing


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
